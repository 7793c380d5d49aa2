import Foundation
import KSICore

/// Where notification e-mail goes (`KSI_SMTP_URL`, `KSI_SMTP_USER`, `KSI_SMTP_PASSWORD_FILE`,
/// `KSI_SMTP_TLS`, `KSI_MAIL_FROM`, `KSI_MAIL_DIRECTORY`; docs/operations.md). An SMTP URL wins over a
/// mail folder; neither: records are kept and nothing is sent.
public struct MailConfig: Sendable {
    public var smtpURL: String?
    public var smtpUser: String?
    public var smtpPasswordFile: String?
    public var smtpSecurity: CurlSMTPTransport.Security
    public var from: String
    public var directory: String?
    public var retry: NotificationDelivery.RetryPolicy
    public var pollInterval: Duration

    public static let defaultFrom = "ikke-svar@ksi.invalid"

    public init(
        smtpURL: String? = nil,
        smtpUser: String? = nil,
        smtpPasswordFile: String? = nil,
        smtpSecurity: CurlSMTPTransport.Security = .required,
        from: String = defaultFrom,
        directory: String? = nil,
        retry: NotificationDelivery.RetryPolicy = .init(),
        pollInterval: Duration = .seconds(2)
    ) {
        self.smtpURL = smtpURL
        self.smtpUser = smtpUser
        self.smtpPasswordFile = smtpPasswordFile
        self.smtpSecurity = smtpSecurity
        self.from = from
        self.directory = directory
        self.retry = retry
        self.pollInterval = pollInterval
    }

    /// The transport this names, or nil when none is configured. Throws on a setting that cannot work.
    public func transport() throws -> (any MailTransport)? {
        guard MailAddress.isValid(from) else {
            throw DomainError.invalidArgument(field: "KSI_MAIL_FROM", "must be one plain e-mail address (name@domain)")
        }
        if let smtpURL {
            let scheme = smtpURL.split(separator: ":").first.map { $0.lowercased() }
            guard scheme == "smtp" || scheme == "smtps" else {
                throw DomainError.invalidArgument(field: "KSI_SMTP_URL", "must start with smtp:// or smtps://")
            }
            var password: String?
            if let smtpPasswordFile {
                guard let text = try? String(contentsOfFile: smtpPasswordFile, encoding: .utf8) else {
                    throw DomainError.invalidArgument(
                        field: "KSI_SMTP_PASSWORD_FILE",
                        "cannot read \(smtpPasswordFile)"
                    )
                }
                password = text.trimmingCharacters(in: .newlines)
            }
            return CurlSMTPTransport(url: smtpURL, username: smtpUser, password: password, security: smtpSecurity)
        }
        if let directory { return DirectoryMailTransport(directory: URL(fileURLWithPath: directory)) }
        return nil
    }
}
