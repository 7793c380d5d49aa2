import Foundation
import KSICore
import KSITestSupport
import SQLKit
import Testing

/// IDEM-R1 and IDEM-R2 (issue 14) at the shared place, `CommandRunner`, on both engines: a request id
/// names one request; a retry of it replays, a different request under it is ALREADY_EXISTS naming the
/// first, and the records expire after the retention period.
@Suite("Idempotency that cannot lie, on both engines")
struct IdempotencyTests {
    static let engines = TestDatabase.Engine.allCases
    static let owner = NeedsFixture.caller(.kristiansandOwnerAdmin)

    static func createAssessment(
        _ requestId: String,
        findings: String = "Reading and inclusive practice."
    ) -> CreateNeedsAssessmentRequest {
        var content = NeedsFixture.assessmentContent()
        content.findings = findings
        return CreateNeedsAssessmentRequest.with {
            $0.requestId = requestId
            $0.content = content
        }
    }

    /// The rows of every table a command writes to, so a test sees that nothing changed.
    static func counts(_ database: KSIDatabase) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in ["entities", "audit_log", "events", "idempotency"] {
            counts[table] = try await database.read { sql in
                try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(table).first()?
                    .decode(column: "n", as: Int.self) ?? 0
            }
        }
        return counts
    }

    /// SHA-256 by coreutils, outside the code under test.
    static func sha256sum(_ bytes: [UInt8]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }

    @Test("IDEM-R1: the payload identity is SHA-256 of the request's wire bytes without request_id")
    func fingerprintIsTheDigestWithoutTheRequestId() throws {
        let request = Self.createAssessment("abc")
        let fingerprint = try RequestFingerprint(request)
        #expect(fingerprint.requestId == "abc")
        var withoutId = request
        withoutId.requestId = ""  // proto3 writes no empty string: these are the bytes without the field
        #expect(fingerprint.digest == (try Self.sha256sum(try withoutId.wireEncoded())))
        #expect(try RequestFingerprint(Self.createAssessment("another id")).digest == fingerprint.digest)
        #expect(try RequestFingerprint(Self.createAssessment("abc", findings: "Changed.")).digest != fingerprint.digest)
    }

    @Test(
        "IDEM-R1: the same request id with the same payload replays the first response and writes nothing",
        arguments: engines
    )
    func sameRequestReplays(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try NeedsFixture(database: database)
            let first = try await fixture.needs.assessments.createNeedsAssessment(
                Self.createAssessment("idem-1"),
                as: Self.owner
            )
            let before = try await Self.counts(database)
            fixture.time.advance(millis: 5_000)
            let again = try await fixture.needs.assessments.createNeedsAssessment(
                Self.createAssessment("idem-1"),
                as: Self.owner
            )
            #expect(again == first)
            #expect(try await Self.counts(database) == before)
        }
    }

    @Test(
        "IDEM-R1: the same request id with a different payload is ALREADY_EXISTS naming the first request; nothing changes",
        arguments: engines
    )
    func differentPayloadIsRefused(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try NeedsFixture(database: database)
            let first = try await fixture.needs.assessments.createNeedsAssessment(
                Self.createAssessment("idem-2"),
                as: Self.owner
            )
            let before = try await Self.counts(database)
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.assessments.createNeedsAssessment(
                    Self.createAssessment("idem-2", findings: "Something else."),
                    as: Self.owner
                )
            }
            #expect(error?.code == .alreadyExists)
            #expect(error?.violations.map(\.field) == ["request_id"])
            #expect(error?.violations.map(\.rule) == ["IDEM-R1"])
            let message = error?.message ?? ""
            #expect(message.contains("CreateNeedsAssessment"))
            // The fixture's clock: noon in Oslo on 2025-02-01, 11:00 UTC in winter.
            #expect(message.contains("2025-02-01T11:00:00Z"))
            #expect(message.contains("NeedsAssessment \(first.id)"))
            #expect(try await Self.counts(database) == before)
            // The first request still replays.
            #expect(
                try await fixture.needs.assessments.createNeedsAssessment(
                    Self.createAssessment("idem-2"),
                    as: Self.owner
                ) == first
            )
        }
    }

    @Test("IDEM-R1: a request id used for another command is ALREADY_EXISTS too", arguments: engines)
    func otherCommandIsRefused(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try NeedsFixture(database: database)
            let first = try await fixture.needs.assessments.createNeedsAssessment(
                Self.createAssessment("idem-3"),
                as: Self.owner
            )
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.assessments.updateNeedsAssessment(
                    .with {
                        $0.requestId = "idem-3"
                        $0.needsAssessmentId = first.id
                        $0.expectedVersion = first.version
                        $0.content = NeedsFixture.assessmentContent()
                    },
                    as: Self.owner
                )
            }
            #expect(error?.code == .alreadyExists)
            #expect(error?.message.contains("CreateNeedsAssessment") == true)
        }
    }

    @Test("a record stored before IDEM-R1 (no digest) keeps replaying", arguments: engines)
    func recordWithoutDigestReplays(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try NeedsFixture(database: database)
            let first = try await fixture.needs.assessments.createNeedsAssessment(
                Self.createAssessment("idem-legacy"),
                as: Self.owner
            )
            try await database.transaction { sql in
                try await sql.update("idempotency").set("payload_digest", to: SQLLiteral.null).run()
            }
            let replayed = try await fixture.needs.assessments.createNeedsAssessment(
                Self.createAssessment("idem-legacy", findings: "Other."),
                as: Self.owner
            )
            #expect(replayed == first)
        }
    }

    @Test(
        "IDEM-R2: after the expiry job the request id can be used again; within the period it cannot",
        arguments: engines
    )
    func expiryFreesTheRequestId(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try NeedsFixture(database: database)
            let first = try await fixture.needs.assessments.createNeedsAssessment(
                Self.createAssessment("idem-4"),
                as: Self.owner
            )
            let created = fixture.time.nowMillis()
            let day: Int64 = 86_400_000
            // The scheduler's own "once per entity and deadline" records never expire.
            let schedulerScope = "system:scheduler"
            try await database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "needs").remember(
                    IdempotencyRecord(
                        method: "AnnounceNeedsRoundClosingSoon",
                        response: [],
                        payloadDigest: nil,
                        createdAt: created
                    ),
                    callerOrg: schedulerScope,
                    requestId: "scheduler:NeedsRoundClosingSoon:r1:2025-03-01"
                )
            }
            #expect(try await IdempotencyExpiry.purge(database, retentionDays: 30, nowMillis: created + 30 * day) == 0)
            await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.assessments.createNeedsAssessment(
                    Self.createAssessment("idem-4", findings: "Later."),
                    as: Self.owner
                )
            }
            #expect(
                try await IdempotencyExpiry.purge(database, retentionDays: 30, nowMillis: created + 30 * day + 1) == 1
            )
            fixture.time.advance(days: 31)
            let second = try await fixture.needs.assessments.createNeedsAssessment(
                Self.createAssessment("idem-4", findings: "Later."),
                as: Self.owner
            )
            #expect(second.id != first.id)
            #expect(second.findings == "Later.")
            let kept = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "needs").idempotencyRecord(
                    callerOrg: schedulerScope,
                    requestId: "scheduler:NeedsRoundClosingSoon:r1:2025-03-01"
                )
            }
            #expect(kept != nil)
        }
    }

    @Test("IDEM-R2: the purge deletes every expired record in bounded transactions, and only those", arguments: engines)
    func purgeInChunks(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let day: Int64 = 86_400_000
            let now: Int64 = 1_800_000_000_000
            let old = now - 31 * day
            // 2 500 expired records of two callers, 7 fresh ones, and 3 of the scheduler's (never expire).
            typealias Record = (caller: String, id: String, at: Int64)
            let scheduler = "system:scheduler"  // the scheduler's scope, as in `expiryFreesTheRequestId`
            var built: [Record] = []
            for index in 0..<2_500 { built.append(("org-\(index % 2)", "old-\(index)", old - Int64(index))) }
            for index in 0..<7 { built.append(("org-0", "fresh-\(index)", now - day)) }
            for index in 0..<3 { built.append((scheduler, "sched-\(index)", old)) }
            let records = built
            try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "needs")
                for record in records {
                    try await store.remember(
                        IdempotencyRecord(method: "M", response: [1], payloadDigest: nil, createdAt: record.at),
                        callerOrg: record.caller,
                        requestId: record.id
                    )
                }
            }
            let before = database.commitStatistics.transactions
            #expect(
                try await IdempotencyExpiry.purge(database, retentionDays: 30, nowMillis: now, chunk: 1_000) == 2_500
            )
            // 1 000 + 1 000 + 500: three transactions, the last one short.
            #expect(database.commitStatistics.transactions - before == 3)
            let left = try await database.read { sql in
                try await sql.raw("SELECT request_id FROM idempotency ORDER BY request_id").all()
                    .map { try $0.decode(column: "request_id", as: String.self) }
            }
            let expected = records.filter { !$0.id.hasPrefix("old-") }.map(\.id).sorted()
            #expect(left == expected)
            // Nothing left to purge: one transaction that deletes nothing.
            #expect(try await IdempotencyExpiry.purge(database, retentionDays: 30, nowMillis: now, chunk: 1_000) == 0)
        }
    }

    @Test(
        "IDEM-R1: two concurrent requests with one id and different payloads leave exactly one effect",
        arguments: engines
    )
    func concurrentDuplicatesHaveOneEffect(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try NeedsFixture(database: database)
            let needs = fixture.needs
            let before = try await Self.counts(database)
            let outcomes = await withTaskGroup(of: Result<NeedsAssessment, any Error>.self) { group in
                for findings in ["First.", "Second."] {
                    group.addTask {
                        do {
                            return .success(
                                try await needs.assessments.createNeedsAssessment(
                                    Self.createAssessment("idem-5", findings: findings),
                                    as: Self.owner
                                )
                            )
                        } catch { return .failure(error) }
                    }
                }
                var all: [Result<NeedsAssessment, any Error>] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let created = outcomes.compactMap { try? $0.get() }
            let refused = outcomes.compactMap { outcome -> DomainError? in
                if case .failure(let error) = outcome { return error as? DomainError }
                return nil
            }
            #expect(created.count == 1)
            #expect(refused.map(\.code) == [.alreadyExists])
            let after = try await Self.counts(database)
            #expect(after["entities"] == before["entities"]! + 1)
            #expect(after["idempotency"] == before["idempotency"]! + 1)
        }
    }
}
