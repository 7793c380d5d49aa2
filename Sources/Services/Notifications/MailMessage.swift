import Foundation
import KSICore

/// One e-mail as RFC 5322 text: UTF-8 subject as RFC 2047 encoded-words, UTF-8 body as quoted-printable
/// (RFC 2045), CRLF line ends. The Message-ID derives from the notification id, so a message sent twice
/// (a crash between send and mark) carries the same id and a receiver can drop the copy.
public struct MailMessage: Sendable, Hashable {
    public var from: String
    public var to: String
    public var subject: String
    public var body: String
    public var messageId: String
    /// When the message was made, Unix epoch milliseconds (the Date header).
    public var date: Int64

    public init(from: String, to: String, subject: String, body: String, messageId: String, date: Int64) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.messageId = messageId
        self.date = date
    }

    /// The message for a notification record, from `sender`.
    public init(notification: NotificationRecord, from sender: String, at millis: Int64) {
        self.init(
            from: sender,
            to: notification.email,
            subject: notification.subject,
            body: notification.body,
            messageId: Self.messageId(notificationId: notification.id, sender: sender),
            date: millis
        )
    }

    /// `<notification.ID@domain-of-sender>`: stable per notification.
    public static func messageId(notificationId: String, sender: String) -> String {
        let domain = sender.split(separator: "@").last.map(String.init) ?? "ksi.invalid"
        let local = notificationId.map {
            $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") ? $0 : "_"
        }
        return "<notification.\(String(local))@\(domain)>"
    }

    /// The whole message, headers and body, as sent.
    public func rendered() -> String {
        let headers = [
            "Date: \(Self.rfc5322Date(date))",
            "From: KSI <\(from)>",
            "To: <\(to)>",
            "Subject: \(Self.encodedWords(subject))",
            "Message-ID: \(messageId)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            // RFC 3834: an automatic message; auto-responders should not answer it.
            "Auto-Submitted: auto-generated",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + Self.quotedPrintable(body)
    }

    /// RFC 5322 date-time in UTC: "Sat, 05 Dec 2026 02:22:22 +0000".
    static func rfc5322Date(_ millis: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// A header value: as is when it is printable ASCII, else RFC 2047 B-encoded words of at most 42
    /// bytes of whole characters each (68 characters per word, so "Subject: " and a word fit in 78), folded onto continuation lines.
    static func encodedWords(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if flat.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && flat.utf8.count <= 900 {
            return flat
        }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in flat {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 42 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// RFC 2045 quoted-printable of UTF-8 text; line breaks become CRLF, lines are at most 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return normalised.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let bytes = Array(line.utf8)
            var tokens: [String] = []
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                let literal =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 0x20 || byte == 0x09) && !last)
                tokens.append(literal ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte))
            }
            var lines: [String] = []
            var current = ""
            for token in tokens {
                if current.count + token.count > 75 {
                    lines.append(current + "=")
                    current = ""
                }
                current += token
            }
            lines.append(current)
            return lines.joined(separator: "\r\n")
        }.joined(separator: "\r\n") + "\r\n"
    }
}
