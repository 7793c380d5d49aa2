/// The measure state machine of DOMAIN.md §4.2.
public struct MeasureStateMachine: Sendable {
    /// A command that moves a measure (the RPC of the same name).
    public enum Command: String, Sendable, Hashable, CaseIterable {
        /// — → planned; ownerAdmin or uhContact, or the system when `GrantCommitted` creates the line's measures.
        case createMeasure
        /// planned → started: checkpoint T1 logged; ownerAdmin or uhContact.
        case logT1
        /// started → inProgress: checkpoint T2 logged; ownerAdmin or uhContact.
        case logT2
        /// inProgress → completing: checkpoint T3 logged; ownerAdmin or uhContact.
        case logT3
        /// completing → completed; ownerAdmin.
        case completeMeasure
        /// completed → followUp; ownerAdmin or pptLeader.
        case startLocalFollowUp
        /// A non-final status → aborted, announced by the owner; ownerAdmin.
        case abortMeasure
        /// A non-final status → aborted, recorded by the statsforvalter when the owner did not announce it; sfCaseworker.
        case recordUnannouncedAbort

        var phrase: String {
            switch self {
            case .createMeasure: "creating a measure"
            case .logT1: "logging checkpoint T1"
            case .logT2: "logging checkpoint T2"
            case .logT3: "logging checkpoint T3"
            case .completeMeasure: "completing a measure"
            case .startLocalFollowUp: "starting local follow-up"
            case .abortMeasure: "aborting a measure"
            case .recordUnannouncedAbort: "recording an unannounced abort"
            }
        }

        /// The checkpoint command for T1, T2 or T3.
        static func log(_ checkpoint: Checkpoint) -> Command? {
            switch checkpoint {
            case .t1: .logT1
            case .t2: .logT2
            case .t3: .logT3
            default: nil
            }
        }
    }

    /// Non-final states: a measure in one of these may be edited or aborted (PD: `completed` is final
    /// for aborting; it only moves on to local follow-up).
    public static let nonFinal: [MeasureStatus] = [.planned, .started, .inProgress, .completing]

    /// The allowed transitions, as in DOMAIN.md §4.2. `GrantCommitted` creates planned measures as `system`.
    public static let table = TransitionTable<MeasureStatus, Command, PartnershipActor>(
        partnership: "a measure",
        phrase: { $0.phrase },
        entries: [
            .init(.createMeasure, from: [.unspecified], to: .state(.planned), who: [.ownerAdmin, .uhContact, .system]),
            .init(.logT1, from: [.planned], to: .state(.started), who: [.ownerAdmin, .uhContact]),
            .init(.logT2, from: [.started], to: .state(.inProgress), who: [.ownerAdmin, .uhContact]),
            .init(.logT3, from: [.inProgress], to: .state(.completing), who: [.ownerAdmin, .uhContact]),
            .init(.completeMeasure, from: [.completing], to: .state(.completed), who: [.ownerAdmin]),
            .init(.startLocalFollowUp, from: [.completed], to: .state(.followUp), who: [.ownerAdmin, .pptLeader]),
            .init(.abortMeasure, from: nonFinal.map(Optional.some), to: .state(.aborted), who: [.ownerAdmin]),
            .init(
                .recordUnannouncedAbort,
                from: nonFinal.map(Optional.some),
                to: .state(.aborted),
                who: [.sfCaseworker]
            ),
        ]
    )

    /// Where `command` takes a measure in `status` when done by one of `actors`; throws when the table does not allow it.
    public static func transition(
        _ command: Command,
        from status: MeasureStatus,
        by actors: Set<PartnershipActor>
    ) throws -> (to: MeasureStatus, actor: PartnershipActor) {
        try table.transition(command, from: status, by: actors)
    }
}
