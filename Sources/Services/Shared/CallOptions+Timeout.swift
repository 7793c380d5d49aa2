import GRPCCore

extension CallOptions {
    /// The default options with a deadline: the call fails with DEADLINE_EXCEEDED after `duration`.
    public static func timeout(_ duration: Duration) -> CallOptions {
        var options = CallOptions.defaults
        options.timeout = duration
        return options
    }
}
