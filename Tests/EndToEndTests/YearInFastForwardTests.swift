import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// Issue 13, item 5: the year runs by itself. The demo year is driven over gRPC through the four services
/// (round → reports → recommendation → decisions → tilsagn → disbursements → one partnership report); then
/// the shared clock is moved through the report deadline of 31 January and each service's scheduler is
/// triggered, as its own loop would be. What the test expects is computed from the grants stored in
/// AllocationService's database (status, recipient, deadline), not from the scheduler or the notifier: the
/// reminders, the reportDue transitions and the late notices must reach the recipients' registered
/// addresses on a real SMTP server (aiosmtpd), and the recipients' own event feeds.
@Suite("A year in fast-forward (issue 13)", .serialized)
struct YearInFastForwardTests {
    static let due = LocalDate(year: 2026, month: 1, day: 31)

    /// The grants as stored, read past the service's API.
    static func grants(_ stack: TestStack) async throws -> [Grant] {
        try await stack.databases[.allocation]!.read { sql in
            try await StoreTransaction(sql: sql, context: "allocation").list(Grant.self).items
        }
    }

    /// Waits until the SMTP server holds at least `count` messages whose subject starts with `prefix`.
    static func mails(_ sink: SMTPSink, prefix: String, count: Int) async throws -> [ReceivedMail] {
        var found: [ReceivedMail] = []
        let end = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < end {
            found = try sink.messages().filter { $0.subject.hasPrefix(prefix) }
            if found.count >= count { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        return found
    }

    /// "post@<record id>.example" for each grant, as the test region's registry gives every recipient.
    static func addresses(_ grants: [Grant]) -> [String] {
        grants.map { "post@\($0.recipientOrgId).example" }.sorted()
    }

    @Test("report deadline of 31 January: reminder, reportDue and the late notice reach each recipient by e-mail and on its feed, once")
    func reportDeadlineRunsByItself() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let mail = MailConfig(smtpURL: sink.url, smtpSecurity: .none, from: "ikke-svar@ksi.example", pollInterval: .milliseconds(100))
        try await TestStack.with(mail: mail) { stack in
            _ = try await stack.loadDemoYear()
            let allocation = try #require(stack.schedulers[.allocation])
            let before = try await Self.grants(stack)
            // Grants whose report is still outstanding (accepted or disbursed, due 31 January 2026).
            let outstanding = before.filter { [.accepted, .disbursed].contains($0.status) && $0.reportDueOn == Self.due }
            let disbursed = outstanding.filter { $0.status == .disbursed }
            #expect(!disbursed.isEmpty, "the demo year leaves disbursed grants without a report")

            // Twelve days before the deadline: one reminder per outstanding grant.
            stack.time.set(LocalDate(year: 2026, month: 1, day: 19))
            _ = try await allocation.runDueJobs()
            let reminders = try await Self.mails(sink, prefix: "Påminnelse: rapport for tilskudd 2025", count: outstanding.count)
            #expect(reminders.map { $0.envelopeRecipients.joined(separator: ",") }.sorted() == Self.addresses(outstanding))
            #expect(reminders.allSatisfy { $0.body.contains("31.01.2026") }, "the reminder names the deadline")

            // A second check the same day sends nothing new.
            stack.time.set(LocalDate(year: 2026, month: 1, day: 20))
            _ = try await allocation.runDueJobs()

            // On the deadline the disbursed grants become reportDue.
            stack.time.set(Self.due)
            _ = try await allocation.runDueJobs()
            let onDeadline = try await Self.grants(stack)
            let dueIds = Set(disbursed.map(\.id))
            #expect(onDeadline.filter { dueIds.contains($0.id) }.allSatisfy { $0.status == .reportDue })
            let dueMails = try await Self.mails(sink, prefix: "Rapport for tilskudd 2025 skal leveres nå", count: disbursed.count)
            #expect(dueMails.map { $0.envelopeRecipients.joined(separator: ",") }.sorted() == Self.addresses(disbursed))

            // The day after, each report still missing is late (ALLOC-R15 warning on the grant).
            stack.time.set(LocalDate(year: 2026, month: 2, day: 1))
            _ = try await allocation.runDueJobs()
            let late = try await Self.grants(stack).filter { dueIds.contains($0.id) }
            #expect(late.allSatisfy { $0.warnings.contains { $0.ruleId == "ALLOC-R15" } })
            let lateMails = try await Self.mails(sink, prefix: "Rapport for tilskudd 2025 er ikke levert", count: disbursed.count)
            #expect(lateMails.map { $0.envelopeRecipients.joined(separator: ",") }.sorted() == Self.addresses(disbursed))

            // Once each: the reminders were not sent again on the second check.
            try await Task.sleep(for: .milliseconds(500))
            let allReminders = try sink.messages().filter { $0.subject.hasPrefix("Påminnelse: rapport for tilskudd 2025") }
            #expect(allReminders.count == outstanding.count)

            // Kristiansand's system reads the same steps about its own grants on its allocation feed.
            let kristiansand = disbursed.filter { $0.recipientOrgId == "owner-4204" }.map(\.id)
            #expect(!kristiansand.isEmpty)
            let feed = try await stack.client(.allocation, as: "kommune-kristiansand") { client in
                try await AllocationServiceClient(wrapping: client).listAllocationFeed(.with { $0.pageSize = 1000 }).events
            }
            for type in ["GrantReportReminder", "GrantReportDue", "GrantReportLate"] {
                let grantIds = feed.filter { $0.type == type }.map(\.grantId).sorted()
                #expect(grantIds == kristiansand.sorted(), "\(type) on Kristiansand's feed")
            }
            #expect(feed.allSatisfy { $0.recipientOrgId == "owner-4204" || $0.recipientOrgId.isEmpty || $0.uhRecipientOrgId == "owner-4204" })
        }
    }
}
