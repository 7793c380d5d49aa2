import Foundation
import KSICore
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// Issue 13: the running services e-mail their notices. The demo year is driven over gRPC through the
/// four services; each tilsagn (GrantCommitted in AllocationService's outbox) reaches a real SMTP server
/// (aiosmtpd) addressed to the recipient's registered address, with the amount in the subject.
@Suite struct NotificationMailOverStackTests {
    /// "1 250 000 kr": kroner grouped by thousands, øre after a comma when present (the test's own formatting).
    static func kroner(_ ore: Int64) -> String {
        let digits = Array(String(ore / 100))
        var groups: [String] = []
        var end = digits.count
        while end > 0 {
            groups.insert(String(digits[max(0, end - 3)..<end]), at: 0)
            end -= 3
        }
        let cents = ore % 100
        return groups.joined(separator: " ") + (cents == 0 ? "" : String(format: ",%02d", cents)) + " kr"
    }

    @Test("Every tilsagn of the demo year is e-mailed by the running AllocationService to the recipient's address")
    func demoYearTilsagnReachSMTP() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let mail = MailConfig(
            smtpURL: sink.url,
            smtpSecurity: .none,
            from: "ikke-svar@ksi.example",
            pollInterval: .milliseconds(100)
        )
        try await TestStack.with(mail: mail) { stack in
            _ = try await stack.loadDemoYear()
            let committed = try await stack.databases[.allocation]!.read { sql in
                try await StoreTransaction(sql: sql, context: "allocation").events(after: 0, limit: 1000)
            }.filter { $0.type == "GrantCommitted" }.map { try AllocationEvent(wireBytes: $0.payload) }
            #expect(!committed.isEmpty)
            let expected = committed.map {
                ("post@\($0.recipientOrgId).example", "Tilsagn om tilskudd \($0.year): \(Self.kroner($0.amountOre))")
            }

            var tilsagn: [ReceivedMail] = []
            let end = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < end {
                tilsagn = try sink.messages().filter { $0.subject.hasPrefix("Tilsagn om tilskudd") }
                if tilsagn.count >= expected.count { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            let received = tilsagn.map { ($0.envelopeRecipients.joined(separator: ","), $0.subject) }
            #expect(received.map { "\($0.0) \($0.1)" }.sorted() == expected.map { "\($0.0) \($0.1)" }.sorted())
        }
    }
}
