import KSICore
import KSITestSupport
import Services
import Testing

/// RFC 5322 / MIME rendering of notification e-mail: ASCII on the wire, UTF-8 subject as encoded-words
/// and body as quoted-printable, lines within the limits, decoding back to the Norwegian text.
@Suite struct MailMessageTests {
    static let subject =
        "Påminnelse: fristen for behovsmelding 2026 nærmer seg – Sørlandet, Ålesund og Tromsø kommuner må svare"
    static let body =
        "Linje én med æøå ÆØÅ.\n" + String(repeating: "Blåbærsyltetøy = godt. ", count: 12)
        + "\n\n.Punktum først\nSlutt med mellomrom "

    @Test("A Norwegian subject and body are 7-bit on the wire, within line limits, and decode to the text")
    func rendersAndDecodes() throws {
        let message = MailMessage(
            from: "ikke-svar@ksi.example",
            to: "post@kommune.example",
            subject: Self.subject,
            body: Self.body,
            messageId: MailMessage.messageId(notificationId: "needs-7-owner-x", sender: "ikke-svar@ksi.example"),
            date: 1_796_000_000_000
        )
        let wire = message.rendered()
        #expect(wire.utf8.allSatisfy { $0 < 0x80 })
        let lines = wire.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })  // RFC 5322 §2.1.1; QP lines ≤ 76 (RFC 2045 §6.7)
        #expect(!wire.replacingOccurrences(of: "\r\n", with: "").contains("\n"))  // CRLF only
        let received = ReceivedMail(raw: wire)
        #expect(received.subject == Self.subject)
        #expect(received.body == Self.body + "\n")
        #expect(received.header("Message-ID") == "<notification.needs-7-owner-x@ksi.example>")
        #expect(received.header("Date") == "Mon, 30 Nov 2026 00:53:20 +0000")
        #expect(received.header("Content-Transfer-Encoding") == "quoted-printable")
    }
}
