import ArgumentParser
import Foundation
import KSICore
import KSIDemoData
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
        subcommands: [SeedDemo.self, SeedNational.self]
    )
}

/// `ksi seed demo --data-dir DIR`: the Agder embete's year 2025 in DIR/{needs,partnerships,allocation,referral}.sqlite;
/// with `--postgres-urls`, into the four services' PostgreSQL databases instead (the compose stack's).
struct SeedDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Load the demo embete-year (Agder, KSI 2025) through the contexts' commands into the four services' databases."
    )

    @Option(help: "Where the four SQLite databases and the referral key file live.")
    var dataDir: String = ".ksi-data"

    @Option(
        help: """
            The four services' PostgreSQL databases instead of SQLite files:         needs=URL,partnerships=URL,allocation=URL,referral=URL (KSI_SEED_POSTGRES_URLS). Each must be empty.
            """
    )
    var postgresUrls: String? = Environment.string("KSI_SEED_POSTGRES_URLS")

    @Option(
        help:
            "The referral key ring the referral service uses (KSI_REFERRAL_KEY_FILE); default <data-dir>/referral-keys.txt, created when missing."
    )
    var referralKeyFile: String? = Environment.string("KSI_REFERRAL_KEY_FILE")

    func run() async throws {
        let summary: DemoYearSummary
        if let postgresUrls {
            let urls = try SeedFiles.postgresURLs(postgresUrls)
            let keys =
                try referralKeyFile.map { try ReferralKeyRing(contentsOfFile: $0) }
                ?? SeedFiles.referralKeys(in: dataDir)
            summary = try await SeedFiles.withPostgres(urls) { try await Self.load(into: $0, keys: keys) }
            print("Demo year loaded into the four PostgreSQL databases:")
        } else {
            summary = try await Self.load(into: dataDir)
            print("Demo year loaded into \(dataDir):")
        }
        print(summary.description)
    }

    /// Loads the demo year into fresh SQLite databases under `dataDir` (also used by `ksi dev --demo`).
    static func load(into dataDir: String) async throws -> DemoYearSummary {
        let paths = try SeedFiles.freshDatabases(in: dataDir)
        let keys = try SeedFiles.referralKeys(in: dataDir)
        return try await SeedFiles.withDatabases(paths) { try await load(into: $0, keys: keys) }
    }

    /// Loads the demo year into four open, migrated databases (needs, partnerships, allocation, referral).
    static func load(into databases: ContextDatabases, keys: ReferralKeyRing) async throws -> DemoYearSummary {
        let reference = try ReferenceData.bundled().merging(DemoRegion.referenceDataSet())
        let time = FixedTimeSource(date: LocalDate(year: 2025, month: 1, day: 2))
        let bar = SeedProgress(label: "demo year")
        let partnerships = PartnershipContext(database: databases.partnerships, reference: reference, time: time)
        let needs = NeedsContext(database: databases.needs, reference: reference, time: time)
        let allocation = AllocationContext(
            database: databases.allocation,
            reference: reference,
            time: time,
            needsReports: needs
        )
        let summary = try await DemoYear.load(
            needs: needs,
            partnerships: partnerships,
            allocation: allocation,
            referral: ReferralContext(database: databases.referral, reference: reference, time: time, keyRing: keys),
            reference: reference,
            time: time,
            progress: { step, done, total in bar.update(done, total, note: step) }
        )
        try await SeedFiles.markEventsDelivered(
            allocation: allocation,
            partnerships: partnerships,
            needsDB: databases.needs,
            partnershipsDB: databases.partnerships,
            allocationDB: databases.allocation
        )
        bar.finish()
        return summary
    }
}

/// `ksi seed national --scale N --data-dir DIR [--postgres-url URL]`: the national benchmark set.
struct SeedNational: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "national",
        abstract:
            "Load the seeded national benchmark set (10 embeter, ~356 kommuner, 20 000 reports × scale) by bulk insert."
    )

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
                    needs: database,
                    partnerships: database,
                    referral: database,
                    keyRing: keys,
                    progress: { done, total in bar.update(done, total) }
                )
            }
        } else {
            let paths = try SeedFiles.freshDatabases(in: dataDir)
            counts = try await SeedFiles.withDatabases(paths) { databases in
                try await generator.load(
                    needs: databases.needs,
                    partnerships: databases.partnerships,
                    referral: databases.referral,
                    keyRing: keys,
                    progress: { done, total in bar.update(done, total) }
                )
            }
        }
        bar.finish()
        let referenceFile = "\(dataDir)/national-reference.json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(generator.referenceDataSet()).write(to: URL(fileURLWithPath: referenceFile))
        print(
            """
            National data set (scale \(scale)) loaded: \(counts.governorOffices) embeter, \(counts.municipalities) kommuner, \
            \(counts.owners) owners, \(counts.units) units, \(counts.pptOffices) PPT offices; \(counts.needsRounds) needs rounds, \
            \(counts.needsReports) needs reports, \(counts.partnerships) partnerships, \(counts.measures) measures, \
            \(counts.referrals) referrals.
            The synthetic reference data is in \(referenceFile) (pass it as extra reference data to the services).
            """
        )
    }
}

struct SeedError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Files of a seeded data directory.
enum SeedFiles {
    static let contexts = ContextDatabases.contextNames

    /// The four database paths; refuses to seed over existing databases.
    static func freshDatabases(in dataDir: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let paths = contexts.map { "\(dataDir)/\($0).sqlite" }
        let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
        guard existing.isEmpty else {
            throw SeedError(
                message: "\(existing.joined(separator: ", ")) already exist; seed into an empty data directory"
            )
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
            let text =
                "# KSI referral keys (development). The last key seals new data, append a line to rotate.\ndev-1:\(Data(key).base64EncodedString())\n"
            guard
                FileManager.default.createFile(
                    atPath: path,
                    contents: Data(text.utf8),
                    attributes: [.posixPermissions: 0o600]
                )
            else {
                throw CocoaError(.fileWriteNoPermission)
            }
        }
        return try ReferralKeyRing(contentsOfFile: path)
    }

    /// The demo year already delivered its events in-process; the services' relays (`ksi dev`) start after
    /// them instead of replaying them (the cursors the relays keep in the consuming service's database).
    static func markEventsDelivered(
        allocation: AllocationContext,
        partnerships: PartnershipContext,
        needsDB: KSIDatabase,
        partnershipsDB: KSIDatabase,
        allocationDB: KSIDatabase
    ) async throws {
        let system = Caller.system("seed")
        var lastAllocation: Int64 = 0
        while true {
            let events = try await allocation.listAllocationEvents(
                .with {
                    $0.afterSequence = lastAllocation
                    $0.pageSize = 500
                },
                as: system
            ).events
            guard let last = events.last?.sequence else { break }
            lastAllocation = last
        }
        var lastPartnership: Int64 = 0
        while true {
            let events = try await partnerships.queries.listPartnershipEvents(
                .with {
                    $0.afterSequence = lastPartnership
                    $0.pageSize = 500
                },
                as: system
            ).events
            guard let last = events.last?.sequence else { break }
            lastPartnership = last
        }
        for (database, name, sequence) in [
            (needsDB, RelayName.allocationToNeeds, lastAllocation),
            (partnershipsDB, RelayName.allocationToPartnerships, lastAllocation),
            (allocationDB, RelayName.partnershipsToAllocation, lastPartnership),
        ] {
            try await database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "relay").saveRelayCursor(name, sequence: sequence, at: 0)
            }
        }
    }

    /// Opens, migrates and runs the four SQLite databases for the scope of `body`.
    static func withDatabases<R: Sendable>(
        _ paths: [String],
        _ body: @Sendable (ContextDatabases) async throws -> R
    ) async throws -> R {
        let logger = Logger(label: "ksi.seed")
        var opened: [KSIDatabase] = []
        for path in paths { opened.append(try await KSIDatabase.openSQLite(path: path, logger: logger)) }
        return try await ContextDatabases.running(opened, body)
    }

    /// `needs=URL,partnerships=URL,allocation=URL,referral=URL` → the four URLs in that order.
    static func postgresURLs(_ text: String) throws -> [String] {
        var byContext: [String: String] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, contexts.contains(pair[0]), byContext[pair[0]] == nil else {
                throw ValidationError(
                    "--postgres-urls: expected needs=URL,partnerships=URL,allocation=URL,referral=URL, got \"\(part)\""
                )
            }
            byContext[pair[0]] = pair[1]
        }
        let missing = contexts.filter { byContext[$0] == nil }
        guard missing.isEmpty else {
            throw ValidationError("--postgres-urls: no URL for \(missing.joined(separator: ", "))")
        }
        return contexts.map { byContext[$0]! }
    }

    /// Opens, migrates and runs the four PostgreSQL databases for the scope of `body`; refuses any that
    /// already holds entities (seeding twice would duplicate the demo year).
    static func withPostgres<R: Sendable>(
        _ urls: [String],
        _ body: @Sendable (ContextDatabases) async throws -> R
    ) async throws -> R {
        let logger = Logger(label: "ksi.seed")
        let opened = try urls.map { try KSIDatabase.postgres(url: $0, logger: logger) }
        return try await ContextDatabases.running(opened) { databases in
            for (name, count) in try await databases.entityCounts().sorted(by: { $0.key < $1.key }) where count > 0 {
                throw SeedError(
                    message: "the \(name) database already holds \(count) entities; seed into empty databases"
                )
            }
            return try await body(databases)
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
