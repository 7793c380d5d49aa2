import KSITestSupport
import SQLKit
import Testing

@testable import KSICore

/// Command guarantees (idempotency, versions, atomicity), co-editors, decision bases, events and audit.
@Suite("Needs commands")
struct NeedsCommandTests {
    static let owner = TestRegion.caller(.kristiansandOwnerAdmin)

    static func count(_ table: String, _ database: KSIDatabase) async throws -> Int {
        try await database.read { sql in
            try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(table).first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    @Test("an idempotent retry returns the first result and writes nothing twice")
    func idempotentRetry() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let draft = try await fixture.draft(in: try await fixture.openRound())
            let request = SubmitNeedsReportRequest.with {
                $0.requestId = "submit-1"
                $0.needsReportId = draft.id
                $0.expectedVersion = draft.version
            }
            let first = try await fixture.needs.reports.submitNeedsReport(request, as: Self.owner)
            let audits = try await Self.count("audit_log", database)
            let events = try await Self.count("events", database)
            fixture.time.advance(days: 1)
            let retry = try await fixture.needs.reports.submitNeedsReport(request, as: Self.owner)
            #expect(retry == first)
            #expect(try await Self.count("audit_log", database) == audits)
            #expect(try await Self.count("events", database) == events)
        }
    }

    @Test("a stale expected version is a version conflict")
    func versionConflict() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let draft = try await fixture.draft(in: try await fixture.openRound())
            _ = try await fixture.needs.reports.updateNeedsReport(
                .with {
                    $0.requestId = "u1"
                    $0.needsReportId = draft.id
                    $0.expectedVersion = draft.version
                    $0.content = NeedsFixture.validContent(assessmentIds: draft.assessmentIds)
                },
                as: Self.owner
            )
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.reports.submitNeedsReport(
                    .with {
                        $0.requestId = "s1"
                        $0.needsReportId = draft.id
                        $0.expectedVersion = draft.version
                    },
                    as: Self.owner
                )
            }
            #expect(error?.code == .versionConflict)
        }
    }

    @Test("a failing multi-part command stores nothing: no report change, audit record or event")
    func failingCommandStoresNothing() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let draft = try await fixture.draft(in: try await fixture.openRound())
            let audits = try await Self.count("audit_log", database)
            let events = try await Self.count("events", database)  // the round's NeedsRoundOpened
            let needs = fixture.needs
            await #expect(throws: DomainError.self) {
                _ = try await needs.runner.run("SubmitNeedsReport", systemRequestId: "boom", caller: Self.owner) {
                    scope -> NeedsReport in
                    // report, audit and event written …
                    let saved = try await needs.reports.submit(draft, role: .ownerAdmin, scope: scope)
                    if saved.status == .submitted {
                        throw DomainError.invalidArgument(field: "test", "fails after the writes")
                    }  // … then rolled back
                    return saved
                }
            }
            #expect(try await needs.queries.getNeedsReport(.with { $0.id = draft.id }, as: Self.owner) == draft)
            #expect(try await Self.count("audit_log", database) == audits)
            #expect(try await Self.count("events", database) == events)
            // Nothing was remembered for the request id either: the same id now runs for real.
            let retried = try await needs.reports.submitNeedsReport(
                .with {
                    $0.requestId = "boom"
                    $0.needsReportId = draft.id
                    $0.expectedVersion = draft.version
                },
                as: Self.owner
            )
            #expect(retried.status == .submitted)
        }
    }

    @Test("a rejected submission lists every broken rule and stores nothing")
    func rejectedSubmission() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let draft = try await fixture.draft(in: try await fixture.openRound()) {
                $0.assessmentIds = []
                $0.uhPartnerIds = []
                $0.requestedAmountOre = 0
            }
            let error = await #expect(throws: DomainError.self) { _ = try await fixture.submit(draft) }
            #expect(Set(error?.violations.map(\.rule) ?? []) == ["NEED-R1", "NEED-R2", "NEED-R11"])
            #expect(try await fixture.needs.queries.getNeedsReport(.with { $0.id = draft.id }, as: Self.owner) == draft)
        }
    }

    @Test("NEED-R6 end to end: a late submission is rejected until sfCaseworker records an extension")
    func deadlineExtension() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let draft = try await fixture.draft(in: try await fixture.openRound())
            fixture.time.set(LocalDate(year: 2025, month: 3, day: 5))
            let late = await #expect(throws: DomainError.self) { _ = try await fixture.submit(draft) }
            #expect(late?.violations.map(\.rule) == ["NEED-R6"])
            let extend = RecordDeadlineExtensionRequest.with {
                $0.requestId = "ext"
                $0.needsReportId = draft.id
                $0.expectedVersion = draft.version
                $0.extendedDeadline = LocalDate(year: 2025, month: 3, day: 10)
                $0.reason = "Merger of two kommuner."
            }
            await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.reports.recordDeadlineExtension(extend, as: Self.owner)
            }
            let extended = try await fixture.needs.reports.recordDeadlineExtension(
                extend,
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(extended.deadlineExtension?.grantedByPersonId == "person-sfCaseworker")
            #expect(try await fixture.submit(extended).status == .submitted)
        }
    }

    @Test("NEED-R5 end to end: a joint application is submitted only after the co-applicant confirms")
    func jointApplication() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let draft = try await fixture.draft(in: try await fixture.openRound()) {
                $0.coApplicantOwnerIds = [TestRegion.arendalKommune]
            }
            let unconfirmed = await #expect(throws: DomainError.self) { _ = try await fixture.submit(draft) }
            #expect(unconfirmed?.violations.map(\.rule) == ["NEED-R5"])
            let confirm = ConfirmCoApplicationRequest.with {
                $0.requestId = "c1"
                $0.needsReportId = draft.id
                $0.expectedVersion = draft.version
                $0.ownerId = TestRegion.arendalKommune
            }
            await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.reports.confirmCoApplication(confirm, as: Self.owner)
            }
            let confirmed = try await fixture.needs.reports.confirmCoApplication(
                confirm,
                as: TestRegion.caller(.arendalOwnerAdmin)
            )
            #expect(confirmed.coApplicantConfirmations.map(\.ownerId) == [TestRegion.arendalKommune])
            #expect(try await fixture.submit(confirmed).status == .submitted)
        }
    }

    @Test("invited co-editors edit a draft but cannot change who takes part; others cannot edit")
    func coEditors() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            var report = try await fixture.draft(in: try await fixture.openRound()) {
                $0.coApplicantOwnerIds = [TestRegion.arendalKommune]
            }
            for actor in [TestRegion.Actor.uiaContact, .pptKristiansandLeader, .arendalOwnerAdmin] {
                var content = NeedsFixture.validContent(assessmentIds: report.assessmentIds)
                content.coApplicantOwnerIds = report.coApplicantOwnerIds
                content.title = "Edited by \(actor.rawValue)"
                report = try await fixture.needs.reports.updateNeedsReport(
                    .with {
                        $0.requestId = "e-\(actor.rawValue)"
                        $0.needsReportId = report.id
                        $0.expectedVersion = report.version
                        $0.content = content
                    },
                    as: TestRegion.caller(actor)
                )
                #expect(report.title == "Edited by \(actor.rawValue)")
            }
            var widened = NeedsFixture.validContent(assessmentIds: report.assessmentIds)
            widened.coApplicantOwnerIds = report.coApplicantOwnerIds
            widened.uhPartnerIds = [TestRegion.uia, TestRegion.nih]
            let denied = await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.reports.updateNeedsReport(
                    .with {
                        $0.requestId = "w"
                        $0.needsReportId = report.id
                        $0.expectedVersion = report.version
                        $0.content = widened
                    },
                    as: TestRegion.caller(.uiaContact)
                )
            }
            #expect(denied?.code == .notPermitted)
            for outsider in [TestRegion.Actor.nihContact, .pptArendalLeader, .kristiansandUnitLeader, .sfCaseworker] {
                await #expect(throws: DomainError.self) {
                    _ = try await fixture.needs.reports.updateNeedsReport(
                        .with {
                            $0.requestId = "o-\(outsider.rawValue)"
                            $0.needsReportId = report.id
                            $0.expectedVersion = report.version
                            $0.content = widened
                        },
                        as: TestRegion.caller(outsider)
                    )
                }
            }
        }
    }

    @Test("editing stores the WARN findings on the report")
    func warningsStored() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let draft = try await fixture.draft(in: try await fixture.openRound()) {
                $0.themes = [.inclusivePractice]
                $0.targetGroups = [.teachers]
                $0.ownerPlanReference = ""
            }
            #expect(Set(draft.warnings.map(\.ruleId)) == ["NEED-R7", "NEED-R9", "NEED-R14"])
        }
    }

    @Test("ranks are unique within a decision basis, and the basis lists reports by rank")
    func uniqueRank() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            let second = try await fixture.report(in: .prioritised, round: round, rank: 2)
            let first = try await fixture.report(in: .prioritised, round: round, rank: 1)
            let clash = try await fixture.report(in: .underReview, round: round)
            let basis = try await fixture.networkBasis(for: round)
            #expect(basis.rankedNeedsReportIds == [first.id, second.id])
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.prioritise(clash, basis: basis, rank: 2)
            }
            #expect(error?.violations.first?.field == "rank")
            // The draft ranking may add reports under review but must keep prioritised ones in rank order.
            let update = UpdateDecisionBasisRequest.with {
                $0.requestId = "ub"
                $0.decisionBasisId = basis.id
                $0.expectedVersion = basis.version
                $0.rankedNeedsReportIds = [first.id, second.id, clash.id]
            }
            #expect(
                try await fixture.needs.reports.updateDecisionBasis(update, as: TestRegion.caller(.networkCoordinator))
                    .rankedNeedsReportIds.count == 3
            )
            for bad in [[second.id, first.id], [first.id, first.id, second.id], [first.id]] {
                await #expect(throws: DomainError.self) {
                    _ = try await fixture.needs.reports.updateDecisionBasis(
                        .with {
                            $0.requestId = "bad-\(bad.count)-\(bad.first!)"
                            $0.decisionBasisId = basis.id
                            $0.expectedVersion = basis.version
                            $0.rankedNeedsReportIds = bad
                        },
                        as: TestRegion.caller(.networkCoordinator)
                    )
                }
            }
            #expect(try await fixture.prioritise(clash, basis: basis, rank: 3).priorityRank == 3)
        }
    }

    @Test("NeedsReportPrioritised carries the rank; events come in sequence order with the last sequence")
    func events() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let prioritised = try await fixture.report(in: .prioritised, round: try await fixture.openRound(), rank: 1)
            let all = try await fixture.needs.queries.listNeedsEvents(ListNeedsEventsRequest(), as: NeedsFixture.system)
            #expect(all.events.map(\.type) == ["NeedsRoundOpened", "NeedsReportSubmitted", "NeedsReportPrioritised"])
            #expect(all.events.map(\.sequence) == all.events.map(\.sequence).sorted())
            #expect(all.lastSequence == all.events.last?.sequence)
            let event = try #require(all.events.last)
            #expect(event.needsReportId == prioritised.id && event.prioritised && event.priorityRank == 1)
            let after = try await fixture.needs.queries.listNeedsEvents(
                .with { $0.afterSequence = all.lastSequence },
                as: NeedsFixture.system
            )
            #expect(after.events.isEmpty)
            await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.queries.listNeedsEvents(ListNeedsEventsRequest(), as: Self.owner)
            }
        }
    }

    @Test(
        "PRIV-R12: a withdrawn draft's event reaches its own embete's staff, Udir and the system, not another embete's caseworker"
    )
    func eventsStayInTheirEmbete() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            let draft = try await fixture.report(in: .draft, round: round)
            _ = try await fixture.withdraw(draft)
            for reader in [TestRegion.caller(.sfCaseworker), TestRegion.caller(.udirAdmin), NeedsFixture.system] {
                let events = try await fixture.needs.queries.listNeedsEvents(ListNeedsEventsRequest(), as: reader)
                // The round's NeedsRoundOpened (issue 13), then the withdrawn draft's event.
                #expect(events.events.map(\.aggregateId) == [round.id, draft.id], "\(reader.grants)")
            }
            let other = try await fixture.needs.queries.listNeedsEvents(
                ListNeedsEventsRequest(),
                as: TestRegion.caller(.otherSfCaseworker)
            )
            #expect(other.events.isEmpty)
            #expect(other.lastSequence > 0)
        }
    }

    @Test("COM-R4 every transition is audited; the embete reads its reports' trail, others may not")
    func audit() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let report = try await fixture.report(in: .returned, round: try await fixture.openRound())
            let request = ListAuditRecordsRequest.with {
                $0.aggregateType = "NeedsReport"
                $0.aggregateId = report.id
            }
            let trail = try await fixture.needs.queries.listAuditRecords(request, as: TestRegion.caller(.sfCaseworker))
            #expect(
                trail.items.map(\.action) == [
                    "CreateNeedsReport", "SubmitNeedsReport", "ReturnNeedsReportForCompletion",
                ]
            )
            #expect(trail.items.last?.reason == "The budget is missing.")
            #expect(trail.items.last?.afterState == "returned" && trail.items.last?.actorRole == .sfCaseworker)
            for actor in [TestRegion.Actor.kristiansandOwnerAdmin, .otherSfCaseworker] {
                await #expect(throws: DomainError.self) {
                    _ = try await fixture.needs.queries.listAuditRecords(request, as: TestRegion.caller(actor))
                }
            }
            #expect(
                try await fixture.needs.queries.listAuditRecords(
                    ListAuditRecordsRequest(),
                    as: TestRegion.caller(.udirAdmin)
                )
                .items.count > 3
            )
            let assessmentTrail = try await fixture.needs.queries.listAuditRecords(
                .with {
                    $0.aggregateType = "NeedsAssessment"
                    $0.aggregateId = report.assessmentIds[0]
                },
                as: TestRegion.caller(.sfDecisionMaker)
            )
            #expect(assessmentTrail.items.map(\.action) == ["CreateNeedsAssessment"])
            await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.queries.listAuditRecords(
                    ListAuditRecordsRequest(),
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
        }
    }

    @Test("reports are read by the embete and those named on them, not by others, also when named by id")
    func readAccess() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let report = try await fixture.draft(in: try await fixture.openRound())
            for reader in [
                TestRegion.Actor.sfCaseworker, .forumMember, .uiaContact, .pptKristiansandAdviser,
                .kristiansandUnitLeader, .udirAdmin,
            ] {
                #expect(
                    try await fixture.needs.queries.getNeedsReport(
                        .with { $0.id = report.id },
                        as: TestRegion.caller(reader)
                    )
                        == report
                )
            }
            for outsider in [TestRegion.Actor.arendalOwnerAdmin, .otherSfCaseworker, .publicViewer, .nihContact] {
                await #expect(throws: DomainError.self) {
                    _ = try await fixture.needs.queries.getNeedsReport(
                        .with { $0.id = report.id },
                        as: TestRegion.caller(outsider)
                    )
                }
                #expect(
                    try await fixture.needs.queries.listNeedsReports(
                        ListNeedsReportsRequest(),
                        as: TestRegion.caller(outsider)
                    )
                    .items.isEmpty
                )
                // Naming the report's id (the `ids` filter a cache reads changes with) widens nothing.
                #expect(
                    try await fixture.needs.queries.listNeedsReports(
                        .with { $0.ids = [report.id] },
                        as: TestRegion.caller(outsider)
                    )
                    .items.isEmpty
                )
            }
            let mine = try await fixture.needs.queries.listNeedsReports(
                .with { $0.ownerId = TestRegion.kristiansandKommune },
                as: Self.owner
            )
            #expect(mine.items.map(\.id) == [report.id])
        }
    }

    @Test("a report can only be created by the lead owner in an open round")
    func createPreconditions() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let planned = try await fixture.plannedRound()
            let closed = await #expect(throws: DomainError.self) { _ = try await fixture.draft(in: planned) }
            #expect(closed?.code == .illegalTransition)
            let round = try await fixture.needs.rounds.openNeedsRound(
                .with {
                    $0.requestId = "o"
                    $0.needsRoundId = planned.id
                    $0.expectedVersion = planned.version
                },
                as: TestRegion.caller(.sfCaseworker)
            )
            let request = CreateNeedsReportRequest.with {
                $0.requestId = "c"
                $0.roundId = round.id
                $0.leadOwnerId = TestRegion.kristiansandKommune
            }
            for actor in [TestRegion.Actor.arendalOwnerAdmin, .uiaContact, .networkCoordinator] {
                await #expect(throws: DomainError.self) {
                    _ = try await fixture.needs.reports.createNeedsReport(request, as: TestRegion.caller(actor))
                }
            }
            let created = try await fixture.needs.reports.createNeedsReport(request, as: Self.owner)
            #expect(
                created.status == .draft && created.scheme == .ksi
                    && created.governorOfficeId == TestRegion.governorOfficeId
            )
        }
    }
}
