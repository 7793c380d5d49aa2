/// What every Needs context shares (issue 16): the command runner over the service's database, the live
/// reference registry, the clock and where the long-term plans are read. `NeedsContext` builds it once and
/// hands it to each context it vends.
struct NeedsEnvironment: Sendable {
    let runner: CommandRunner
    let registry: ReferenceRegistry
    let time: any TimeSource
    let longTermPlans: any LongTermPlanDirectory
}

/// One of the Needs contexts: reads the shared state from its `environment` under the names the command
/// bodies use (`runner`, `reference`, `time`…), and shares the helpers in NeedsContext.swift.
protocol NeedsContextPart: Sendable {
    var environment: NeedsEnvironment { get }
}

extension NeedsContextPart {
    var runner: CommandRunner { environment.runner }
    var registry: ReferenceRegistry { environment.registry }
    /// The reference data in force at this access (issue 12).
    var reference: ReferenceData { registry.current }
    var time: any TimeSource { environment.time }
    var longTermPlans: any LongTermPlanDirectory { environment.longTermPlans }
}
