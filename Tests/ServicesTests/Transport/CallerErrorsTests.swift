import Foundation
import GRPCCore
import KSICore
import KSITestSupport
import Logging
import Services
import Testing

/// Errors for callers, details for operators (issue 11 item 7), over real gRPC with mutual TLS.
@Suite("Server-side failures reach callers as a stable message with an incident id")
struct CallerErrorsTests {
    /// Stands for a handler whose failure text names internals (a database host, a TLS error).
    struct FailingInterceptor: ServerInterceptor {
        static let detail = "connect to db.internal.example:5432 failed: TLS handshake error CERTIFICATE_VERIFY_FAILED"

        func intercept<Input: Sendable, Output: Sendable>(
            request: StreamingServerRequest<Input>,
            context: ServerContext,
            next: (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
        ) async throws -> StreamingServerResponse<Output> {
            throw RPCError(code: .unavailable, message: Self.detail)
        }
    }

    @Test(
        "UNAVAILABLE: the caller sees no host, port or TLS text, only the incident id; the log has the detail under that id"
    )
    func unavailableIsSanitisedAndLogged() async throws {
        let log = CapturedLog()
        let interceptors: [any ServerInterceptor] = [
            ObservabilityInterceptor(logger: log.logger()), FailingInterceptor(),
        ]
        try await HealthServer.with(interceptors: interceptors) { server in
            let error = await #expect(throws: RPCError.self) { try await server.check() }
            guard let error else { return }
            #expect(error.code == .unavailable)
            #expect(!error.message.contains("db.internal"))
            #expect(!error.message.contains("5432"))
            #expect(!error.message.contains("TLS"))
            let id = try #require(error.metadata[stringValues: Incident.metadataKey].first(where: { _ in true }))
            #expect(id.count == 16)
            #expect(error.message.contains("incident \(id)"))
            let record = try #require(log.all.first { $0.metadata[Incident.logKey] == id })
            #expect(record.metadata["ksi.error"]?.contains("db.internal.example:5432") == true)
        }
    }

    @Test("a client error (NOT_FOUND from health) passes unchanged: it names what the caller got wrong")
    func clientErrorsPassUnchanged() async throws {
        let log = CapturedLog()
        try await HealthServer.with(interceptors: [ObservabilityInterceptor(logger: log.logger())]) { server in
            let error = await #expect(throws: RPCError.self) { try await server.check("ksi.v1.Nothing") }
            #expect(error?.code == .notFound)
            #expect(error?.message.contains("ksi.v1.Nothing") == true)
            #expect(error?.metadata[stringValues: Incident.metadataKey].first(where: { _ in true }) == nil)
        }
    }
}
