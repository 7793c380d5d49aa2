import ArgumentParser
import Foundation
import Gateway
import KSICore

#if canImport(Glibc)
import Glibc
#endif

/// `ksi-bench domain --scale N [--postgres-url URL]`: the national data set in process — its load,
/// V1 for one embete and nationally, the allocation simulator, and assigning every referral — on
/// SQLite and (with a URL) PostgreSQL. One scale per process, so the peak memory is that scale's.
struct DomainBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "domain",
        abstract: "Time the domain on the national data set (SQLite and PostgreSQL)."
    )

    @Option(help: "Scale of the national data set: 1, 2 or 4 (fractions for quick runs).")
    var scale: Double = 1

    @Option(help: "A PostgreSQL server URL (a database the user may create databases from); omitted = SQLite only.")
    var postgresUrl: String?

    @Option(help: "Engines to run: sqlite, postgres or both (default: both when --postgres-url is given).")
    var engine: String?

    @Option(help: "Timed runs per view and simulator measurement (the median is reported, after one warm-up run).")
    var runs: Int = 5

    @Option(help: "The embete for the one-embete figures (default: the largest).")
    var embete: String = "ostfold-buskerud-oslo-akershus"

    func validate() throws {
        guard scale > 0, scale <= 16 else { throw ValidationError("--scale must be above 0 and at most 16") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() async throws {
        let engines: [NationalDatabases.Engine]
        switch engine ?? (postgresUrl == nil ? "sqlite" : "both") {
        case "sqlite": engines = [.sqlite]
        case "postgres": engines = [.postgres]
        case "both": engines = [.sqlite, .postgres]
        default: throw ValidationError("--engine is sqlite, postgres or both")
        }
        var table = MarkdownTable(
            "engine",
            "scale",
            "entities",
            "load (s)",
            "V1 one embete (ms)",
            "V1 national (ms)",
            "  fetch / compute (ms)",
            "V1 national, view cache hit (ms)",
            "simulator (ms)",
            "assign all referrals (s)",
            "per assignment (ms)",
            "peak RSS (MiB)"
        )
        var cold = MarkdownTable(
            "engine",
            "scale",
            "V1 national, list path, no cache (ms)",
            "V1 national, aggregate path, no cache (ms)",
            "V1 national, partnerships as lists, no cache (ms)",
            "V1 cold after a needs write (ms)",
            "V1 cold after writes to all three (ms)",
            "V1 warm (ms)",
            "needs: list all reports (ms)",
            "needs: AggregateNeedsReports (ms)",
            "partnerships + measures: list all (ms)",
            "partnerships + measures: AggregatePartnerships (ms)",
            "V3 national, allocation as lists, no cache (ms)",
            "V3 national, aggregate path, no cache (ms)",
            "decisions + grants + commitments: list all (ms)",
            "decisions + grants + commitments: AggregateAllocation (ms)"
        )
        var everyView = MarkdownTable(
            "engine",
            "scale",
            "view (national \(NationalRun.year); V2 one municipality)",
            "cold after writes to all four services (ms)",
            "warm (ms)"
        )
        for engine in engines {
            let run = NationalRun(scale: scale, embete: embete, runs: runs)
            let result = try await NationalDatabases.with(engine, postgresURL: postgresUrl) { databases in
                try await run.measure(
                    databases,
                    log: { print("[\(engine.rawValue) ×\(scale.format(scale < 1 ? 2 : 0))] \($0)") }
                )
            }
            table.add(
                engine.rawValue,
                "\(scale.format(scale < 1 ? 2 : 0))×",
                "\(result.entities)",
                (result.loadMs / 1000).format(1),
                result.v1EmbeteMs.format(1),
                result.v1NationalMs.format(1),
                "\(result.v1NationalFetchMs.format(1)) / \(result.v1NationalComputeMs.format(1))",
                result.v1NationalCachedMs.format(1),
                result.simulatorMs.format(1),
                (result.assignMs / 1000).format(1),
                (result.assignMs / Double(max(1, result.assigned))).format(2),
                Measure.peakMemoryMiB().format(0)
            )
            print(
                "[\(engine.rawValue)] V1 national from the report list equals V1 from the aggregates: \(result.pathsAgree)"
            )
            print(
                "[\(engine.rawValue)] V3 national from the allocation lists equals V3 from AggregateAllocation: \(result.v3PathsAgree)"
            )
            cold.add(
                engine.rawValue,
                "\(scale.format(scale < 1 ? 2 : 0))×",
                result.v1NationalListPathMs.format(1),
                result.v1NationalAggregatePathMs.format(1),
                result.v1NationalPartnershipListsMs.format(1),
                result.v1NationalColdAfterNeedsWriteMs.format(1),
                result.v1NationalColdAfterAllWritesMs.format(1),
                result.v1NationalCachedMs.format(1),
                result.needsListDirectMs.format(1),
                result.needsAggregateDirectMs.format(1),
                result.partnershipListsDirectMs.format(1),
                result.partnershipAggregateDirectMs.format(1),
                result.v3NationalAllocationListsMs.format(1),
                result.v3NationalAggregatePathMs.format(1),
                result.allocationListsDirectMs.format(1),
                result.allocationAggregateDirectMs.format(1)
            )
            for row in result.views {
                everyView.add(
                    engine.rawValue,
                    "\(scale.format(scale < 1 ? 2 : 0))×",
                    row.view.rawValue,
                    row.coldMs.format(1),
                    row.warmMs.format(1)
                )
            }
        }
        print("")
        print(table.text)
        print("")
        print("Views at national scale, cold (issue 17), V1 national \(NationalRun.year):")
        print(cold.text)
        print("")
        print("Every view through the gateway's view cache, Udir (issue 17):")
        print(everyView.text)
    }
}
