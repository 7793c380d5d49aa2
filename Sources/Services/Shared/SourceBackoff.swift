import Logging

/// How a loop that polls another service waits while that service is away (the event relays and the
/// reference follower): exponential backoff from 200 ms up to `maxBackoff`, and a warning only once the
/// source has stayed away for `quietPeriod` — a source still starting with the others is normal, so
/// until then the failure is logged at debug level.
struct SourceBackoff {
    static let initial: Duration = .milliseconds(200)
    let maxBackoff: Duration
    let quietPeriod: Duration
    private var delay = SourceBackoff.initial
    private var failingSince: ContinuousClock.Instant?
    private var warned = false

    init(maxBackoff: Duration, quietPeriod: Duration = .seconds(5)) {
        self.maxBackoff = maxBackoff
        self.quietPeriod = quietPeriod
    }

    /// The source answered: resets the backoff; true when a warning had been logged (say it is back).
    mutating func succeeded() -> Bool {
        defer {
            failingSince = nil
            warned = false
            delay = Self.initial
        }
        return warned
    }

    /// The source failed: the level to log it at and how long to wait before the next try.
    mutating func failed() -> (level: Logger.Level, wait: Duration) {
        let since = failingSince ?? .now
        failingSince = since
        let level: Logger.Level = since.duration(to: .now) >= quietPeriod ? .warning : .debug
        warned = warned || level == .warning
        let wait = delay
        delay = min(delay * 2, maxBackoff)
        return (level, wait)
    }
}
