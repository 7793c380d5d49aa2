/// What every Allocation context shares (issue 16): the command runner over the Allocation database, the live
/// reference registry, the clock, NeedsService's reports and the pid check. `AllocationContext` builds it once
/// and hands the same value to each of its contexts, so a command reads and writes the same store whichever
/// context runs it.
struct AllocationEnvironment: Sendable {
    let runner: CommandRunner
    /// The live registry (issue 12). AllocationService owns it: `refreshReferenceRegistry()` puts the bootstrap
    /// data plus the stored imports in it at start and after each import; `reference` is the data in force.
    let registry: ReferenceRegistry
    let time: any TimeSource
    /// NeedsService's reports, read when a recommendation line is written (ALLOC-R4 and the line's snapshot).
    let needsReports: any NeedsReportDirectory
    /// The check of imported persons' pids; synthetic (Tenor) numbers only in a test environment (ID-R1).
    let nationalIds: NationalIdentityValidator
}

/// One of the Allocation contexts (`AllocationContext` and the contexts it vends): a value over the shared
/// `AllocationEnvironment`. The shared state and the helpers of the money and decision half
/// (AllocationContext.swift) are written once on this protocol, so each context's command bodies read them
/// as their own.
protocol AllocationContextPart: Sendable {
    var environment: AllocationEnvironment { get }
}

extension AllocationContextPart {
    var runner: CommandRunner { environment.runner }
    var registry: ReferenceRegistry { environment.registry }
    var reference: ReferenceData { environment.registry.current }
    var time: any TimeSource { environment.time }
    var needsReports: any NeedsReportDirectory { environment.needsReports }
    var nationalIds: NationalIdentityValidator { environment.nationalIds }
}
