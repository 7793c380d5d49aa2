/// What every Referral context shares (issue 16): the service's database and command runner, the live
/// reference registry, the clock, the sealing of child data and the configured checks of who reads it.
/// `ReferralContext` builds it once and hands it to each context it vends.
struct ReferralEnvironment: Sendable {
    let database: KSIDatabase
    let registry: ReferenceRegistry
    let time: any TimeSource
    let runner: CommandRunner
    let sealing: ReferralSealing
    let childDataMinimumAssurance: AssuranceLevel
    let nationalIds: NationalIdentityValidator
}

/// One of the Referral contexts: reads the shared state from its `environment` under the names the command
/// bodies use (`runner`, `reference`, `sealing`…), and shares the helpers in ReferralContext.swift.
protocol ReferralContextPart: Sendable {
    var environment: ReferralEnvironment { get }
}

extension ReferralContextPart {
    var database: KSIDatabase { environment.database }
    var registry: ReferenceRegistry { environment.registry }
    /// The reference data in force at this access (issue 12).
    var reference: ReferenceData { registry.current }
    var time: any TimeSource { environment.time }
    var runner: CommandRunner { environment.runner }
    var sealing: ReferralSealing { environment.sealing }
    var childDataMinimumAssurance: AssuranceLevel { environment.childDataMinimumAssurance }
    var nationalIds: NationalIdentityValidator { environment.nationalIds }
    /// What a command body reports back to `change` (nested in `ReferralContext`).
    typealias Outcome = ReferralContext.Outcome
}
