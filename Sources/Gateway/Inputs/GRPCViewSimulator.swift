import GRPCCore
import KSICore
import Logging
import Services

/// V12 through AllocationService's SimulateAllocation, acting for the caller (AllocationService
/// authorises it). A refusal is passed on as it is; a service that cannot answer becomes an
/// unavailable section.
public struct GRPCViewSimulator: ViewSimulator {
    let upstreams: Upstreams
    let logger: Logger

    public init(upstreams: Upstreams, logger: Logger = Logger(label: "ksi.gateway.sources")) {
        self.upstreams = upstreams
        self.logger = logger
    }

    public func simulate(
        _ request: SimulateAllocationRequest,
        for caller: Caller
    ) async throws -> SimulateAllocationResponse {
        do {
            return try await upstreams.allocation(for: caller).simulateAllocation(request)
        } catch let error as RPCError where error.meansUnavailable {
            throw SourceUnavailable.reported(.allocation, error, logger: logger)
        } catch let error as RPCError {
            // Passed on with its code, message and error detail only: the upstream's other trailers relayed as they
            // are (transport headers among them) reset the caller's stream.
            var detail = Metadata()
            for bytes in error.metadata[binaryValues: RPCStatusDetails.key] {
                detail.addBinary(bytes, forKey: RPCStatusDetails.key)
            }
            throw RPCError(code: error.code, message: error.message, metadata: detail)
        }
    }
}
