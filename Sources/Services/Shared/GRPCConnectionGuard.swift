import Metrics
import NIOCore
import NIOSSL
import NIOTLS

/// What KSI does to each TCP connection a gRPC listener accepts, before any byte is read: enforce the
/// connection limit, put KSI's TLS policy in place of the transport's own TLS handler, and close a
/// connection whose TLS handshake does not finish in time (docs/security.md, "gRPC listeners", "TLS").
///
/// Why `ChannelDebuggingCallbacks.onAcceptTCPConnection`: grpc-swift-nio-transport 2.9 has no option for
/// a connection limit, a handshake timeout or cipher suites, and its `Posix` transport builds the TLS
/// handler from its own `TLSConfiguration` (TLS ≥ 1.2 but swift-nio-ssl's default suites, CBC included).
/// Its alternative, `HTTP2ServerTransport.Custom`, cannot carry the peer certificate into the call's
/// context (that initializer is package-internal), and `CallerIdentity` needs it. The callback runs in
/// the child channel initializer, after the transport added its handlers and before the channel is
/// registered, so no byte has been read or written when the TLS handler is swapped.
final class GRPCConnectionGuard: Sendable {
    let limits: GRPCListenerLimits
    let sslContext: NIOSSLContext
    let connections: ConnectionCount
    var listener: String { connections.listener }

    init(listener: String, limits: GRPCListenerLimits, tls: ServiceConfig.TLS) throws {
        self.limits = limits
        self.connections = ConnectionCount(listener: listener, limit: limits.maxConnections, metricPrefix: "ksi_grpc")
        self.sslContext = try NIOSSLContext(configuration: TLSPolicy.grpcServerConfiguration(tls))
    }

    /// Connections open now (admitted and not yet closed).
    var openConnections: Int { connections.current }

    func accept(_ channel: any Channel) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            guard connections.admit() else {
                // Closed once active: closing a channel that is not yet registered is not supported.
                try pipeline.addHandler(CloseWhenActiveHandler(), position: .first)
                return
            }
            let connections = self.connections
            channel.closeFuture.whenComplete { _ in connections.release() }
            let stock = try pipeline.handler(type: NIOSSLServerHandler.self)
            let hardened = try NIOSSLServerHandler(context: sslContext)
            try pipeline.addHandler(hardened, position: .after(stock))
            let handshake = TLSHandshakeDeadlineHandler(
                timeout: TimeAmount(limits.handshakeTimeout),
                listener: listener
            )
            try pipeline.addHandler(handshake, position: .after(hardened))
            try pipeline.addHandler(
                SilentPeerHandler(timeout: limits.silentPeerTimeout, listener: listener),
                position: .after(handshake)
            )
            pipeline.removeHandler(stock, promise: nil)
        }
    }
}

/// Closes the connection as soon as it is active: a connection over the listener's limit.
final class CloseWhenActiveHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func channelActive(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }
}

/// Closes a connection from which nothing at all has been read for `timeout` (`maxIdleTime` plus the
/// keepalive timeout). grpc-swift-nio-transport's idle close sends GOAWAY and a PING and closes only once
/// the PING is acknowledged — and it stops the keepalive timers when it starts — so a peer that completes
/// TLS and then never answers would otherwise stay connected for ever. KSI's calls are unary with
/// deadlines of seconds, so a live client is never silent this long while a call of its is open.
final class SilentPeerHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    let timeout: Duration
    let listener: String
    private var lastRead = NIODeadline.now()
    private var timer: RepeatedTask?

    init(timeout: Duration, listener: String) {
        self.timeout = timeout
        self.listener = listener
    }

    func channelActive(context: ChannelHandlerContext) {
        lastRead = .now()
        let listener = self.listener
        let timeout = TimeAmount(self.timeout)
        let loopBound = NIOLoopBound((context, self), eventLoop: context.eventLoop)
        // Checked a few times per timeout rather than rescheduled on every read (reads are frequent).
        let interval = TimeAmount.nanoseconds(max(timeout.nanoseconds / 4, TimeAmount.milliseconds(50).nanoseconds))
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { task in
            let (context, handler) = loopBound.value
            if NIODeadline.now() - handler.lastRead >= timeout {
                task.cancel()
                Counter(label: "ksi_grpc_silent_peer_closes_total", dimensions: [("listener", listener)]).increment()
                context.close(promise: nil)
            }
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = .now()
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }
}
