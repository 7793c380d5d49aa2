import KSITestSupport
import Testing

@testable import KSICore

/// DOMAIN.md §4.3 Grant, copied as the allowed table; PD: a report that arrives before the due date is marked
/// also moves a disbursed grant to reported, and an accepted report is recorded from reportDue, reported or reclaimOpen.
@Suite("Grant state machine")
struct GrantStateMachineTests {
    typealias C = GrantStateMachine.Command
    struct Allowed: Sendable {
        var from: GrantStatus
        var command: C
        var actor: TestRegion.Actor?
        var to: GrantStatus
    }

    /// actor nil = the system caller.
    static let allowed: [Allowed] = [
        Allowed(from: .decided, command: .issueCommitmentLetter, actor: .sfCaseworker, to: .committed),
        Allowed(from: .committed, command: .accept, actor: .kristiansandOwnerAdmin, to: .accepted),
        Allowed(from: .accepted, command: .disburse, actor: .sfCaseworker, to: .disbursed),
        Allowed(from: .disbursed, command: .disburse, actor: .sfCaseworker, to: .disbursed),
        Allowed(from: .disbursed, command: .markReportDue, actor: nil, to: .reportDue),
        Allowed(from: .reportDue, command: .applyReportSubmitted, actor: nil, to: .reported),
        Allowed(from: .disbursed, command: .applyReportSubmitted, actor: nil, to: .reported),
        Allowed(from: .reportDue, command: .applyReportAccepted, actor: nil, to: .reportDue),
        Allowed(from: .reported, command: .applyReportAccepted, actor: nil, to: .reported),
        Allowed(from: .reclaimOpen, command: .applyReportAccepted, actor: nil, to: .reclaimOpen),
        Allowed(from: .reported, command: .close, actor: .sfCaseworker, to: .closed),
        Allowed(from: .decided, command: .lodgeAppeal, actor: .kristiansandOwnerAdmin, to: .appealed),
        Allowed(from: .committed, command: .lodgeAppeal, actor: .kristiansandOwnerAdmin, to: .appealed),
        Allowed(from: .appealed, command: .appealDecided, actor: .sfDecisionMaker, to: .appealed),
        Allowed(from: .appealed, command: .appealDecided, actor: .udirAdmin, to: .appealed),
        Allowed(from: .disbursed, command: .openReclaim, actor: .sfCaseworker, to: .reclaimOpen),
        Allowed(from: .reported, command: .openReclaim, actor: .sfCaseworker, to: .reclaimOpen),
        Allowed(from: .disbursed, command: .openReclaim, actor: nil, to: .reclaimOpen),
        Allowed(from: .reported, command: .openReclaim, actor: nil, to: .reclaimOpen),
        Allowed(from: .reclaimOpen, command: .settleReclaim, actor: .sfCaseworker, to: .reclaimOpen),
        Allowed(from: .decided, command: .cancel, actor: .sfDecisionMaker, to: .cancelled),
        Allowed(from: .committed, command: .cancel, actor: .sfDecisionMaker, to: .cancelled),
    ]
    static let actors: [TestRegion.Actor?] = [
        nil, .sfCaseworker, .sfDecisionMaker, .otherSfCaseworker, .kristiansandOwnerAdmin, .arendalOwnerAdmin,
        .uiaContact, .udirAdmin,
    ]

    static func caller(_ actor: TestRegion.Actor?) -> Caller {
        actor.map(TestRegion.caller) ?? Caller.system("PartnershipService")
    }

    func grant(_ status: GrantStatus) -> Grant {
        Grant.with {
            $0.status = status
            $0.governorOfficeId = TestRegion.governorOfficeId
            $0.recipientOrgId = TestRegion.kristiansandKommune
        }
    }

    @Test("every allowed transition succeeds with the right role", arguments: allowed.indices)
    func allowedTransition(_ index: Int) throws {
        let row = Self.allowed[index]
        #expect(try GrantStateMachine.apply(row.command, to: grant(row.from), by: Self.caller(row.actor)) == row.to)
    }

    @Test("every other state, command and role is rejected with a clear error", arguments: C.allCases)
    func otherCombinationsAreRejected(_ command: C) {
        for status in GrantStatus.allCases where status != .unspecified {
            for actor in Self.actors
            where !Self.allowed.contains(where: { $0.from == status && $0.command == command && $0.actor == actor }) {
                let error = #expect(throws: DomainError.self) {
                    _ = try GrantStateMachine.apply(command, to: grant(status), by: Self.caller(actor))
                }
                #expect(error?.code == .illegalTransition || error?.code == .notPermitted)
            }
        }
    }

    @Test("a grant goes decided → committed → accepted → disbursed → reportDue → reported → closed")
    func fullLifecycle() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame()
            var grant = try await fixture.disbursedGrant(reportDueOn: LocalDate(year: 2025, month: 3, day: 1))
            #expect(grant.status == .disbursed)
            let overpaid = await #expect(throws: DomainError.self) {
                _ = try await fixture.disburse(grant, amountOre: 29_000_000)
            }
            #expect(overpaid?.code == .ruleViolation)
            grant = try await fixture.allocation.grants.markGrantReportDue(
                MarkGrantReportDueRequest.with {
                    $0.grantId = grant.id
                    $0.expectedVersion = grant.version
                },
                as: fixture.system
            )
            #expect(grant.status == .reportDue)
            grant = try await fixture.allocation.grants.applyPartnershipReportSubmitted(
                ApplyPartnershipReportSubmittedRequest.with {
                    $0.grantId = grant.id
                    $0.partnershipReportId = "report-1"
                },
                as: fixture.system
            )
            #expect(grant.status == .reported)
            let notAccepted = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.grants.closeGrant(
                    CloseGrantRequest.with {
                        $0.grantId = grant.id
                        $0.expectedVersion = grant.version
                    },
                    as: fixture.caseworker
                )
            }
            #expect(notAccepted?.code == .illegalTransition)
            grant = try await fixture.allocation.grants.applyPartnershipReportAccepted(
                ApplyPartnershipReportAcceptedRequest.with {
                    $0.grantId = grant.id
                    $0.partnershipReportId = "report-1"
                },
                as: fixture.system
            )
            grant = try await fixture.allocation.grants.closeGrant(
                CloseGrantRequest.with {
                    $0.grantId = grant.id
                    $0.expectedVersion = grant.version
                },
                as: fixture.caseworker
            )
            #expect(grant.status == .closed)
            let types = try await fixture.allocation.listAllocationEvents(
                ListAllocationEventsRequest(),
                as: fixture.udir
            ).events.map(\.type)
            #expect(types.contains("GrantCommitted") && types.contains("DisbursementMade"))
        }
    }

    @Test("a decided grant is cancelled with a reason, and its indicative later years with it")
    func cancellation() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame()
            _ = try await fixture.decided(lines: [AllocationMoneyFixture.line(years: 2)])
            let grant = try await fixture.grant()
            let cancelled = try await fixture.allocation.grants.cancelGrant(
                CancelGrantRequest.with {
                    $0.grantId = grant.id
                    $0.expectedVersion = grant.version
                    $0.reason = "The owner withdrew"
                },
                as: fixture.decisionMaker
            )
            #expect(cancelled.status == .cancelled)
            let commitments = try await fixture.allocation.grants.listMultiYearCommitments(
                ListMultiYearCommitmentsRequest.with { $0.grantId = grant.id },
                as: fixture.caseworker
            )
            #expect(commitments.items.map(\.status) == [.cancelled])
        }
    }
}
