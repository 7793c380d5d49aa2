import Foundation
import SQLKit

/// Group commit (issue 17): the write transactions of one database that wait for the writer at the same
/// time share one engine transaction and one `COMMIT` — one fsync instead of one each.
///
/// The first caller to find the writer free *opens* a batch: it takes the writer connection, begins the
/// transaction and runs its own work (alone in the transaction so far, so without a savepoint: when it fails
/// the transaction rolls back and the next caller opens a new one). Then it lends the open transaction, one at a time in arrival order,
/// to the callers that queued meanwhile; each runs its work in its own task, inside a `SAVEPOINT`:
/// released when the work succeeds, rolled back alone (`ROLLBACK TO`) when it throws, so a failing
/// command leaves nothing and the others keep theirs. When no one is waiting, the batch is full
/// (`Limits.maxCommands`) or it has admitted for `Limits.maxAdmission`, the opener commits, and only then
/// is every caller of the batch answered: the committed result, its own error, or — when `COMMIT` fails
/// or a savepoint could not be undone — the batch's error for everyone (nothing of the batch is stored).
/// Callers arriving while a batch commits wait for the next batch, whose opener is the first of them.
///
/// The commands of a batch run one after another on one connection, so they are serialised exactly as
/// separate transactions were: a later command reads what an earlier one wrote (a repeated request id
/// replays), and outbox sequence numbers are taken in order and become visible together at the commit.
///
/// Bounded: a batch holds at most `maxCommands` commands; a caller beyond waits (suspended, one
/// continuation) for a later batch, first come first served — never dropped. A caller cancelled while
/// it waits leaves the queue with `CancellationError` and runs nothing; once its work has run it waits
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
        switch try await enter() {
        case .open:
            defer { handOn() }
            return try await lead(work)
        case .join(let batch):
            let result = await batch.run(work)
            try await batch.leave()
            return try result.get()
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
            let started = ContinuousClock.now
            while batch.size < limits.maxCommands, batch.failure == nil,
                ContinuousClock.now - started < limits.maxAdmission,
                let next = self.nextMember()
            {
                await batch.lend(to: next)
            }
            own.batchFailure = await self.end(batch)
        }
        guard let result = own.result else { throw CommitQueueError.noResult }
        if let failure = own.batchFailure { throw failure }
        return try result.get()
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
        /// Run in this open batch.
        case join(Batch)
    }

    private final class Ticket: @unchecked Sendable {
        // @unchecked: touched only under the queue's mutex.
        var continuation: CheckedContinuation<Role, any Error>?
        var cancelled = false
    }

    /// Opens a batch when the writer is free, or waits until a batch admits this caller or hands it the
    /// opening of the next one. A caller cancelled while waiting leaves the queue.
    private func enter() async throws -> Role {
        let ticket = Ticket()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Role, any Error>) in
                let immediate: Result<Role, any Error>? = mutex.withLock {
                    if !busy {
                        busy = true
                        return .success(.open)
                    }
                    if ticket.cancelled { return .failure(CancellationError()) }
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
                defer { ticket.continuation = nil }
                return ticket.continuation
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// The first waiting caller, taken out of the queue to join the open batch.
    private func nextMember() -> CheckedContinuation<Role, any Error>? {
        mutex.withLock {
            guard !waiting.isEmpty else { return nil }
            let ticket = waiting.removeFirst()
            defer { ticket.continuation = nil }
            return ticket.continuation
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
            defer { ticket.continuation = nil }
            return ticket.continuation
        }
        next?.resume(returning: .open)
    }

    // MARK: One batch

    /// One open transaction, lent to one member at a time.
    private final class Batch: @unchecked Sendable {
        // @unchecked: the counters are touched by the member holding the transaction (one at a time, handed
        // on through continuations); `outcomes`, `step` and `failure` also under `lock`.
        let sql: any SQLDatabase
        private let lock = NSLock()
        private var step: CheckedContinuation<Void, Never>?
        private var outcomes: [CheckedContinuation<Void, any Error>] = []
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

        /// Runs one member's work in its own savepoint.
        func run<R: Sendable>(_ work: @Sendable (any SQLDatabase) async throws -> R) async -> Result<R, any Error> {
            size += 1
            do {
                try await sql.runUncancelled("SAVEPOINT ksi_command")
            } catch {
                lock.withLock { savedFailure = savedFailure ?? error }
                return .failure(error)
            }
            do {
                let result = try await work(sql)
                try await sql.runUncancelled("RELEASE SAVEPOINT ksi_command")
                kept += 1
                return .success(result)
            } catch {
                do {
                    try await sql.runUncancelled("ROLLBACK TO SAVEPOINT ksi_command")
                    try await sql.runUncancelled("RELEASE SAVEPOINT ksi_command")
                } catch let undo {
                    lock.withLock { savedFailure = savedFailure ?? undo }
                }
                return .failure(error)
            }
        }

        /// The opener lends the transaction to a waiting caller and waits until its work has run.
        func lend(to member: CheckedContinuation<Role, any Error>) async {
            await withCheckedContinuation { (step: CheckedContinuation<Void, Never>) in
                lock.withLock { self.step = step }
                member.resume(returning: .join(self))
            }
        }

        /// A member is done with the transaction: hands it back to the opener, then waits for the commit
        /// (not cancellable: its work is in the transaction, so only the commit can tell how it ended).
        func leave() async throws {
            try await withCheckedThrowingContinuation { (outcome: CheckedContinuation<Void, any Error>) in
                let step: CheckedContinuation<Void, Never>? = lock.withLock {
                    outcomes.append(outcome)
                    defer { self.step = nil }
                    return self.step
                }
                step?.resume()
            }
        }

        /// Answers every member: committed, or the batch's error.
        func finish(_ failure: (any Error)?) {
            let waiting: [CheckedContinuation<Void, any Error>] = lock.withLock {
                savedFailure = failure
                defer { outcomes = [] }
                return outcomes
            }
            for outcome in waiting {
                if let failure { outcome.resume(throwing: failure) } else { outcome.resume() }
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
