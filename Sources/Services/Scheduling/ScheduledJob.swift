import KSICore

/// One scheduled job: a name, what it does at `now` (from the service's injected `TimeSource`), and
/// how long after a run it is due again. A job must be idempotent: running it twice at the same
/// `now` changes nothing the first run did not (its domain commands check state or carry request ids).
public struct ScheduledJob: Sendable {
    public let name: String
    /// Time between runs, in ms of the injected clock.
    public let periodMillis: Int64
    /// Runs the job; returns a short summary of what it changed ("3 grants marked report due").
    public let run: @Sendable (_ nowMillis: Int64) async throws -> String

    public init(
        name: String,
        every period: Duration,
        run: @escaping @Sendable (_ nowMillis: Int64) async throws -> String
    ) {
        self.name = name
        self.periodMillis = max(
            1,
            Int64(period.components.seconds) * 1000 + period.components.attoseconds / 1_000_000_000_000_000
        )
        self.run = run
    }
}

/// The outcome of one run, as the scheduler records and reports it.
public struct JobRun: Sendable, Hashable {
    public enum Outcome: String, Sendable { case succeeded, failed }
    public let job: String
    public let outcome: Outcome
    public let detail: String
}
