import KSITestSupport
import Testing

@testable import KSICore

/// ALLOC-R16 reclaim cases (open → decided → settled) and ALLOC-R13 multi-year commitments
/// (indicative → confirmed | reduced | cancelled).
@Suite("Reclaim and multi-year commitment state machines")
struct ReclaimStateMachineTests {
    typealias C = ReclaimCaseStateMachine.Command
    struct Allowed: Sendable {
        var from: ReclaimCaseStatus
        var command: C
        var actor: TestRegion.Actor
        var to: ReclaimCaseStatus
    }

    static let allowed: [Allowed] = [
        Allowed(from: .open, command: .comment, actor: .kristiansandOwnerAdmin, to: .open),
        Allowed(from: .open, command: .decide, actor: .sfDecisionMaker, to: .decided),
        Allowed(from: .decided, command: .settle, actor: .sfCaseworker, to: .settled),
    ]
    static let actors: [TestRegion.Actor] = [
        .sfCaseworker, .sfDecisionMaker, .otherSfCaseworker, .kristiansandOwnerAdmin, .arendalOwnerAdmin,
    ]

    func reclaim(_ status: ReclaimCaseStatus) -> ReclaimCase {
        ReclaimCase.with {
            $0.status = status
            $0.recipientOrgId = TestRegion.kristiansandKommune
        }
    }

    @Test("every allowed reclaim transition succeeds with the right role", arguments: allowed.indices)
    func allowedTransition(_ index: Int) throws {
        let row = Self.allowed[index]
        let next = try ReclaimCaseStateMachine.apply(
            row.command,
            to: reclaim(row.from),
            governorOfficeId: TestRegion.governorOfficeId,
            by: TestRegion.caller(row.actor)
        )
        #expect(next == row.to)
    }

    @Test("every other reclaim state, command and role is rejected", arguments: C.allCases)
    func otherCombinationsAreRejected(_ command: C) {
        for status in ReclaimCaseStatus.allCases where status != .unspecified {
            for actor in Self.actors
            where !Self.allowed.contains(where: { $0.from == status && $0.command == command && $0.actor == actor }) {
                let error = #expect(throws: DomainError.self) {
                    _ = try ReclaimCaseStateMachine.apply(
                        command,
                        to: reclaim(status),
                        governorOfficeId: TestRegion.governorOfficeId,
                        by: TestRegion.caller(actor)
                    )
                }
                #expect(error?.code == .illegalTransition || error?.code == .notPermitted)
            }
        }
    }

    @Test(
        "ALLOC-R13 multi-year commitments change only from indicative, by the embete's decision maker",
        arguments: MultiYearCommitmentStateMachine.Command.allCases
    )
    func multiYearCommitments(_ command: MultiYearCommitmentStateMachine.Command) throws {
        let table = MultiYearCommitmentStateMachine.table
        let office = TestRegion.governorOfficeId
        let expected: [MultiYearCommitmentStateMachine.Command: MultiYearCommitmentStatus] = [
            .confirm: .confirmed, .reduce: .reduced, .cancel: .cancelled,
        ]
        #expect(
            try table.apply(
                command,
                from: .indicative,
                by: TestRegion.caller(.sfDecisionMaker),
                governorOfficeId: office
            ) == expected[command]
        )
        for status in MultiYearCommitmentStatus.allCases where status != .indicative && status != .unspecified {
            #expect(throws: DomainError.self) {
                _ = try table.apply(
                    command,
                    from: status,
                    by: TestRegion.caller(.sfDecisionMaker),
                    governorOfficeId: office
                )
            }
        }
        #expect(throws: DomainError.self) {
            _ = try table.apply(
                command,
                from: .indicative,
                by: TestRegion.caller(.sfCaseworker),
                governorOfficeId: office
            )
        }
    }
}
