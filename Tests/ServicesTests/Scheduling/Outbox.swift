import KSICore
import Logging
import Services

/// Reads a service's outbox the way a relay would, for the scheduled-job tests.
enum Outbox {
    /// The payloads of the events of `type` in the outbox of `context` ("allocation", "needs", …), oldest first.
    static func events<E: WireMessage>(
        _ type: String,
        as _: E.Type,
        context: String,
        in database: KSIDatabase
    ) async throws -> [E] {
        try await database.read { sql in
            try await StoreTransaction(sql: sql, context: context).events(after: 0, limit: 1000)
                .filter { $0.type == type }
                .map { try E(wireBytes: $0.payload) }
        }
    }

    /// An entity as stored.
    static func stored<E: StoredEntity>(_ type: E.Type, id: String, in database: KSIDatabase) async throws -> E {
        try await database.read { sql in
            try await StoreTransaction(sql: sql, context: "test").require(E.self, id: id, what: "entity")
        }
    }
}

extension Scheduler {
    /// A service's scheduler on a test clock.
    static func testing(_ database: KSIDatabase, _ jobs: [ScheduledJob], time: FixedTimeSource) -> Scheduler {
        Scheduler(database: database, jobs: jobs, time: time, logger: Logger(label: "ksi.test.scheduler"))
    }

    /// Moves the clock to noon on `date` and runs what is due; every run must succeed.
    func tick(_ time: FixedTimeSource, on date: LocalDate) async throws -> [JobRun] {
        time.set(date)
        let runs = try await runDueJobs()
        for run in runs where run.outcome != .succeeded {
            throw TickFailed(run: run)
        }
        return runs
    }
}

struct TickFailed: Error, CustomStringConvertible {
    let run: JobRun
    var description: String { "\(run.job) failed: \(run.detail)" }
}
