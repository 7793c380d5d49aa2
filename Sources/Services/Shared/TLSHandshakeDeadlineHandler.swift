import Metrics
import NIOCore
import NIOSSL
import NIOTLS

/// Closes a connection whose TLS handshake has not completed within `timeout` of the connection becoming
/// active (a peer that opens TCP and never speaks TLS, or sends its hello a byte at a time). Sits after
/// the TLS handler, which announces the finished handshake as a user event; then it removes itself.
/// Used by the gRPC listeners (`GRPCConnectionGuard`), KSI's gRPC clients (`installOnClient`) and the
/// gateway's HTTPS listener. Counted in `ksi_tls_handshake_timeouts_total{listener}`.
public final class TLSHandshakeDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = NIOAny

    let timeout: TimeAmount
    let listener: String
    private var deadline: Scheduled<Void>?

    public init(timeout: TimeAmount, listener: String) {
        self.timeout = timeout
        self.listener = listener
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
            deadline?.cancel()
            deadline = nil
            context.fireUserInboundEventTriggered(event)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func start(_ context: ChannelHandlerContext) {
        guard deadline == nil else { return }
        let listener = self.listener
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            Counter(label: "ksi_tls_handshake_timeouts_total", dimensions: [("listener", listener)]).increment()
            context.close(promise: nil)
        }
    }

    /// Client side (`GRPCClientService`): the transport has no handshake timeout of its own, so a peer that
    /// accepts TCP and never answers TLS would hold the connection attempt — and every wait-for-ready call
    /// behind it — for ever. Installed after the client's TLS handler from `onCreateTCPConnection`.
    static func installOnClient(_ channel: any Channel, timeout: Duration) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            let tls = try pipeline.handler(type: NIOSSLClientHandler.self)
            try pipeline.addHandler(
                TLSHandshakeDeadlineHandler(timeout: TimeAmount(timeout), listener: "client"),
                position: .after(tls)
            )
        }
    }
}
