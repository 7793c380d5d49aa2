import ArgumentParser
import Foundation
import GRPCCore
import KSICore
import Logging
import ServiceLifecycle
import Services
import StackTestSupport

/// The transport's ceiling: a minimal grpc-swift-2 service that answers NeedsService/GetNeedsReport
/// with fixed, already-encoded bytes (a real needs report's), without decoding the request, touching a
/// database or authorising — over the same mTLS server (`GRPCServerService`) as the KSI services.
struct EchoNeedsService: RegistrableRPCService {
    let response: [UInt8]

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        let response = response
        router.registerHandler(
            forMethod: NeedsServiceMethods.getNeedsReport,
            deserializer: RawBytes(),
            serializer: RawBytes()
        ) { request, _ in
            _ = try await ServerRequest(stream: request)
            return StreamingServerResponse(single: ServerResponse(message: response))
        }
    }
}

/// Bytes as they are, both ways.
struct RawBytes: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}

extension EchoNeedsService {
    /// The echo server as a lifecycle service on `port`, with the certificate `echo-server` would use
    /// (the needs server's, so clients verify it the same way).
    static func server(port: Int, pki: DevelopmentPKI, response: [UInt8]) throws -> GRPCServerService {
        let health = HealthService()
        return try GRPCServerService(
            name: "echo",
            listen: .init(host: "127.0.0.1", port: port),
            tls: pki.tls("needs-server"),
            services: [EchoNeedsService(response: response)],
            health: health,
            interceptors: [],
            logger: Logger(label: "ksi.bench.echo"),
            beforeServing: { health.setServing(true) }
        )
    }
}

/// `ksi-bench echo-server --port P --certs DIR`: the echo server alone (certificates created in DIR when
/// missing), for a load generator in another process; answers with `--response-file`'s bytes, else a 1 KiB
/// payload (`--bytes`).
struct EchoServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo-server",
        abstract: "Serve the minimal echo service over mTLS (the transport's ceiling)."
    )

    @Option(help: "Loopback port to listen on.")
    var port: Int

    @Option(help: "Where the development CA and certificates live (created when missing).")
    var certs: String = ".ksi-bench-certs"

    @Option(help: "Size of the answer in bytes (ignored with --response-file).")
    var bytes: Int = 1024

    @Option(help: "A file whose bytes are the answer (e.g. the encoded needs report `ksi-bench serve` writes).")
    var responseFile: String?

    func run() async throws {
        let pki = DevelopmentPKI(directory: URL(fileURLWithPath: certs))
        if !pki.exists { try pki.create(clients: LoopbackStack.identities) }
        let response =
            try responseFile.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))) }
            ?? [UInt8](repeating: 0x2a, count: bytes)
        let server = try EchoNeedsService.server(port: port, pki: pki, response: response)
        print("echo server on 127.0.0.1:\(port), certificates in \(certs); Ctrl-C stops it")
        let group = ServiceGroup(
            services: [server],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "ksi.bench")
        )
        try await group.run()
    }
}
