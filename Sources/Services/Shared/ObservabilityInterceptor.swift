import GRPCCore
import Logging
import Metrics

/// Request ids, logging and metrics for every call, in one place (STYLE.md §6).
///
/// Counts `ksi_rpc_requests_total{method,code}` and times `ksi_rpc_duration_seconds{method}`;
/// logs each call at debug and failures other than client errors at warning. It never logs
/// messages, so no child data reaches the log.
///
/// Errors for callers, details for operators (issue 11 item 7): an INTERNAL, UNKNOWN, UNAVAILABLE or
/// DATA_LOSS failure reaches the caller only as a stable message with an incident id (also in the
/// `ksi-incident-id` trailer); its own text — which may name hosts, ports, TLS errors or SQL — goes to the
/// log under that id.
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
            switch response.accepted {
            case .success:
                record(method: method, code: "ok", since: started)
                logger.debug("Call finished", metadata: ["ksi.code": "ok"])
                return response
            case .failure(let error):
                record(method: method, code: "\(error.code)", since: started)
                return StreamingServerResponse(
                    error: Self.withStatus(rpc: Self.sanitised(error, code: error.code, logger: logger) ?? error)
                )
            }
        } catch {
            let code = Self.code(of: error)
            record(method: method, code: "\(code)", since: started)
            throw Self.withStatus(Self.sanitised(error, code: code, logger: logger) ?? error)
        }
    }

    /// Every error a KSI server sends carries a google.rpc.Status with `ErrorInfo` (AIP-193): domain errors
    /// bring their own (DomainError+RPC.swift); any other error (a refused certificate, an incident) gets one
    /// with the code's name as reason and the incident id, if any, in its metadata.
    static func withStatus(_ error: any Error) -> any Error {
        let rpc: RPCError
        switch error {
        case let error as RPCError: rpc = error
        case let error as any RPCErrorConvertible:
            rpc = RPCError(code: error.rpcErrorCode, message: error.rpcErrorMessage, metadata: error.rpcErrorMetadata)
        default: return error
        }
        return withStatus(rpc: rpc)
    }

    static func withStatus(rpc: RPCError) -> RPCError {
        var extra: [String: String] = [:]
        if let incident = rpc.metadata[stringValues: Incident.metadataKey].first(where: { _ in true }) {
            extra["incident_id"] = incident
        }
        return RPCStatusDetails.ensuringStatus(rpc, metadata: extra)
    }

    /// Codes whose message is replaced by a stable one with an incident id.
    static let hiddenCodes: Set<RPCError.Code> = [.internalError, .unknown, .unavailable, .dataLoss]

    /// The error as the caller sees it: nil for a client error, which passes as it is (it names the field
    /// and rule); a server-side failure is logged in full and answered with a stable message and its incident id.
    static func sanitised(_ error: any Error, code: RPCError.Code, logger: Logger) -> RPCError? {
        guard hiddenCodes.contains(code) else {
            logger.debug("Call rejected", metadata: ["ksi.code": "\(code)"])
            return nil
        }
        let id = Incident.report(error, "Call failed", logger: logger, metadata: ["ksi.code": "\(code)"])
        var metadata: Metadata = [:]
        metadata.addString(id, forKey: Incident.metadataKey)
        let text = code == .unavailable ? "the service is unavailable" : "internal error"
        return RPCError(code: code, message: Incident.message(text, id: id), metadata: metadata)
    }

    static func code(of error: any Error) -> RPCError.Code {
        if let rpc = error as? RPCError { return rpc.code }
        if let convertible = error as? any RPCErrorConvertible { return convertible.rpcErrorCode }
        return .unknown
    }

    private func record(method: String, code: String, since started: ContinuousClock.Instant) {
        Counter(label: "ksi_rpc_requests_total", dimensions: [("method", method), ("code", code)], factory: factory)
            .increment()
        let elapsed = ContinuousClock.now - started
        Timer(label: "ksi_rpc_duration_seconds", dimensions: [("method", method)], factory: factory)
            .recordNanoseconds(
                elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
            )
    }
}
