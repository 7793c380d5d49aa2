import Hummingbird
import Logging
import Prometheus

/// The per-process admin listener: `/metrics` in Prometheus text format and `/healthz`.
///
/// It binds to loopback by default and carries no domain data, so it is plain HTTP.
public enum AdminHTTPServer {
    public static func make(
        host: String = "127.0.0.1", port: Int, registry: PrometheusCollectorRegistry, health: HealthService, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("/healthz") { _, _ -> Response in
            health.isServing
                ? Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "serving\n")))
                : Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: "not serving\n")))
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port)), logger: logger)
    }
}
