import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSIDemoData
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

    @Test(
        "report deadline of 31 January: reminder, reportDue and the late notice reach each recipient by e-mail and on its feed, once"
    )
    func reportDeadlineRunsByItself() async throws {
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
            let allocation = try #require(stack.schedulers[.allocation])
            let before = try await Self.grants(stack)
            // Grants whose report is still outstanding (accepted or disbursed, due 31 January 2026).
            let outstanding = before.filter {
                [.accepted, .disbursed].contains($0.status) && $0.reportDueOn == Self.due
            }
            let disbursed = outstanding.filter { $0.status == .disbursed }
            #expect(!disbursed.isEmpty, "the demo year leaves disbursed grants without a report")

            // Twelve days before the deadline: one reminder per outstanding grant.
            stack.time.set(LocalDate(year: 2026, month: 1, day: 19))
            _ = try await allocation.runDueJobs()
            let reminders = try await Self.mails(
                sink,
                prefix: "Påminnelse: rapport for tilskudd 2025",
                count: outstanding.count
            )
            #expect(
                reminders.map { $0.envelopeRecipients.joined(separator: ",") }.sorted() == Self.addresses(outstanding)
            )
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
            let dueMails = try await Self.mails(
                sink,
                prefix: "Rapport for tilskudd 2025 skal leveres nå",
                count: disbursed.count
            )
            #expect(dueMails.map { $0.envelopeRecipients.joined(separator: ",") }.sorted() == Self.addresses(disbursed))

            // The day after, each report still missing is late (ALLOC-R15 warning on the grant).
            stack.time.set(LocalDate(year: 2026, month: 2, day: 1))
            _ = try await allocation.runDueJobs()
            let late = try await Self.grants(stack).filter { dueIds.contains($0.id) }
            #expect(late.allSatisfy { $0.warnings.contains { $0.ruleId == "ALLOC-R15" } })
            let lateMails = try await Self.mails(
                sink,
                prefix: "Rapport for tilskudd 2025 er ikke levert",
                count: disbursed.count
            )
            #expect(
                lateMails.map { $0.envelopeRecipients.joined(separator: ",") }.sorted() == Self.addresses(disbursed)
            )

            // Once each: the reminders were not sent again on the second check.
            try await Task.sleep(for: .milliseconds(500))
            let allReminders = try sink.messages().filter {
                $0.subject.hasPrefix("Påminnelse: rapport for tilskudd 2025")
            }
            #expect(allReminders.count == outstanding.count)

            // Kristiansand's system reads the same steps about its own grants on its allocation feed.
            let kristiansand = disbursed.filter { $0.recipientOrgId == "owner-4204" }.map(\.id)
            #expect(!kristiansand.isEmpty)
            let feed = try await stack.client(.allocation, as: "kommune-kristiansand") { client in
                try await AllocationServiceClient(wrapping: client).listAllocationFeed(.with { $0.pageSize = 1000 })
                    .events
            }
            for type in ["GrantReportReminder", "GrantReportDue", "GrantReportLate"] {
                let grantIds = feed.filter { $0.type == type }.map(\.grantId).sorted()
                #expect(grantIds == kristiansand.sorted(), "\(type) on Kristiansand's feed")
            }
            #expect(
                feed.allSatisfy {
                    $0.recipientOrgId == "owner-4204" || $0.recipientOrgId.isEmpty
                        || $0.uhRecipientOrgId == "owner-4204"
                }
            )
        }
    }

    @Test(
        "a needs round: its opening and, seven days before the deadline (not eight), one closing reminder reach the embete's owners by e-mail and on their feeds"
    )
    func roundClosingReminder() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let mail = MailConfig(
            smtpURL: sink.url,
            smtpSecurity: .none,
            from: "ikke-svar@ksi.example",
            pollInterval: .milliseconds(100)
        )
        let deadline = LocalDate(year: 2025, month: 2, day: 14)
        try await TestStack.with(today: LocalDate(year: 2025, month: 1, day: 6), mail: mail) { stack in
            let round = try await stack.client(.needs, as: "statsforvalter-agder", person: DemoPersons.dashboardDefault)
            { client in
                let needs = NeedsServiceClient(wrapping: client)
                let planned = try await needs.createNeedsRound(
                    .with {
                        $0.requestId = "ff-round"
                        $0.governorOfficeId = "agder"
                        $0.scheme = .ksi
                        $0.year = 2025
                        $0.opensOn = LocalDate(year: 2025, month: 1, day: 10)
                        $0.submissionDeadline = deadline
                    }
                )
                return try await needs.openNeedsRound(
                    .with {
                        $0.requestId = "ff-open"
                        $0.needsRoundId = planned.id
                        $0.expectedVersion = planned.version
                    }
                )
            }
            // Who must hear, from the registry: every owner in the Agder embete that owns a kindergarten or a
            // school (the KSI scheme covers both), at its registered address.
            let agderOwners = Set(stack.reference.set.owners.filter { $0.governorOfficeId == "agder" }.map(\.id))
            let schoolOwners = Set(stack.reference.set.units.filter { $0.unitType != .pptOffice }.map(\.ownerId))
            let owners = agderOwners.intersection(schoolOwners).map { "post@\($0).example" }.sorted()
            #expect(owners.contains("post@owner-4204.example") && owners.contains("post@owner-private-4203.example"))
            let opened = try await Self.mails(
                sink,
                prefix: "Behovsmeldingsrunden for 2025 er åpnet",
                count: owners.count
            )
            let openedTo = opened.flatMap(\.envelopeRecipients)
            #expect(openedTo.sorted() == owners, "one message per owner, the statsforvalter not among them")

            let needs = try #require(stack.schedulers[.needs])
            // Eight days before the deadline: nothing yet.
            stack.time.set(LocalDate(year: 2025, month: 2, day: 6))
            _ = try await needs.runDueJobs()
            // Seven days before: one reminder to every owner told of the opening; a later check adds none.
            stack.time.set(LocalDate(year: 2025, month: 2, day: 7))
            _ = try await needs.runDueJobs()
            stack.time.set(LocalDate(year: 2025, month: 2, day: 8))
            _ = try await needs.runDueJobs()
            let closing = try await Self.mails(
                sink,
                prefix: "Påminnelse: fristen for behovsmelding 2025 nærmer seg",
                count: opened.count
            )
            try await Task.sleep(for: .milliseconds(500))
            let allClosing = try sink.messages().filter {
                $0.subject.hasPrefix("Påminnelse: fristen for behovsmelding 2025 nærmer seg")
            }
            #expect(allClosing.count == closing.count)
            #expect(closing.flatMap(\.envelopeRecipients).sorted() == openedTo.sorted())
            #expect(closing.allSatisfy { $0.body.contains("14.02.2025") }, "the reminder names the deadline")

            // Kristiansand's system sees the opening and the reminder of this round on its needs feed, with the deadline.
            let feed = try await stack.client(.needs, as: "kommune-kristiansand") { client in
                try await NeedsServiceClient(wrapping: client).listNeedsFeed(.with { $0.pageSize = 100 }).events
            }
            #expect(feed.map(\.type) == ["NeedsRoundOpened", "NeedsRoundClosingSoon"])
            #expect(feed.allSatisfy { $0.roundId == round.id })
            #expect(feed.last?.deadline == deadline)
        }
    }

    @Test(
        "a referral accepted and never started: day 10 and day 15 each tell Statped and the referring PPT once, by e-mail and on the PPT's feed"
    )
    func referralStartupDeadline() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let mail = MailConfig(
            smtpURL: sink.url,
            smtpSecurity: .none,
            from: "ikke-svar@ksi.example",
            pollInterval: .milliseconds(100)
        )
        let accepted = LocalDate(year: 2026, month: 2, day: 2)
        try await TestStack.with(today: accepted, mail: mail) { stack in
            let office = DemoRegion.pptOfficeId("4204")
            let referral = try await stack.client(.referral, as: "ppt-kristiansand") { pptClient in
                try await stack.client(.referral, as: "statped") { statpedClient in
                    typealias Remote = ReferralServiceRemote<HTTP2ClientTransport.Posix>
                    let ppt = Remote(
                        ReferralServiceClient(wrapping: pptClient),
                        metadata: stack.person("demo-ppt-radgiver-\(office)")
                    )
                    let pptLeader = Remote(
                        ReferralServiceClient(wrapping: pptClient),
                        metadata: stack.person("demo-ppt-leder-\(office)")
                    )
                    let intake = Remote(
                        ReferralServiceClient(wrapping: statpedClient),
                        metadata: stack.person("demo-statped-inntak")
                    )
                    var content = ReferralFixtures.content()
                    content.guardians[0].id = "guardian-1"
                    var child = ReferralFixtures.child(municipality: "4204", unit: "unit-4204-school-1")
                    child.name = "Testbarn Fremspoling"
                    var referral = try await ppt.createReferral(
                        .with {
                            $0.requestId = "ff-referral"
                            $0.kind = .individual
                            $0.referringPptOfficeId = office
                            $0.child = child
                            $0.content = content
                        }
                    )
                    referral = try await pptLeader.submitReferral(
                        .with {
                            $0.requestId = "ff-submit"
                            $0.referralId = referral.id
                            $0.expectedVersion = referral.version
                            $0.guardianAgreementConfirmed = true
                        }
                    )
                    referral = try await intake.startTriage(
                        .with {
                            $0.requestId = "ff-triage"
                            $0.referralId = referral.id
                            $0.expectedVersion = referral.version
                        }
                    )
                    return try await intake.acceptReferral(
                        .with {
                            $0.requestId = "ff-accept"
                            $0.referralId = referral.id
                            $0.expectedVersion = referral.version
                        }
                    )
                }
            }
            #expect(referral.status == .accepted)
            // Who must hear: the referring PPT office and Statped (the registry's Statped organisation).
            let statped = try #require(stack.reference.set.organisations.first { $0.kind == .statped })
            let expected = ["post@\(office).example", "post@\(statped.recordId).example"].sorted()

            let scheduler = try #require(stack.schedulers[.referral])
            stack.time.set(LocalDate(year: 2026, month: 2, day: 11))  // day 9: nothing
            _ = try await scheduler.runDueJobs()
            stack.time.set(LocalDate(year: 2026, month: 2, day: 12))  // day 10: near
            _ = try await scheduler.runDueJobs()
            let near = try await Self.mails(
                sink,
                prefix: "Sak \(referral.id): fristen for oppstartsmøtet nærmer seg",
                count: 2
            )
            #expect(near.flatMap(\.envelopeRecipients).sorted() == expected)
            stack.time.set(LocalDate(year: 2026, month: 2, day: 16))  // day 14: still within the deadline
            _ = try await scheduler.runDueJobs()
            stack.time.set(LocalDate(year: 2026, month: 2, day: 17))  // day 15: breached
            _ = try await scheduler.runDueJobs()
            let breached = try await Self.mails(
                sink,
                prefix: "Sak \(referral.id): fristen for oppstartsmøtet er overskredet",
                count: 2
            )
            #expect(breached.flatMap(\.envelopeRecipients).sorted() == expected)
            try await Task.sleep(for: .milliseconds(500))
            #expect(
                try sink.messages().filter { $0.subject.hasPrefix("Sak \(referral.id)") }.count == 4,
                "each notice once"
            )
            // Pseudonymous: no child's name reaches a mail.
            #expect(
                try sink.messages().allSatisfy { !$0.body.contains("Testbarn") && !$0.subject.contains("Testbarn") }
            )

            let feed = try await stack.client(.referral, as: "ppt-kristiansand") { client in
                try await ReferralServiceClient(wrapping: client).listReferralFeed(.with { $0.pageSize = 100 }).events
            }
            let milestones = feed.filter { $0.referralId == referral.id }.map(\.milestone)
            #expect(milestones.suffix(2) == [.startupDeadlineNear, .startupDeadlineBreached], "\(milestones)")
        }
    }
}
