/// What every Partnerships context shares (issue 16): the service's database and command runner, the live
/// reference registry and the clock. `PartnershipContext` builds it once and hands it to each context it vends.
struct PartnershipEnvironment: Sendable {
    let database: KSIDatabase
    let registry: ReferenceRegistry
    let time: any TimeSource
    let runner: CommandRunner
}

/// One of the Partnerships contexts: reads the shared state from its `environment` under the names the
/// command bodies use (`runner`, `reference`, `time`…), and shares the helpers in PartnershipContext.swift.
protocol PartnershipContextPart: Sendable {
    var environment: PartnershipEnvironment { get }
}

extension PartnershipContextPart {
    var database: KSIDatabase { environment.database }
    var registry: ReferenceRegistry { environment.registry }
    /// The reference data in force at this access (issue 12).
    var reference: ReferenceData { registry.current }
    var time: any TimeSource { environment.time }
    var runner: CommandRunner { environment.runner }
}
