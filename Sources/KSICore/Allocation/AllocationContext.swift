/// The Allocation bounded context (DOMAIN.md §4.3): national budgets, regional frames,
/// recommendations, grant decisions, grants, appeals and reclaims, plus (in extensions under
/// `Governance/`, `Policy/` and `Simulator/`) the governance bodies, policy configuration and the simulator.
public struct AllocationContext: Sendable {
    let runner: CommandRunner
    let reference: ReferenceData
    let time: any TimeSource

    public init(database: KSIDatabase, reference: ReferenceData, time: any TimeSource) {
        self.runner = CommandRunner(database: database, context: "allocation", time: time)
        self.reference = reference
        self.time = time
    }
}
