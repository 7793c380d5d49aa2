import Foundation
import KSICore
import KSITestSupport
import Testing

/// `ksi seed demo --postgres-urls …` loads the demo year into the four services' PostgreSQL databases (the
/// compose stack's), with the referral key ring the referral service uses, and refuses to seed twice.
@Suite("ksi seed demo into PostgreSQL")
struct SeedDemoPostgresTests {
    static let ksi = RepositoryPaths.root.appendingPathComponent(".build/debug/ksi")
    static let contexts = ContextDatabases.contextNames

    @Test("the demo year lands in four PostgreSQL databases; a second seed is refused and changes nothing")
    func seedsAndRefusesTwice() async throws {
        var created: [(name: String, url: String)] = []
        for _ in Self.contexts { created.append(try await TestDatabase.createPostgresDatabase()) }
        var failure: (any Error)?
        do {
            try await Self.seedTwice(into: created.map(\.url))
        } catch {
            failure = error
        }
        for database in created { try? await TestDatabase.dropPostgresDatabase(database.name) }
        if let failure { throw failure }
    }

    static func seedTwice(into databaseURLs: [String]) async throws {
        let dir = try RepositoryPaths.temporaryDirectory("seed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let keyFile = dir.appendingPathComponent("referral-keys.txt")
        try "compose-1:\(Data(repeating: 7, count: 32).base64EncodedString())\n".write(
            to: keyFile,
            atomically: true,
            encoding: .utf8
        )
        let urls = zip(Self.contexts, databaseURLs).map { "\($0)=\($1)" }.joined(separator: ",")
        let arguments = [
            "seed", "demo", "--postgres-urls", urls, "--referral-key-file", keyFile.path, "--data-dir", dir.path,
        ]

        let first = try runProgram(Self.ksi, arguments)
        #expect(first.status == 0, "\(first.output.suffix(800))")
        #expect(first.output.contains("Demo year loaded into the four PostgreSQL databases"))

        let counts = try await Self.entityCounts(databaseURLs)
        #expect(counts["needs"] ?? 0 > 0)
        #expect(counts["allocation"] ?? 0 > 0)
        #expect(counts["partnerships"] ?? 0 > 0)
        #expect(counts["referral"] ?? 0 > 0)
        // No key file was written next to the data: the given key ring was used.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["referral-keys.txt"])

        let second = try runProgram(Self.ksi, arguments)
        #expect(second.status != 0)
        #expect(second.output.contains("already holds"), "\(second.output.suffix(800))")
        #expect(try await Self.entityCounts(databaseURLs) == counts)
    }

    @Test("a malformed --postgres-urls names what is wrong")
    func malformedURLs() throws {
        let result = try runProgram(
            Self.ksi,
            ["seed", "demo", "--postgres-urls", "needs=postgres://x/needs,ledger=postgres://x/l"]
        )
        #expect(result.status != 0)
        #expect(result.output.contains("--postgres-urls"), "\(result.output.suffix(400))")
    }

    /// Entities per context database.
    static func entityCounts(_ urls: [String]) async throws -> [String: Int] {
        let opened = try urls.map { try KSIDatabase.postgres(url: $0) }
        return try await ContextDatabases.running(opened) { try await $0.entityCounts() }
    }
}
