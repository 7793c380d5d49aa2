import KSITestSupport
import Testing

@testable import KSICore

/// DOMAIN.md §4.3 Appeal: lodged → underReconsideration → resolvedByGovernor | forwardedToAppealBody → decided → closed.
@Suite("Appeal state machine")
struct AppealStateMachineTests {
    typealias C = AppealStateMachine.Command
    struct Allowed: Sendable {
        var from: AppealStatus
        var command: C
        var actor: TestRegion.Actor
        var to: AppealStatus
    }

    static let allowed: [Allowed] = [
        Allowed(from: .lodged, command: .startReconsideration, actor: .sfCaseworker, to: .underReconsideration),
        Allowed(
            from: .underReconsideration,
            command: .resolveByGovernor,
            actor: .sfDecisionMaker,
            to: .resolvedByGovernor
        ),
        Allowed(from: .underReconsideration, command: .forward, actor: .sfCaseworker, to: .forwardedToAppealBody),
        Allowed(from: .underReconsideration, command: .forward, actor: .sfDecisionMaker, to: .forwardedToAppealBody),
        Allowed(from: .resolvedByGovernor, command: .decide, actor: .sfDecisionMaker, to: .decided),
        Allowed(from: .resolvedByGovernor, command: .decide, actor: .udirAdmin, to: .decided),
        Allowed(from: .forwardedToAppealBody, command: .decide, actor: .sfDecisionMaker, to: .decided),
        Allowed(from: .forwardedToAppealBody, command: .decide, actor: .udirAdmin, to: .decided),
        Allowed(from: .decided, command: .close, actor: .sfCaseworker, to: .closed),
    ]
    static let actors: [TestRegion.Actor] = [
        .sfCaseworker, .sfDecisionMaker, .otherSfCaseworker, .kristiansandOwnerAdmin, .udirAdmin, .committeeMember,
    ]

    func appeal(_ status: AppealStatus) -> Appeal {
        Appeal.with {
            $0.status = status
            $0.governorOfficeId = TestRegion.governorOfficeId
        }
    }

    @Test("every allowed transition succeeds with the right role", arguments: allowed.indices)
    func allowedTransition(_ index: Int) throws {
        let row = Self.allowed[index]
        #expect(
            try AppealStateMachine.apply(row.command, to: appeal(row.from), by: TestRegion.caller(row.actor)) == row.to
        )
    }

    @Test("every other state, command and role is rejected with a clear error", arguments: C.allCases)
    func otherCombinationsAreRejected(_ command: C) {
        for status in AppealStatus.allCases where status != .unspecified {
            for actor in Self.actors
            where !Self.allowed.contains(where: { $0.from == status && $0.command == command && $0.actor == actor }) {
                let error = #expect(throws: DomainError.self) {
                    _ = try AppealStateMachine.apply(command, to: appeal(status), by: TestRegion.caller(actor))
                }
                #expect(error?.code == .illegalTransition || error?.code == .notPermitted)
            }
        }
    }
}
