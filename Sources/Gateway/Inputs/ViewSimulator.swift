import KSICore

/// Runs the allocation simulator (V12) for a caller; AllocationService authorises and computes,
/// nothing is stored.
public protocol ViewSimulator: Sendable {
    func simulate(_ request: SimulateAllocationRequest, for caller: Caller) async throws -> SimulateAllocationResponse
}

/// Thrown by a simulator or data source when its service cannot be reached or did not answer in
/// time, as opposed to refusing the request (which is passed on to the caller as it is).
public struct SourceUnavailable: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
