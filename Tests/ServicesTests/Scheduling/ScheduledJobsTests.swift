import Foundation
import KSICore
import KSITestSupport
import Services
import Testing

/// Issue 13, "Nothing runs on a schedule": each scheduled job, driven by moving the injected clock and
/// triggering the scheduler, on a real SQLite file and on PostgreSQL. State and events are checked
/// against dates computed here from the rules (ALLOC-R15, NEED-R6, PART-R11/R12, REF-R10, PRIV-R10).
@Suite("Scheduled jobs: the living year")
struct ScheduledJobsTests {
    // MARK: AllocationService

    @Test(
        "a grant gets its report reminder 14 days before the deadline, turns reportDue on the day and late after it, each once",
        arguments: TestDatabase.Engine.allCases
    )
    func grantReportDeadlines(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame()
            let due = LocalDate(year: 2026, month: 1, day: 31)
            let grant = try await fixture.disbursedGrant(reportDueOn: due)
            let scheduler = Scheduler.testing(database, ServiceJobs.allocation(fixture.allocation), time: fixture.time)
            func events(_ type: String) async throws -> [AllocationEvent] {
                try await Outbox.events(type, as: AllocationEvent.self, context: "allocation", in: database).filter {
                    $0.grantId == grant.id
                }
            }

            _ = try await scheduler.tick(fixture.time, on: due.adding(days: -15))
            #expect(try await events("GrantReportReminder").isEmpty)
            _ = try await scheduler.tick(fixture.time, on: due.adding(days: -14))
            let reminders = try await events("GrantReportReminder")
            #expect(reminders.count == 1)
            #expect(reminders.first?.dueOn == due)
            #expect(reminders.first?.recipientOrgId == grant.recipientOrgId)
            #expect(reminders.first?.governorOfficeId == grant.governorOfficeId)
            _ = try await scheduler.tick(fixture.time, on: due.adding(days: -1))
            #expect(try await events("GrantReportReminder").count == 1)
            #expect(try await Outbox.stored(Grant.self, id: grant.id, in: database).status == .disbursed)

            // PART-R13: the deadline is reached.
            _ = try await scheduler.tick(fixture.time, on: due)
            #expect(try await Outbox.stored(Grant.self, id: grant.id, in: database).status == .reportDue)
            let dueEvents = try await events("GrantReportDue")
            #expect(dueEvents.count == 1)
            #expect(dueEvents.first?.dueOn == due)
            #expect(try await events("GrantReportLate").isEmpty)

            // ALLOC-R15: the day after, the report is late.
            _ = try await scheduler.tick(fixture.time, on: due.adding(days: 1))
            let late = try await events("GrantReportLate")
            #expect(late.count == 1)
            #expect(late.first?.dueOn == due)
            let stored = try await Outbox.stored(Grant.self, id: grant.id, in: database)
            #expect(stored.warnings.contains { $0.ruleId == "ALLOC-R15" && $0.field == "report_due_on" })

            _ = try await scheduler.tick(fixture.time, on: due.adding(days: 40))
            #expect(try await events("GrantReportLate").count == 1)
            #expect(try await events("GrantReportDue").count == 1)
            #expect(try await events("GrantReportReminder").count == 1)

            // The report arrives (PART-R13): the grant is reported and the late warning is gone.
            let reported = try await fixture.allocation.grants.applyPartnershipReportSubmitted(
                ApplyPartnershipReportSubmittedRequest.with {
                    $0.requestId = "report-\(grant.id)"
                    $0.grantId = grant.id
                    $0.partnershipReportId = "report-1"
                },
                as: fixture.system
            )
            #expect(reported.status == .reported)
            #expect(!reported.warnings.contains { $0.ruleId == "ALLOC-R15" && $0.field == "report_due_on" })
        }
    }

    // MARK: NeedsService

    @Test(
        "an open round announces once that it closes within 7 days; opening and closing emit their events",
        arguments: TestDatabase.Engine.allCases
    )
    func needsRoundDeadlines(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            let deadline = NeedsFixture.deadline
            let scheduler = Scheduler.testing(database, ServiceJobs.needs(fixture.needs), time: fixture.time)
            func events(_ type: String) async throws -> [NeedsEvent] {
                try await Outbox.events(type, as: NeedsEvent.self, context: "needs", in: database).filter {
                    $0.roundId == round.id
                }
            }
            let opened = try await events("NeedsRoundOpened")
            #expect(opened.count == 1)
            #expect(opened.first?.deadline == deadline)

            _ = try await scheduler.tick(fixture.time, on: deadline.adding(days: -8))
            #expect(try await events("NeedsRoundClosingSoon").isEmpty)
            _ = try await scheduler.tick(fixture.time, on: deadline.adding(days: -7))
            let soon = try await events("NeedsRoundClosingSoon")
            #expect(soon.count == 1)
            #expect(soon.first?.deadline == deadline)
            #expect(soon.first?.governorOfficeId == round.governorOfficeId)
            #expect(soon.first?.year == round.year)
            _ = try await scheduler.tick(fixture.time, on: deadline)
            #expect(try await events("NeedsRoundClosingSoon").count == 1)
            // NEED-R6: the system does not close the round (a caseworker may still record an extension).
            #expect(try await Outbox.stored(NeedsRound.self, id: round.id, in: database).status == .open)

            fixture.time.set(deadline.adding(days: 1))
            _ = try await fixture.closeRound(round)
            let closed = try await events("NeedsRoundClosed")
            #expect(closed.count == 1)
            #expect(closed.first?.deadline == deadline)
        }
    }

    // MARK: PartnershipService

    @Test(
        "an active partnership expires once its agreement has run out and its final report is accepted",
        arguments: TestDatabase.Engine.allCases
    )
    func partnershipExpiry(_ engine: TestDatabase.Engine) async throws {
        try await PartnershipTestBed.with(engine: engine) { bed in
            let validTo = LocalDate(year: 2026, month: 12, day: 31)
            let partnership = try await bed.active(PartnershipFixtures.content(validTo: validTo))
            let scheduler = Scheduler.testing(bed.database, ServiceJobs.partnerships(bed.partnerships), time: bed.time)

            // The agreement has run out, but the final report is not accepted: the partnership stays active.
            _ = try await scheduler.tick(bed.time, on: validTo)
            #expect(try await Outbox.stored(Partnership.self, id: partnership.id, in: bed.database).status == .active)
            var report = try await bed.partnerships.reports.createPartnershipReport(
                CreatePartnershipReportRequest.with {
                    $0.partnershipId = partnership.id
                    $0.year = validTo.year
                    $0.content = PartnershipFixtures.reportContent()
                },
                as: PartnershipTestBed.owner
            )
            report = try await bed.partnerships.reports.submitPartnershipReport(
                SubmitPartnershipReportRequest.with {
                    $0.partnershipReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: PartnershipTestBed.owner
            )
            _ = try await bed.partnerships.reports.acceptPartnershipReport(
                AcceptPartnershipReportRequest.with {
                    $0.partnershipReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: PartnershipTestBed.sf
            )

            _ = try await scheduler.tick(bed.time, on: validTo.adding(days: 1))
            let expired = try await Outbox.stored(Partnership.self, id: partnership.id, in: bed.database)
            #expect(expired.status == .expired)
            let events = try await bed.events(PartnershipEventType.partnershipExpired)
            #expect(events.map(\.partnershipId) == [partnership.id])
            _ = try await scheduler.tick(bed.time, on: validTo.adding(days: 2))
            #expect(try await bed.events(PartnershipEventType.partnershipExpired).count == 1)
        }
    }

    @Test(
        "the time-based warnings PART-R12 (vacant roles) and PART-R11 (no practice change after T2) appear without any write",
        arguments: TestDatabase.Engine.allCases
    )
    func timeBasedWarnings(_ engine: TestDatabase.Engine) async throws {
        try await PartnershipTestBed.with(engine: engine) { bed in
            let partnership = try await bed.active()
            let measure = try await bed.measure(in: partnership, at: .inProgress)
            let t2 = try #require(measure.checkpoints?.t2?.loggedOn)
            let created = OsloCalendar.localDate(atMillis: partnership.createdAt)
            let scheduler = Scheduler.testing(bed.database, ServiceJobs.partnerships(bed.partnerships), time: bed.time)
            func roleWarnings() async throws -> Set<String> {
                Set(
                    try await Outbox.stored(Partnership.self, id: partnership.id, in: bed.database).warnings
                        .filter { $0.ruleId == "PART-R12" && $0.message.contains("vacant") }.map(\.field)
                )
            }
            func practiceWarnings() async throws -> Int {
                try await Outbox.stored(Measure.self, id: measure.id, in: bed.database).warnings.filter {
                    $0.ruleId == "PART-R11"
                }.count
            }
            #expect(try await roleWarnings().isEmpty)
            #expect(try await practiceWarnings() == 0)

            // PART-R12: a role vacant for more than 30 days since the partnership was created; PART-R11: no
            // practice change within 30 days after T2. Each boundary day and the day after, in date order.
            let days = Set([
                created.adding(days: 30), created.adding(days: 31), t2.adding(days: 30), t2.adding(days: 31),
            ]).sorted()
            for day in days {
                _ = try await scheduler.tick(bed.time, on: day)
                let vacant: Set<String> =
                    created.days(until: day) > 30 ? ["roles.ownerContact", "roles.uhContact", "roles.coordinator"] : []
                #expect(try await roleWarnings() == vacant, "\(day)")
                #expect(try await practiceWarnings() == (t2.days(until: day) > 30 ? 1 : 0), "\(day)")
            }
        }
    }

    // MARK: ReferralService

    @Test(
        "REF-R10: a referral without a start-up meeting reaches 'deadline near' on day 10 and 'breached' after day 14, each once",
        arguments: TestDatabase.Engine.allCases
    )
    func startupDeadline(_ engine: TestDatabase.Engine) async throws {
        try await ReferralHarness.with(engine: engine) { harness in
            let referral = try await harness.referral(in: .assigned)
            let accepted = OsloCalendar.localDate(atMillis: try #require(referral.timestamps?.acceptedAt))
            let scheduler = Scheduler.testing(
                harness.database,
                ServiceJobs.referral(harness.referrals),
                time: harness.time
            )
            func milestones(_ milestone: ReferralMilestone) async throws -> Int {
                try await Outbox.events(
                    ReferralContext.milestoneEventType,
                    as: ReferralMilestoneReached.self,
                    context: "referral",
                    in: harness.database
                )
                .filter { $0.referralId == referral.id && $0.milestone == milestone }.count
            }
            _ = try await scheduler.tick(harness.time, on: accepted.adding(days: 9))
            #expect(try await milestones(.startupDeadlineNear) == 0)
            _ = try await scheduler.tick(harness.time, on: accepted.adding(days: 10))
            #expect(try await milestones(.startupDeadlineNear) == 1)
            #expect(
                try await Outbox.stored(Referral.self, id: referral.id, in: harness.database).warnings.contains {
                    $0.ruleId == "REF-R10"
                }
            )
            _ = try await scheduler.tick(harness.time, on: accepted.adding(days: 14))
            #expect(try await milestones(.startupDeadlineNear) == 1)
            #expect(try await milestones(.startupDeadlineBreached) == 0)
            #expect(try await !Outbox.stored(Referral.self, id: referral.id, in: harness.database).startupSlaBreached)
            _ = try await scheduler.tick(harness.time, on: accepted.adding(days: 15))
            #expect(try await milestones(.startupDeadlineBreached) == 1)
            #expect(try await Outbox.stored(Referral.self, id: referral.id, in: harness.database).startupSlaBreached)
            _ = try await scheduler.tick(harness.time, on: accepted.adding(days: 20))
            #expect(try await milestones(.startupDeadlineNear) == 1)
            #expect(try await milestones(.startupDeadlineBreached) == 1)
        }
    }

    @Test(
        "PRIV-R10: a closed referral's child data is purged by the scheduler after the retention years, not before",
        arguments: TestDatabase.Engine.allCases
    )
    func retentionPurge(_ engine: TestDatabase.Engine) async throws {
        try await ReferralHarness.with(engine: engine) { harness in
            let referral = try await harness.referral(in: .closed)
            let closed = OsloCalendar.localDate(atMillis: try #require(referral.timestamps?.closedAt))
            let retentionYears: Int32 = 5  // Q14
            let scheduler = Scheduler.testing(
                harness.database,
                ServiceJobs.referral(harness.referrals),
                time: harness.time
            )
            _ = try await scheduler.tick(harness.time, on: closed.adding(years: retentionYears))
            func read() async throws -> Referral {
                try await harness.referrals.records.getReferral(
                    GetReferralRequest.with { $0.id = referral.id },
                    as: ReferralHarness.intake
                )
            }
            let kept = try await read()
            #expect(kept.child?.name.isEmpty == false)
            #expect(!kept.guardians.isEmpty)
            _ = try await scheduler.tick(harness.time, on: closed.adding(years: retentionYears).adding(days: 1))
            let purged = try await read()
            #expect(purged.child?.name == "")
            #expect(purged.child?.childRef == referral.child?.childRef)
            #expect(purged.guardians.isEmpty)
            #expect(purged.status == .closed)
        }
    }
}
