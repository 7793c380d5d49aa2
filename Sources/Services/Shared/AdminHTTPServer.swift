import Foundation
import Hummingbird
import KSICore
import Logging
import Prometheus

/// The per-process admin listener: `/metrics` in Prometheus text format, `/healthz`, and for a
/// service `/jobs`, its scheduled jobs as JSON (name, last run, outcome, next run, lease holder).
///
/// It binds to loopback by default and carries no domain data, so it is plain HTTP.
public enum AdminHTTPServer {
    public static func make(
        host: String = "127.0.0.1",
        port: Int,
        registry: PrometheusCollectorRegistry,
        health: HealthService,
        scheduler: Scheduler? = nil,
        logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
        router.get("/healthz") { _, _ -> Response in
            health.isServing
                ? Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "serving\n")))
                : Response(
                    status: .serviceUnavailable,
                    body: ResponseBody(byteBuffer: ByteBuffer(string: "not serving\n"))
                )
        }
        if let scheduler {
            router.get("/jobs") { _, _ -> Response in
                let body = try JSONEncoder.sortedKeys.encode(try await scheduler.states())
                return Response(
                    status: .ok,
                    headers: [.contentType: "application/json"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
                )
            }
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port)), logger: logger)
    }
}

extension JSONEncoder {
    /// Stable output for operators and tests.
    static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
