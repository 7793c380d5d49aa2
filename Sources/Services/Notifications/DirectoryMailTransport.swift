import Foundation

/// Writes each message as an `.eml` file into a folder (`ksi dev`'s mail folder, KSI_MAIL_DIRECTORY),
/// named after its Message-ID so a resend replaces the file instead of adding a copy. Written to a
/// temporary name and renamed, so a reader never sees half a message.
public struct DirectoryMailTransport: MailTransport {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public var destination: String { directory.path }

    public func send(_ message: MailMessage) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = message.messageId.trimmingCharacters(in: CharacterSet(charactersIn: "<>")).map {
            $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_"
        }
        let target = directory.appendingPathComponent(String(name) + ".eml")
        let temporary = directory.appendingPathComponent("." + String(name) + ".tmp")
        try Data(message.rendered().utf8).write(to: temporary)
        if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
        try FileManager.default.moveItem(at: temporary, to: target)
    }
}
