import Foundation
import SQLKit

/// Group commit (issue 17): the write transactions of one database that wait for the writer at the same
/// time share one engine transaction and one `COMMIT` — one fsync instead of one each.
///
/// The first caller to find the writer free *opens* a batch: it takes the writer connection, begins the
/// transaction and runs its own work in its own task (alone in the transaction so far, so without a
/// savepoint: when it fails the transaction rolls back and the next caller opens a new one). Then the callers
/// that queued meanwhile have their work run one after another, in arrival order, each inside a `SAVEPOINT`:
/// released when the work succeeds, rolled back alone (`ROLLBACK TO`) when it throws, so a failing command
/// leaves nothing and the others keep theirs. When no one is waiting, the batch is full (`Limits.maxCommands`)
/// or it has admitted for `Limits.maxAdmission`, the opener commits, and only then is every caller of the
/// batch answered: the committed result, its own error, or — when `COMMIT` fails or a savepoint could not be
/// undone — the batch's error for everyone (nothing of the batch is stored). Callers arriving while a batch
/// commits wait for the next batch, whose opener is the first of them.
///
/// The queued callers' work runs in one task of the batch (`runMembers`), not in each caller's task: handing
/// the transaction from task to task cost two thread wake-ups per command on the batch's serial path, which
/// is what set the write rate once SQLite's statements ran on the calling thread (`SQLiteWriter`). That task
/// is not a child of any caller, so a caller's cancellation reaches neither its own work nor the others'
/// once the work has started (PostgreSQL's driver refuses every statement of a cancelled task).
///
/// The commands of a batch run one after another on one connection, so they are serialised exactly as
/// separate transactions were: a later command reads what an earlier one wrote (a repeated request id
/// replays), and outbox sequence numbers are taken in order and become visible together at the commit.
///
/// Bounded: a batch holds at most `maxCommands` commands; a caller beyond waits (suspended, one
/// continuation) for a later batch, first come first served — never dropped. A caller cancelled while
/// it waits leaves the queue with `CancellationError` and runs nothing; once its work has started it waits
/// for the commit like the others (at most one commit's time), so it is never told "failed" for a write
/// that commits.
package final class CommitQueue: @unchecked Sendable {
    // @unchecked: `busy`, `waiting`, the tickets and the statistics are only touched under `mutex`.

    /// The bounds of one batch.
    package struct Limits: Sendable, Equatable {
        /// The most commands one transaction holds (at least one).
        package var maxCommands: Int
        /// How long after its start a batch still admits waiting callers; bounds the wait of its first
        /// caller when others keep arriving.
        package var maxAdmission: Duration

        package init(maxCommands: Int, maxAdmission: Duration) {
            self.maxCommands = maxCommands
            self.maxAdmission = maxAdmission
        }

        /// 64 commands: at most 64 savepoints, which PostgreSQL keeps in its per-backend cache of
        /// subtransactions (more would overflow it); 5 ms: a few fsyncs' time on a common disk.
        package static let standard = Limits(maxCommands: 64, maxAdmission: .milliseconds(5))
    }

    /// The limits a database opened in this process starts with: `Limits.standard` unless a benchmark
    /// changed them (`ksi-bench rpc --commit-batch`).
    static var processDefault: Limits {
        get { processDefaultBox.withLock { $0 } }
        set {
            precondition(newValue.maxCommands >= 1, "a batch holds at least one command")
            processDefaultBox.withLock { $0 = newValue }
        }
    }
    private static let processDefaultBox = LockedValue(Limits.standard)

    /// Lends the writer connection for the scope of the closure (SQLite: the single writer; PostgreSQL:
    /// a pooled connection); the queue begins, commits or rolls back the transaction on it.
    typealias Writer = @Sendable (_ use: @Sendable (any SQLDatabase) async throws -> Void) async throws -> Void

    /// How many batches committed and how many commands they held (for tests and benchmarks).
    struct Statistics: Sendable, Equatable {
        var transactions = 0
        var commands = 0
    }

    private let writer: Writer
    private let begin: @Sendable (any SQLDatabase) async throws -> Void
    private let rollback: TransactionRollback
    private let mutex = NSLock()
    /// A batch holds the writer (open, running commands or committing).
    private var busy = false
    /// Callers waiting for the writer, first come first served.
    private var waiting: [Ticket] = []
    private var statistics = Statistics()
    private var currentLimits: Limits

    init(
        limits: Limits = .standard,
        writer: @escaping Writer,
        begin: @escaping @Sendable (any SQLDatabase) async throws -> Void,
        rollback: TransactionRollback
    ) {
        self.currentLimits = limits
        self.writer = writer
        self.begin = begin
        self.rollback = rollback
    }

    var committed: Statistics { mutex.withLock { statistics } }

    /// The bounds the next batch uses (tests and benchmarks change them).
    var limits: Limits {
        get { mutex.withLock { currentLimits } }
        set {
            precondition(newValue.maxCommands >= 1, "a batch holds at least one command")
            mutex.withLock { currentLimits = newValue }
        }
    }

    /// How many callers wait for the writer now.
    var waitingCount: Int { mutex.withLock { waiting.count } }

    /// Runs `work` in a transaction shared with the callers waiting at the same time; returns once the
    /// transaction has committed (durably, as the engine's settings make any commit).
    func perform<R: Sendable>(_ work: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        // The queued work runs in the batch's task while this caller waits for the commit, so it never
        // outlives this call: every holder drops it (`Ticket.takeJob`) before the caller is answered.
        try await withoutActuallyEscaping(work) { work in
            let own = ResultBox<R>()
            let ticket = Ticket { sql in
                do {
                    own.result = .success(try await work(sql))
                    return nil
                } catch {
                    own.result = .failure(error)
                    return error
                }
            }
            switch try await enter(ticket) {
            case .open:
                defer { handOn() }
                return try await lead(work)
            case .ran(let failure):
                if let failure { throw failure }
                guard let result = own.result else { throw CommitQueueError.noResult }
                return try result.get()
            }
        }
    }

    // MARK: The opener

    private func lead<R: Sendable>(_ work: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let own = ResultBox<R>()
        let limits = self.limits
        try await writer { sql in
            do {
                try await self.begin(sql)
            } catch {
                await self.rollback.run(on: sql, context: "BEGIN of a write batch failed", cause: error)
                throw error
            }
            // The opener is alone in the transaction while its own work runs, so that work needs no
            // savepoint: when it fails the whole transaction rolls back (nothing else is in it) and the
            // callers queued meanwhile open the next batch. A lone write therefore runs exactly the
            // statements of a plain transaction; so does every write with a batch of one
            // (`ksi-bench rpc --commit-batch 1`, the benchmarks' baseline).
            let batch = Batch(sql)
            do {
                own.result = .success(try await work(sql))
                batch.openerKept()
            } catch {
                await self.rollback.run(on: sql, context: "the command that opened a write batch failed", cause: error)
                own.result = .failure(error)
                return
            }
            if self.waitingCount > 0 {
                // The queued callers' work runs in one task of its own (see the type's comment).
                await Task { await self.runMembers(of: batch, limits: limits) }.value
            }
            own.batchFailure = await self.end(batch)
        }
        guard let result = own.result else { throw CommitQueueError.noResult }
        if let failure = own.batchFailure { throw failure }
        return try result.get()
    }

    /// Runs the waiting callers' work in the open batch, in arrival order, until no one waits, the batch is
    /// full, it has admitted for `maxAdmission` or a savepoint could not be undone.
    private func runMembers(of batch: Batch, limits: Limits) async {
        let started = ContinuousClock.now
        while batch.size < limits.maxCommands, batch.failure == nil,
            ContinuousClock.now - started < limits.maxAdmission,
            let member = nextMember()
        {
            await batch.run(member)
        }
    }

    /// Commits the batch (or rolls it back when nothing of it is kept or it failed), answers its members
    /// and returns the batch's error.
    private func end(_ batch: Batch) async -> (any Error)? {
        var failure = batch.failure
        if failure == nil && batch.kept > 0 {
            do {
                try await batch.sql.runUncancelled("COMMIT")
                mutex.withLock {
                    statistics.transactions += 1
                    statistics.commands += batch.kept
                }
            } catch {
                failure = error
                await rollback.run(on: batch.sql, context: "COMMIT of a write batch failed", cause: error)
            }
        } else if let failure {
            await rollback.run(
                on: batch.sql,
                context: "a savepoint of a write batch could not be undone",
                cause: failure
            )
        } else {
            await rollback.run(on: batch.sql, context: "no command of a write batch was kept")
        }
        batch.finish(failure)
        return failure
    }

    // MARK: The queue

    private enum Role: Sendable {
        /// Open the next batch.
        case open
        /// This caller's work ran in a batch, which has ended: committed (nil) or failed with the error.
        case ran((any Error)?)
    }

    /// The work a queued caller hands to the batch: runs it and returns its error, if any.
    private typealias Job = @Sendable (any SQLDatabase) async -> (any Error)?

    private final class Ticket: @unchecked Sendable {
        // @unchecked: `job`, `continuation` and `cancelled` are touched only under the queue's mutex.
        private var job: Job?
        var continuation: CheckedContinuation<Role, any Error>?
        var cancelled = false

        init(_ job: @escaping Job) { self.job = job }

        /// The caller's work, handed out once; the ticket keeps no reference to it afterwards (it must not
        /// outlive the caller's `perform`).
        func takeJob() -> Job? {
            defer { job = nil }
            return job
        }
    }

    /// A queued caller taken into a batch: its work and how to answer it.
    private struct Member: Sendable {
        let job: Job
        let answer: CheckedContinuation<Role, any Error>
    }

    /// Opens a batch when the writer is free, or waits until a batch has run this caller's work and ended,
    /// or hands it the opening of the next one. A caller cancelled while waiting leaves the queue.
    private func enter(_ ticket: Ticket) async throws -> Role {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Role, any Error>) in
                let immediate: Result<Role, any Error>? = mutex.withLock {
                    if !busy {
                        busy = true
                        _ = ticket.takeJob()
                        return .success(.open)
                    }
                    if ticket.cancelled {
                        _ = ticket.takeJob()
                        return .failure(CancellationError())
                    }
                    ticket.continuation = continuation
                    waiting.append(ticket)
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Role, any Error>? = mutex.withLock {
                ticket.cancelled = true
                guard let index = waiting.firstIndex(where: { $0 === ticket }) else { return nil }
                waiting.remove(at: index)
                _ = ticket.takeJob()
                defer { ticket.continuation = nil }
                return ticket.continuation
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// The first waiting caller, taken out of the queue to run in the open batch.
    private func nextMember() -> Member? {
        while true {
            let taken: (job: Job?, answer: CheckedContinuation<Role, any Error>?)? = mutex.withLock {
                guard !waiting.isEmpty else { return nil }
                let ticket = waiting.removeFirst()
                defer { ticket.continuation = nil }
                return (ticket.takeJob(), ticket.continuation)
            }
            guard let taken else { return nil }
            if let job = taken.job, let answer = taken.answer { return Member(job: job, answer: answer) }
            // A queued ticket always has both; answer rather than strand a caller if that ever breaks.
            taken.answer?.resume(throwing: CommitQueueError.noResult)
        }
    }

    /// After a batch: the first waiting caller opens the next one, or the writer is free.
    private func handOn() {
        let next: CheckedContinuation<Role, any Error>? = mutex.withLock {
            guard !waiting.isEmpty else {
                busy = false
                return nil
            }
            let ticket = waiting.removeFirst()
            _ = ticket.takeJob()
            defer { ticket.continuation = nil }
            return ticket.continuation
        }
        next?.resume(returning: .open)
    }

    // MARK: One batch

    /// One open transaction and the members whose work ran in it.
    private final class Batch: @unchecked Sendable {
        // @unchecked: the counters and `answers` are touched by one task at a time (the opener, then the
        // members' task, which the opener awaits); `savedFailure` also under `lock`.
        let sql: any SQLDatabase
        private let lock = NSLock()
        private var answers: [(CheckedContinuation<Role, any Error>, (any Error)?)] = []
        private var savedFailure: (any Error)?
        /// Members that ran, and those whose work is kept (released savepoints).
        private(set) var size = 0
        private(set) var kept = 0

        init(_ sql: any SQLDatabase) { self.sql = sql }

        /// Set when a savepoint could not be released or undone: the transaction is in an unknown state,
        /// so the batch rolls back and every member gets this error.
        var failure: (any Error)? { lock.withLock { savedFailure } }

        /// The opener's own work, run before any member and without a savepoint, is kept.
        func openerKept() {
            size += 1
            kept += 1
        }

        /// Runs one member's work in its own savepoint; the member is answered when the batch ends.
        func run(_ member: Member) async {
            size += 1
            do {
                try await sql.runUncancelled("SAVEPOINT ksi_command")
            } catch {
                lock.withLock { savedFailure = savedFailure ?? error }
                answers.append((member.answer, error))
                return
            }
            let workError = await member.job(sql)
            var releaseError: (any Error)?
            if workError == nil {
                do {
                    try await sql.runUncancelled("RELEASE SAVEPOINT ksi_command")
                    kept += 1
                    answers.append((member.answer, nil))
                    return
                } catch {
                    releaseError = error
                }
            }
            do {
                try await sql.runUncancelled("ROLLBACK TO SAVEPOINT ksi_command")
                try await sql.runUncancelled("RELEASE SAVEPOINT ksi_command")
            } catch let undo {
                lock.withLock { savedFailure = savedFailure ?? undo }
            }
            // The work's own error is already in the member's result; a RELEASE that failed is its answer.
            answers.append((member.answer, releaseError))
        }

        /// Answers every member: committed, its own error, or the batch's error.
        func finish(_ failure: (any Error)?) {
            let waiting = lock.withLock {
                savedFailure = failure
                defer { answers = [] }
                return answers
            }
            for (answer, ownError) in waiting {
                answer.resume(returning: .ran(failure ?? ownError))
            }
        }
    }

    /// The opener's own result, carried out of the writer's closure.
    private final class ResultBox<R: Sendable>: @unchecked Sendable {
        // @unchecked: written inside the writer's closure, read after it returned.
        var result: Result<R, any Error>?
        var batchFailure: (any Error)?
    }
}

/// The writer closure returned without running the batch (a defect of the engine adapter).
enum CommitQueueError: Error {
    case noResult
}

/// A value behind a lock.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.withLock { body(&value) }
    }
}
