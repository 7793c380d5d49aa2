import GRPCCore
import Logging
import Metrics

/// Request ids, logging and metrics for every call, in one place (STYLE.md §6).
///
/// Counts `ksi_rpc_requests_total{method,code}` and times `ksi_rpc_duration_seconds{method}`;
/// logs each call at debug and failures other than client errors at warning. It never logs
/// messages, so no child data reaches the log.
public struct ObservabilityInterceptor: ServerInterceptor {
    public static let requestIdKey = "x-request-id"

    let logger: Logger
    let factory: any MetricsFactory

    public init(logger: Logger, factory: any MetricsFactory = MetricsSystem.factory) {
        self.logger = logger
        self.factory = factory
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let method = context.descriptor.fullyQualifiedMethod
        let requestId = request.metadata[stringValues: Self.requestIdKey].first(where: { _ in true }) ?? ""
        var logger = self.logger
        logger[metadataKey: "ksi.rpc"] = "\(method)"
        if !requestId.isEmpty { logger[metadataKey: "ksi.request.id"] = "\(requestId)" }
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            let code: String
            switch response.accepted {
            case .success: code = "ok"
            case .failure(let error): code = "\(error.code)"
            }
            record(method: method, code: code, since: started)
            logger.debug("Call finished", metadata: ["ksi.code": "\(code)"])
            return response
        } catch {
            let code = Self.code(of: error)
            record(method: method, code: "\(code)", since: started)
            if [.internalError, .unknown, .unavailable, .dataLoss].contains(code) {
                logger.warning("Call failed", metadata: ["ksi.code": "\(code)"])
            } else {
                logger.debug("Call rejected", metadata: ["ksi.code": "\(code)"])
            }
            throw error
        }
    }

    static func code(of error: any Error) -> RPCError.Code {
        if let rpc = error as? RPCError { return rpc.code }
        if let convertible = error as? any RPCErrorConvertible { return convertible.rpcErrorCode }
        return .unknown
    }

    private func record(method: String, code: String, since started: ContinuousClock.Instant) {
        Counter(label: "ksi_rpc_requests_total", dimensions: [("method", method), ("code", code)], factory: factory).increment()
        let elapsed = ContinuousClock.now - started
        Timer(label: "ksi_rpc_duration_seconds", dimensions: [("method", method)], factory: factory)
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
