import KSICore

/// Hands one e-mail to something that delivers it: an SMTP server (`CurlSMTPTransport`) or, for
/// `ksi dev`, a folder of `.eml` files (`DirectoryMailTransport`). Throws when the message was not accepted.
public protocol MailTransport: Sendable {
    func send(_ message: MailMessage) async throws
    /// For logs: where messages go, never a password.
    var destination: String { get }
}

/// A message the transport could not hand over.
public struct MailDeliveryError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
