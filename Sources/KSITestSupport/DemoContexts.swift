import KSICore
import KSIDemoData

/// The four contexts over four fresh databases with the demo year (Agder, KSI 2025) loaded through the real
/// commands, the clock at 2 January 2025: the set-up of every test that reads the demo year in process.
package struct DemoContexts: Sendable {
    package let databases: ContextDatabases
    package let reference: ReferenceData
    package let time: FixedTimeSource
    package let needs: NeedsContext
    package let partnerships: PartnershipContext
    package let allocation: AllocationContext
    package let referral: ReferralContext
    /// What loading the demo year reported.
    package let summary: DemoYearSummary

    /// Runs `body` with the demo year loaded on `engine`; the databases are removed afterwards.
    package static func with<R: Sendable>(
        _ engine: TestDatabase.Engine = .sqlite,
        _ body: @Sendable (DemoContexts) async throws -> R
    ) async throws -> R {
        try await withUnloaded(engine) { unloaded in try await body(try await unloaded.load()) }
    }

    /// Runs `body` with the four contexts before the demo year is loaded, so a test can read while `load()` runs.
    package static func withUnloaded<R: Sendable>(
        _ engine: TestDatabase.Engine = .sqlite,
        _ body: @Sendable (Unloaded) async throws -> R
    ) async throws -> R {
        try await TestDatabase.withContexts(engine) { databases in
            let reference = try ReferenceData.bundled().merging(DemoRegion.referenceDataSet())
            let time = FixedTimeSource(date: LocalDate(year: 2025, month: 1, day: 2))
            let needs = NeedsContext(database: databases.needs, reference: reference, time: time)
            let allocation = AllocationContext(
                database: databases.allocation,
                reference: reference,
                time: time,
                needsReports: needs
            )
            return try await body(
                Unloaded(
                    databases: databases,
                    reference: reference,
                    time: time,
                    needs: needs,
                    partnerships: PartnershipContext(
                        database: databases.partnerships,
                        reference: reference,
                        time: time
                    ),
                    allocation: allocation,
                    referral: ReferralContext(
                        database: databases.referral,
                        reference: reference,
                        time: time,
                        keyRing: try ReferralKeyRing.ephemeral()
                    )
                )
            )
        }
    }

    /// The four contexts over fresh databases, the demo year not loaded yet.
    package struct Unloaded: Sendable {
        package let databases: ContextDatabases
        package let reference: ReferenceData
        package let time: FixedTimeSource
        package let needs: NeedsContext
        package let partnerships: PartnershipContext
        package let allocation: AllocationContext
        package let referral: ReferralContext

        /// Loads the demo year through the real commands.
        package func load() async throws -> DemoContexts {
            let summary = try await DemoYear.load(
                needs: needs,
                partnerships: partnerships,
                allocation: allocation,
                referral: referral,
                reference: reference,
                time: time
            )
            return DemoContexts(
                databases: databases,
                reference: reference,
                time: time,
                needs: needs,
                partnerships: partnerships,
                allocation: allocation,
                referral: referral,
                summary: summary
            )
        }
    }
}
