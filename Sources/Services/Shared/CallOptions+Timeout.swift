import GRPCCore

extension CallOptions {
    /// The default options with a deadline: the call fails with DEADLINE_EXCEEDED after `duration`.
    public static func timeout(_ duration: Duration) -> CallOptions {
        var options = CallOptions.defaults
        options.timeout = duration
        return options
    }
}

extension CallOptions {
    /// For calls between KSI's own processes: a deadline, and wait-for-ready, so a call made while the
    /// connection is (re)connecting — a service just started or restarting — waits for it up to the
    /// deadline instead of failing at once with UNAVAILABLE.
    public static func upstream(timeout duration: Duration) -> CallOptions {
        var options = CallOptions.timeout(duration)
        options.waitForReady = true
        return options
    }
}
