import ArgumentParser
import Services

/// Where notification e-mail goes (issue 13; docs/operations.md "Notifications and e-mail"). Neither an
/// SMTP URL nor a mail folder: records are kept and nothing is sent.
struct MailOptions: ParsableArguments {
    @Option(help: "SMTP server, smtp://host:port (STARTTLS) or smtps://host:port (KSI_SMTP_URL).")
    var smtpURL: String? = Environment.string("KSI_SMTP_URL")

    @Option(help: "SMTP login user (KSI_SMTP_USER).")
    var smtpUser: String? = Environment.string("KSI_SMTP_USER")

    @Option(help: "File holding the SMTP password (KSI_SMTP_PASSWORD_FILE).")
    var smtpPasswordFile: String? = Environment.string("KSI_SMTP_PASSWORD_FILE")

    @Option(
        help: "TLS on smtp://: required (STARTTLS or fail), opportunistic, or none (KSI_SMTP_TLS; default required)."
    )
    var smtpTLS: String = Environment.string("KSI_SMTP_TLS") ?? CurlSMTPTransport.Security.required.rawValue

    @Option(help: "Sender address of notification e-mail (KSI_MAIL_FROM).")
    var mailFrom: String = Environment.string("KSI_MAIL_FROM") ?? MailConfig.defaultFrom

    @Option(help: "Write e-mail as .eml files into this folder instead of sending it (KSI_MAIL_DIRECTORY).")
    var mailDirectory: String? = Environment.string("KSI_MAIL_DIRECTORY")

    func validate() throws {
        guard CurlSMTPTransport.Security(rawValue: smtpTLS) != nil else {
            throw ValidationError("KSI_SMTP_TLS must be required, opportunistic or none")
        }
        if smtpPasswordFile != nil && smtpUser == nil {
            throw ValidationError("KSI_SMTP_PASSWORD_FILE needs KSI_SMTP_USER")
        }
    }

    func config(defaultDirectory: String? = nil) -> MailConfig {
        MailConfig(
            smtpURL: smtpURL,
            smtpUser: smtpUser,
            smtpPasswordFile: smtpPasswordFile,
            smtpSecurity: CurlSMTPTransport.Security(rawValue: smtpTLS) ?? .required,
            from: mailFrom,
            directory: mailDirectory ?? defaultDirectory
        )
    }
}
