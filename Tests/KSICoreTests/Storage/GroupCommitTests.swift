import Foundation
import KSICore
import KSITestSupport
import SQLKit
import Testing

/// Group commit (issue 17, `CommitQueue`): write transactions waiting for the writer at the same time share
/// one engine transaction and one COMMIT, each in its own savepoint, and every caller is answered only after
/// the COMMIT. On a real SQLite file and on PostgreSQL.
///
/// Most cases hold the writer with an open transaction (`batched`) until the writes under test have all
/// queued, so they join one batch in a known order.
@Suite("Group commit on both engines", .timeLimit(.minutes(10)))
struct GroupCommitTests {
    static let engines = TestDatabase.Engine.allCases
    static let owner = NeedsFixture.caller(.kristiansandOwnerAdmin)

    struct Refused: Error {}

    /// The admission bound of the batches these tests compose: longer than the suite's time limit, so a slow,
    /// loaded machine (CI's parallel run) cannot end a batch before the callers the test queued have joined it.
    static let admission: Duration = .seconds(900)

    /// Runs `writes` while an open transaction holds the writer, starting each only after the one before
    /// has queued (so the queue's order is the list's), then lets the open transaction end: the writes join
    /// its batch, up to the batch limit. Returns each write's outcome and the holding transaction's.
    static func batched<T: Sendable>(
        _ database: KSIDatabase,
        holderFails: Bool = false,
        _ writes: [@Sendable () async throws -> T]
    ) async throws -> (results: [Result<T, any Error>], holder: Result<Void, any Error>) {
        let (opened, openedSignal) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await database.transaction { _ in
                openedSignal.yield()
                for await _ in release { break }
                if holderFails { throw Refused() }
            }
        }
        for await _ in opened { break }
        let results: [Result<T, any Error>]
        do {
            results = try await queueThenRelease(database, writes, release: releaseSignal)
        } catch {
            // Never leave the holder holding the writer: a test that stops here (a time limit, a writer that
            // never queued) would otherwise keep a connection leased for good, and a PostgreSQL client waits
            // for every lease before its run loop ends, so the test's database would never close.
            releaseSignal.yield()
            _ = await holder.result
            throw error
        }
        let held: Result<Void, any Error>
        do { held = .success(try await holder.value) } catch { held = .failure(error) }
        return (results, held)
    }

    /// Starts each write only after the one before has queued, then releases the holder and collects the outcomes.
    private static func queueThenRelease<T: Sendable>(
        _ database: KSIDatabase,
        _ writes: [@Sendable () async throws -> T],
        release releaseSignal: AsyncStream<Void>.Continuation
    ) async throws -> [Result<T, any Error>] {
        try await withThrowingTaskGroup(of: (Int, Result<T, any Error>).self) { group in
            for (index, write) in writes.enumerated() {
                group.addTask {
                    do { return (index, .success(try await write())) } catch { return (index, .failure(error)) }
                }
                try await waitUntil(database, waiting: index + 1)
            }
            releaseSignal.yield()
            var results: [Result<T, any Error>?] = Array(repeating: nil, count: writes.count)
            for try await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }

    /// Waits (at most 20 s) until `waiting` write transactions wait for the writer.
    static func waitUntil(_ database: KSIDatabase, waiting: Int) async throws {
        for _ in 0..<20_000 {
            if database.writersWaiting >= waiting { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        Issue.record("\(waiting) writers never queued (\(database.writersWaiting) did)")
        throw Refused()
    }

    static func assessment(
        _ requestId: String,
        findings: String = "Reading and inclusive practice."
    )
        -> CreateNeedsAssessmentRequest
    {
        var content = NeedsFixture.assessmentContent()
        content.findings = findings
        return CreateNeedsAssessmentRequest.with {
            $0.requestId = requestId
            $0.content = content
        }
    }

    /// `count` writes, each creating the needs assessment with request id `<prefix>-<n>` as the owner.
    static func assessmentWrites(
        _ count: Int,
        prefix: String,
        fixture: NeedsFixture
    ) -> [@Sendable () async throws -> NeedsAssessment] {
        (0..<count).map { index in
            {
                try await fixture.needs.assessments.createNeedsAssessment(
                    Self.assessment("\(prefix)-\(index)"),
                    as: Self.owner
                )
            }
        }
    }

    static func count(_ database: KSIDatabase, _ table: String) async throws -> Int {
        try await database.read { sql in
            try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(table).first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    @Test(
        "concurrent commands share commits, up to the batch limit, and every one is readable after",
        arguments: engines
    )
    func concurrentCommandsShareCommits(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            database.commitLimits = CommitQueue.Limits(maxCommands: 64, maxAdmission: Self.admission)
            let fixture = try NeedsFixture(database: database)
            let before = (database.commitStatistics, try await database.dataVersion())
            let writes = Self.assessmentWrites(100, prefix: "gc", fixture: fixture)
            let (results, holder) = try await Self.batched(database, writes)
            try holder.get()
            let created = try results.map { try $0.get() }
            // The holder and 63 queued commands fill the first batch (64); the other 37 share the next.
            let after = database.commitStatistics
            #expect(after.transactions - before.0.transactions == 2)
            #expect(after.commands - before.0.commands == 101)
            // Each command is still one write transaction for the data version.
            #expect(try await database.dataVersion().version == before.1.version + 101)
            for assessment in created {
                let stored = try await fixture.needs.assessments.getNeedsAssessment(
                    .with { $0.id = assessment.id },
                    as: Self.owner
                )
                #expect(stored == assessment)
            }
            #expect(try await Self.count(database, "idempotency") == 100)

            // Without a holder: 64 writers at once all commit and read back.
            let loose = try await withThrowingTaskGroup(of: NeedsAssessment.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        try await fixture.needs.assessments.createNeedsAssessment(
                            Self.assessment("loose-\(index)"),
                            as: Self.owner
                        )
                    }
                }
                return try await group.reduce(into: [NeedsAssessment]()) { $0.append($1) }
            }
            #expect(Set(loose.map(\.id)).count == 64)
            #expect(try await Self.count(database, "idempotency") == 164)
        }
    }

    @Test("a batch holds at most maxCommands; the callers beyond wait for the next one", arguments: engines)
    func batchLimit(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            database.commitLimits = CommitQueue.Limits(maxCommands: 4, maxAdmission: Self.admission)
            let fixture = try NeedsFixture(database: database)
            let before = database.commitStatistics
            let writes = Self.assessmentWrites(10, prefix: "limit", fixture: fixture)
            let (results, holder) = try await Self.batched(database, writes)
            try holder.get()
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            // 11 transactions of work in batches of 4, 4 and 3.
            #expect(database.commitStatistics.transactions - before.transactions == 3)
            #expect(database.commitStatistics.commands - before.commands == 11)
        }
    }

    @Test(
        "an opener that fails leaves nothing; the callers queued behind it commit in the next batch",
        arguments: engines
    )
    func failingOpener(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            database.commitLimits = CommitQueue.Limits(maxCommands: 64, maxAdmission: Self.admission)
            let fixture = try NeedsFixture(database: database)
            let before = (database.commitStatistics, try await database.dataVersion())
            let writes = Self.assessmentWrites(3, prefix: "next", fixture: fixture)
            let (results, holder) = try await Self.batched(database, holderFails: true, writes)
            #expect(throws: Refused.self) { try holder.get() }
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            #expect(database.commitStatistics.transactions - before.0.transactions == 1)
            #expect(database.commitStatistics.commands - before.0.commands == 3)
            #expect(try await database.dataVersion().version == before.1.version + 3)
            #expect(try await Self.count(database, "entities") == 3)
        }
    }

    @Test("with a batch of one every write commits alone, and a failing one leaves nothing", arguments: engines)
    func batchOfOne(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            database.commitLimits = CommitQueue.Limits(maxCommands: 1, maxAdmission: Self.admission)
            let fixture = try NeedsFixture(database: database)
            let before = (database.commitStatistics, try await database.dataVersion())
            let writes: [@Sendable () async throws -> String] = [
                {
                    try await fixture.needs.assessments.createNeedsAssessment(Self.assessment("one-1"), as: Self.owner)
                        .id
                },
                {
                    try await database.transaction { sql in
                        try await StoreTransaction(sql: sql, context: "needs").insert(
                            NeedsReport.with { $0.id = "never-stored" },
                            at: 1_000
                        )
                        throw Refused()
                    }
                },
                {
                    try await fixture.needs.assessments.createNeedsAssessment(Self.assessment("one-2"), as: Self.owner)
                        .id
                },
            ]
            let (results, holder) = try await Self.batched(database, writes)
            try holder.get()
            _ = try results[0].get()
            #expect(throws: Refused.self) { try results[1].get() }
            _ = try results[2].get()
            #expect(database.commitStatistics.transactions - before.0.transactions == 3)
            #expect(database.commitStatistics.commands - before.0.commands == 3)
            #expect(try await database.dataVersion().version == before.1.version + 3)
            #expect(try await Self.count(database, "entities") == 2)
        }
    }

    @Test(
        "a failing command in a batch leaves the others committed and nothing of its own",
        arguments: engines
    )
    func failureIsRolledBackAlone(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            database.commitLimits = CommitQueue.Limits(maxCommands: 64, maxAdmission: Self.admission)
            let fixture = try NeedsFixture(database: database)
            let existing = try await fixture.needs.assessments.createNeedsAssessment(
                Self.assessment("existing"),
                as: Self.owner
            )
            let before = try await database.dataVersion()
            let counts = try await IdempotencyTests.counts(database)
            let writes: [@Sendable () async throws -> String] = [
                {
                    try await fixture.needs.assessments.createNeedsAssessment(Self.assessment("kept-1"), as: Self.owner)
                        .id
                },
                {
                    // Writes an entity, then throws: the savepoint is undone.
                    try await database.transaction { sql in
                        try await StoreTransaction(sql: sql, context: "needs").insert(
                            NeedsReport.with { $0.id = "never-stored" },
                            at: 1_000
                        )
                        throw Refused()
                    }
                },
                {
                    // A stale expected version: the domain refuses (CONC-R1).
                    try await fixture.needs.assessments.updateNeedsAssessment(
                        .with {
                            $0.requestId = "stale"
                            $0.needsAssessmentId = existing.id
                            $0.expectedVersion = existing.version + 7
                            $0.content = NeedsFixture.assessmentContent()
                        },
                        as: Self.owner
                    ).id
                },
                {
                    try await fixture.needs.assessments.createNeedsAssessment(Self.assessment("kept-2"), as: Self.owner)
                        .id
                },
            ]
            let (results, holder) = try await Self.batched(database, writes)
            try holder.get()
            let keptFirst = try results[0].get()
            let keptSecond = try results[3].get()
            #expect(throws: Refused.self) { try results[1].get() }
            let conflict = #expect(throws: DomainError.self) { try results[2].get() }
            #expect(conflict?.code == .versionConflict)
            #expect(conflict?.metadata["actual_version"] == String(existing.version))
            #expect(
                try await StoreTransaction.read(database) { try await $0.get(NeedsReport.self, id: "never-stored") }
                    == nil
            )
            let stored = try await fixture.needs.assessments.getNeedsAssessment(
                .with { $0.id = existing.id },
                as: Self.owner
            )
            #expect(stored == existing)
            for id in [keptFirst, keptSecond] {
                #expect(
                    try await fixture.needs.assessments.getNeedsAssessment(.with { $0.id = id }, as: Self.owner).id
                        == id
                )
            }
            // Two entities, their audit rows and request records; the holder and the two kept commands moved
            // the data version, the failed ones did not.
            let after = try await IdempotencyTests.counts(database)
            #expect(after["entities"] == counts["entities"]! + 2)
            #expect(after["audit_log"] == counts["audit_log"]! + 2)
            #expect(after["idempotency"] == counts["idempotency"]! + 2)
            #expect(after["events"] == counts["events"])
            #expect(try await database.dataVersion().version == before.version + 3)
        }
    }

    /// A caller's task, reachable from the work it handed to a batch (which runs in the batch's task).
    final class CallerTask: @unchecked Sendable {
        // @unchecked: `task` is only touched under `lock`.
        private let lock = NSLock()
        private var task: Task<String, any Error>?

        func set(_ task: Task<String, any Error>) { lock.withLock { self.task = task } }
        func cancel() { lock.withLock { task }?.cancel() }
    }

    @Test(
        "a caller cancelled while its work runs in a batch: work that throws is undone alone, work that completes commits; the others commit",
        arguments: engines
    )
    func cancelledMemberLeavesTheBatch(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            database.commitLimits = CommitQueue.Limits(maxCommands: 64, maxAdmission: Self.admission)
            let before = try await database.dataVersion()
            let report: @Sendable (String) -> NeedsReport = { id in NeedsReport.with { $0.id = id } }
            let insert: @Sendable (String, _ cancelCaller: Bool, _ thenThrow: Bool) async throws -> String = {
                id,
                cancelCaller,
                thenThrow in
                let caller = CallerTask()
                let task = Task {
                    try await database.transaction { sql in
                        try await StoreTransaction(sql: sql, context: "needs").insert(report(id), at: 1_000)
                        // The caller's task is cancelled (its client went away) while its savepoint is open.
                        if cancelCaller { caller.cancel() }
                        if thenThrow { throw CancellationError() }
                        return id
                    }
                }
                caller.set(task)
                return try await task.value
            }
            let writes: [@Sendable () async throws -> String] = [
                { try await insert("kept-1", false, false) },
                { try await insert("cancelled-in-work", true, true) },
                { try await insert("cancelled-after-work", true, false) },
                { try await insert("kept-2", false, false) },
            ]
            let (results, holder) = try await Self.batched(database, writes)
            try holder.get()
            #expect(try results[0].get() == "kept-1")
            #expect(throws: CancellationError.self) { try results[1].get() }
            // Its work had run when the caller was cancelled, so it waited for the commit and is told so; on
            // PostgreSQL too, whose driver refuses statements of a cancelled task: the work runs in the
            // batch's task, not the caller's.
            #expect(try results[2].get() == "cancelled-after-work")
            #expect(try results[3].get() == "kept-2")
            for (id, stored) in [
                ("kept-1", true), ("cancelled-in-work", false), ("cancelled-after-work", true), ("kept-2", true),
            ] {
                let found = try await StoreTransaction.read(database) { try await $0.get(NeedsReport.self, id: id) }
                #expect((found != nil) == stored, "\(id)")
            }
            // The holder and the three kept writes moved the version; the undone one did not.
            #expect(try await database.dataVersion().version == before.version + 4)
        }
    }

    @Test(
        "IDEM-R1 inside one batch: a repeated request id replays, another payload under it is refused",
        arguments: engines
    )
    func repeatedRequestIdInOneBatch(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            database.commitLimits = CommitQueue.Limits(maxCommands: 64, maxAdmission: Self.admission)
            let fixture = try NeedsFixture(database: database)
            let create: @Sendable (String) async throws -> NeedsAssessment = { findings in
                try await fixture.needs.assessments.createNeedsAssessment(
                    Self.assessment("same-id", findings: findings),
                    as: Self.owner
                )
            }
            let writes: [@Sendable () async throws -> NeedsAssessment] = [
                { try await create("First.") }, { try await create("First.") }, { try await create("Other.") },
            ]
            let (results, holder) = try await Self.batched(database, writes)
            try holder.get()
            let first = try results[0].get()
            #expect(try results[1].get() == first)
            let refused = #expect(throws: DomainError.self) { try results[2].get() }
            #expect(refused?.code == .alreadyExists)
            #expect(refused?.violations.map(\.rule) == ["IDEM-R1"])
            #expect(try await Self.count(database, "idempotency") == 1)
            #expect(try await Self.count(database, "entities") == 1)
        }
    }

    @Test(
        "the events of a batch take sequence numbers in the batch's order; a failed command leaves no gap on SQLite",
        arguments: engines
    )
    func eventsInOrder(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            database.commitLimits = CommitQueue.Limits(maxCommands: 64, maxAdmission: Self.admission)
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            var made: [NeedsReport] = []
            for _ in 0..<12 { made.append(try await fixture.draft(in: round)) }
            let drafts = made
            let tail =
                try await StoreTransaction.read(database) { try await $0.events(after: 0, limit: 1000) }.last?
                .sequence ?? 0
            var writes: [@Sendable () async throws -> String] = drafts.map { draft in
                { try await fixture.submit(draft).id }
            }
            // A write that appends an event and then fails, in the middle of the batch.
            let failing: @Sendable () async throws -> String = {
                try await database.transaction { sql in
                    try await sql.insert(into: "events")
                        .columns("context", "type", "aggregate_id", "occurred_at", "payload")
                        .values(
                            SQLBind("needs"),
                            SQLBind("gc.failed"),
                            SQLBind("failed"),
                            SQLBind(Int64(1)),
                            SQLBind(Data())
                        )
                        .run()
                    throw Refused()
                }
            }
            writes.insert(failing, at: 6)
            let (results, holder) = try await Self.batched(database, writes)
            try holder.get()
            #expect(throws: Refused.self) { try results[6].get() }
            let submitted = try results.enumerated().filter { $0.offset != 6 }.map { try $0.element.get() }
            let events = try await StoreTransaction.read(database) { try await $0.events(after: tail, limit: 1000) }
            #expect(events.map(\.aggregateId) == submitted)
            #expect(events.map(\.aggregateId) == drafts.map(\.id))
            let sequences = events.map(\.sequence)
            #expect(sequences == sequences.sorted() && Set(sequences).count == sequences.count)
            if engine == .sqlite {
                #expect(sequences == Array((tail + 1)...(tail + Int64(drafts.count))))
            }
        }
    }

    @Test(
        "a reader polling the outbox while batches commit never sees a gap that fills later",
        arguments: engines
    )
    func pollerSeesNoLateFilledGap(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            var made: [NeedsReport] = []
            for _ in 0..<96 { made.append(try await fixture.draft(in: round)) }
            let drafts = made
            let tail =
                try await StoreTransaction.read(database) { try await $0.events(after: 0, limit: 1000) }.last?
                .sequence ?? 0
            // Polls until it has seen all 96 events (at most 20 000 polls).
            let poller = Task { () -> [[Int64]] in
                var seen: [[Int64]] = []
                while seen.last?.count ?? 0 < drafts.count && seen.count < 20_000 {
                    seen.append(
                        try await StoreTransaction.read(database) { try await $0.events(after: tail, limit: 1000) }.map(
                            \.sequence
                        )
                    )
                    try await Task.sleep(for: .microseconds(200))
                }
                return seen
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for draft in drafts { group.addTask { _ = try await fixture.submit(draft) } }
                try await group.waitForAll()
            }
            let observations = try await poller.value
            let final = try await StoreTransaction.read(database) { try await $0.events(after: tail, limit: 1000) }.map(
                \.sequence
            )
            #expect(final.count == 96)
            // The poller saw the outbox part-way as well as complete.
            #expect(observations.contains { !$0.isEmpty && $0.count < drafts.count })
            #expect(observations.last?.count == drafts.count)
            for seen in observations {
                // What a poller saw is exactly the final outbox up to the highest number it saw.
                #expect(seen == final.filter { $0 <= (seen.last ?? tail) })
            }
        }
    }

    @Test("when the COMMIT fails, no caller of the batch is acknowledged and nothing is stored", arguments: engines)
    func failedCommitAnswersEveryoneWithAnError(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            database.commitLimits = CommitQueue.Limits(maxCommands: 64, maxAdmission: Self.admission)
            // A deferred foreign key is checked at COMMIT, on both engines: an orphan row makes COMMIT fail.
            try await database.transaction { sql in
                try await sql.raw("CREATE TABLE gc_parent (id TEXT PRIMARY KEY)").run()
                try await sql.raw(
                    "CREATE TABLE gc_child (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES gc_parent(id) DEFERRABLE INITIALLY DEFERRED)"
                ).run()
            }
            let fixture = try NeedsFixture(database: database)
            let before = (try await database.dataVersion(), try await IdempotencyTests.counts(database))
            let writes: [@Sendable () async throws -> String] = [
                {
                    try await fixture.needs.assessments.createNeedsAssessment(Self.assessment("lost-1"), as: Self.owner)
                        .id
                },
                {
                    try await database.transaction { sql in
                        try await sql.raw("INSERT INTO gc_child (id, parent_id) VALUES ('c1', 'no-such-parent')").run()
                        return "orphan"
                    }
                },
                {
                    try await fixture.needs.assessments.createNeedsAssessment(Self.assessment("lost-2"), as: Self.owner)
                        .id
                },
            ]
            let (results, holder) = try await Self.batched(database, writes)
            #expect(throws: (any Error).self) { try holder.get() }
            for result in results {
                #expect(throws: (any Error).self) { try result.get() }
            }
            #expect(try await database.dataVersion() == before.0)
            #expect(try await IdempotencyTests.counts(database) == before.1)
            #expect(try await Self.count(database, "gc_child") == 0)
            // The writer works on: the same requests succeed in a later batch.
            let retried = try await fixture.needs.assessments.createNeedsAssessment(
                Self.assessment("lost-1"),
                as: Self.owner
            )
            #expect(!retried.id.isEmpty)
        }
    }

    @Test("a caller cancelled while it waits for the writer leaves the queue and writes nothing", arguments: engines)
    func cancelledWhileWaiting(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let fixture = try NeedsFixture(database: database)
            let (opened, openedSignal) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
            let holder = Task {
                try await database.transaction { _ in
                    openedSignal.yield()
                    for await _ in release { break }
                }
            }
            // However the test ends, the holder lets the writer go (see `batched`).
            defer { releaseSignal.yield() }
            for await _ in opened { break }
            let waiting = Task {
                try await fixture.needs.assessments.createNeedsAssessment(Self.assessment("cancelled"), as: Self.owner)
            }
            try await Self.waitUntil(database, waiting: 1)
            waiting.cancel()
            await #expect(throws: CancellationError.self) { try await waiting.value }
            #expect(database.writersWaiting == 0)
            releaseSignal.yield()
            try await holder.value
            #expect(try await Self.count(database, "entities") == 0)
            #expect(try await Self.count(database, "idempotency") == 0)
        }
    }
}

extension StoreTransaction {
    /// A read of the needs context's store.
    static func read<R: Sendable>(
        _ database: KSIDatabase,
        _ body: @escaping @Sendable (StoreTransaction) async throws -> R
    ) async throws -> R {
        try await database.read { sql in try await body(StoreTransaction(sql: sql, context: "needs")) }
    }
}
