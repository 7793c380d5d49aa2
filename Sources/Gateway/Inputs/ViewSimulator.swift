import KSICore
import Logging
import Services

/// Runs the allocation simulator (V12) for a caller; AllocationService authorises and computes,
/// nothing is stored.
public protocol ViewSimulator: Sendable {
    func simulate(_ request: SimulateAllocationRequest, for caller: Caller) async throws -> SimulateAllocationResponse
}

/// Thrown by a simulator or data source when its service cannot be reached or did not answer in
/// time, as opposed to refusing the request (which is passed on to the caller as it is).
///
/// `description` is what a caller may see: a stable text and an incident id, never the underlying
/// error (it can name hosts, ports, TLS failures or another service's message); `reported` logs that.
public struct SourceUnavailable: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    /// Logs `error` under a new incident id and returns the caller-facing failure for `source`.
    public static func reported(_ source: ViewSource, _ error: any Error, logger: Logger) -> SourceUnavailable {
        let id = Incident.report(
            error,
            "Upstream read failed",
            logger: logger,
            metadata: ["ksi.source": "\(source.rawValue)"]
        )
        return SourceUnavailable(Incident.message("\(source.rawValue) service unavailable", id: id))
    }
}
