import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOSSL
import Services

/// The child channel of a gateway HTTP listener: Hummingbird's HTTP/1.1 channel (whose idle timeout
/// closes idle and slowloris connections), behind a connection limit and, on the HTTPS listener, TLS
/// with a handshake deadline. Built per listener by `GuardedHTTPChannel.builder`.
struct GuardedHTTPChannel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let sslContext: NIOSSLContext?
    let limits: HTTPListenerLimits
    let connections: ConnectionCount

    var responder: HTTPChannelHandler.Responder { base.responder }

    /// The server builder of a listener: TLS when `tls` is given, plain HTTP otherwise (loopback only).
    static func builder(
        tls: TLSConfiguration?,
        limits: HTTPListenerLimits,
        connections: ConnectionCount
    ) throws -> HTTPServerBuilder {
        let sslContext = try tls.map { try NIOSSLContext(configuration: $0) }
        return HTTPServerBuilder { responder in
            GuardedHTTPChannel(
                base: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: limits.idleTimeout)),
                sslContext: sslContext,
                limits: limits,
                connections: connections
            )
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard connections.admit() else {
            logger.debug(
                "http: connection limit reached, closing a new connection",
                metadata: ["ksi.listener": "\(connections.listener)"]
            )
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ConnectionLimitReached())
        }
        let connections = self.connections
        channel.closeFuture.whenComplete { _ in connections.release() }
        let sslContext = self.sslContext
        let handshakeTimeout = limits.tlsHandshakeTimeout
        return channel.eventLoop.makeCompletedFuture {
            if let sslContext {
                try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                try channel.pipeline.syncOperations.addHandler(
                    TLSHandshakeDeadlineHandler(timeout: handshakeTimeout, listener: connections.listener)
                )
            }
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

struct ConnectionLimitReached: Error {}
