import ArgumentParser
import Foundation
import KSICore
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `ksi seed`: loads data into fresh databases: the demo embete-year (through the real commands) or the
/// national benchmark set (bulk inserts).
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load demo or benchmark data into fresh databases.",
        subcommands: [SeedDemo.self, SeedNational.self])
}

/// `ksi seed demo --data-dir DIR`: the Agder embete's year 2025 in DIR/{needs,partnerships,allocation,referral}.sqlite.
struct SeedDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load the demo embete-year (Agder, KSI 2025) through the contexts' commands into four SQLite databases.")

    @Option(help: "Where the four SQLite databases and the referral key file live.")
    var dataDir: String = ".ksi-data"

    func run() async throws {
        let summary = try await Self.load(into: dataDir)
        print("Demo year loaded into \(dataDir):")
        print(summary.description)
    }

    /// Loads the demo year into fresh SQLite databases under `dataDir` (also used by `ksi dev --demo`).
    static func load(into dataDir: String) async throws -> DemoYearSummary {
        let paths = try SeedFiles.freshDatabases(in: dataDir)
        let keys = try SeedFiles.referralKeys(in: dataDir)
        let reference = try ReferenceData.bundled().merging(DemoRegion.referenceDataSet())
        let time = FixedTimeSource(date: LocalDate(year: 2025, month: 1, day: 2))
        let bar = SeedProgress(label: "demo year")
        let summary = try await SeedFiles.withDatabases(paths) { needsDB, partnershipsDB, allocationDB, referralDB in
            let partnerships = PartnershipContext(database: partnershipsDB, reference: reference, time: time)
            let allocation = AllocationContext(database: allocationDB, reference: reference, time: time)
            let summary = try await DemoYear.load(
                needs: NeedsContext(database: needsDB, reference: reference, time: time),
                partnerships: partnerships, allocation: allocation,
                referral: ReferralContext(database: referralDB, reference: reference, time: time, keyRing: keys),
                reference: reference, time: time,
                progress: { step, done, total in bar.update(done, total, note: step) })
            try await SeedFiles.markEventsDelivered(
                allocation: allocation, partnerships: partnerships, needsDB: needsDB, partnershipsDB: partnershipsDB, allocationDB: allocationDB)
            return summary
        }
        bar.finish()
        return summary
    }
}

/// `ksi seed national --scale N --data-dir DIR [--postgres-url URL]`: the national benchmark set.
struct SeedNational: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "national",
        abstract: "Load the seeded national benchmark set (10 embeter, ~356 kommuner, 20 000 reports × scale) by bulk insert.")

    @Option(help: "Scale factor: 1, 2 or 4 (fractions for quick runs).")
    var scale: Double = 1

    @Option(help: "Where the SQLite databases and the referral key file live.")
    var dataDir: String = ".ksi-data"

    @Option(help: "Load into this PostgreSQL database instead of SQLite (all contexts share it; created and migrated).")
    var postgresUrl: String?

    func validate() throws {
        guard scale > 0, scale <= 16 else { throw ValidationError("--scale must be above 0 and at most 16") }
    }

    func run() async throws {
        let keys = try SeedFiles.referralKeys(in: dataDir)
        let generator = NationalDataSet(scale: scale, base: try ReferenceData.bundled())
        let bar = SeedProgress(label: "national ×\(scale)")
        let counts: NationalDataSet.Counts
        if let postgresUrl {
            let database = try KSIDatabase.postgres(url: postgresUrl, logger: Logger(label: "ksi.seed"))
            counts = try await database.withRunning { database in
                try await CoreSchema.migrate(database)
                return try await generator.load(
                    needs: database, partnerships: database, referral: database, keyRing: keys,
                    progress: { done, total in bar.update(done, total) })
            }
        } else {
            let paths = try SeedFiles.freshDatabases(in: dataDir)
            counts = try await SeedFiles.withDatabases(paths) { needsDB, partnershipsDB, _, referralDB in
                try await generator.load(
                    needs: needsDB, partnerships: partnershipsDB, referral: referralDB, keyRing: keys,
                    progress: { done, total in bar.update(done, total) })
            }
        }
        bar.finish()
        let referenceFile = "\(dataDir)/national-reference.json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(generator.referenceDataSet()).write(to: URL(fileURLWithPath: referenceFile))
        print("""
            National data set (scale \(scale)) loaded: \(counts.governorOffices) embeter, \(counts.municipalities) kommuner, \
            \(counts.owners) owners, \(counts.units) units, \(counts.pptOffices) PPT offices; \(counts.needsRounds) needs rounds, \
            \(counts.needsReports) needs reports, \(counts.partnerships) partnerships, \(counts.measures) measures, \
            \(counts.referrals) referrals.
            The synthetic reference data is in \(referenceFile) (pass it as extra reference data to the services).
            """)
    }
}

struct SeedError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Files of a seeded data directory.
enum SeedFiles {
    static let contexts = ["needs", "partnerships", "allocation", "referral"]

    /// The four database paths; refuses to seed over existing databases.
    static func freshDatabases(in dataDir: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let paths = contexts.map { "\(dataDir)/\($0).sqlite" }
        let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
        guard existing.isEmpty else {
            throw SeedError(message: "\(existing.joined(separator: ", ")) already exist; seed into an empty data directory")
        }
        return paths
    }

    /// DIR/referral-keys.txt if present, else a new one (one random 32-byte key, `keyId:base64`, mode 0600).
    static func referralKeys(in dataDir: String) throws -> ReferralKeyRing {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let path = "\(dataDir)/referral-keys.txt"
        if !FileManager.default.fileExists(atPath: path) {
            var key = [UInt8](repeating: 0, count: 32)
            var generator = SystemRandomNumberGenerator()
            for index in key.indices { key[index] = generator.next() }
            let text = "# KSI referral keys (development). The last key seals new data, append a line to rotate.\ndev-1:\(Data(key).base64EncodedString())\n"
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission)
            }
        }
        return try ReferralKeyRing(contentsOfFile: path)
    }

    /// The demo year already delivered its events in-process; the services' relays (`ksi dev`) start after
    /// them instead of replaying them (the cursors the relays keep in the consuming service's database).
    static func markEventsDelivered(
        allocation: AllocationContext, partnerships: PartnershipContext, needsDB: KSIDatabase, partnershipsDB: KSIDatabase,
        allocationDB: KSIDatabase
    ) async throws {
        let system = Caller.system("seed")
        var lastAllocation: Int64 = 0
        while true {
            let events = try await allocation.listAllocationEvents(.with { $0.afterSequence = lastAllocation; $0.pageSize = 500 }, as: system).events
            guard let last = events.last?.sequence else { break }
            lastAllocation = last
        }
        var lastPartnership: Int64 = 0
        while true {
            let events = try await partnerships.listPartnershipEvents(
                .with { $0.afterSequence = lastPartnership; $0.pageSize = 500 }, as: system
            ).events
            guard let last = events.last?.sequence else { break }
            lastPartnership = last
        }
        for (database, name, sequence) in [
            (needsDB, "allocation-to-needs", lastAllocation), (partnershipsDB, "allocation-to-partnerships", lastAllocation),
            (allocationDB, "partnerships-to-allocation", lastPartnership),
        ] {
            try await database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "relay").saveRelayCursor(name, sequence: sequence, at: 0)
            }
        }
    }

    /// Opens, migrates and runs the four SQLite databases for the scope of `body`.
    static func withDatabases<R: Sendable>(
        _ paths: [String], _ body: @Sendable (KSIDatabase, KSIDatabase, KSIDatabase, KSIDatabase) async throws -> R
    ) async throws -> R {
        let logger = Logger(label: "ksi.seed")
        let needs = try await KSIDatabase.openSQLite(path: paths[0], logger: logger)
        let partnerships = try await KSIDatabase.openSQLite(path: paths[1], logger: logger)
        let allocation = try await KSIDatabase.openSQLite(path: paths[2], logger: logger)
        let referral = try await KSIDatabase.openSQLite(path: paths[3], logger: logger)
        return try await needs.withRunning { needs in
            try await partnerships.withRunning { partnerships in
                try await allocation.withRunning { allocation in
                    try await referral.withRunning { referral in
                        for database in [needs, partnerships, allocation, referral] { try await CoreSchema.migrate(database) }
                        return try await body(needs, partnerships, allocation, referral)
                    }
                }
            }
        }
    }
}

/// A progress bar on a terminal; plain lines (every 10 %) otherwise.
final class SeedProgress: @unchecked Sendable {
    let label: String
    let terminal = isatty(1) == 1
    private let lock = NSLock()
    private var lastTenth = -1
    private var drawn = false

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int, note: String = "") {
        lock.withLock {
            let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
            if terminal {
                let width = 30
                let filled = Int(fraction * Double(width))
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                let text = "\r\(label) [\(bar)] \(Int(fraction * 100))% \(done)/\(total) \(note)"
                print(text.padding(toLength: max(text.count, 100), withPad: " ", startingAt: 0), terminator: "")
                fflush(nil)
                drawn = true
            } else {
                let tenth = Int(fraction * 10)
                if tenth != lastTenth {
                    lastTenth = tenth
                    print("\(label): \(done)/\(total) (\(tenth * 10)%)\(note.isEmpty ? "" : " \(note)")")
                    fflush(nil)
                }
            }
        }
    }

    func finish() {
        lock.withLock {
            if terminal && drawn { print("") }
        }
    }
}
