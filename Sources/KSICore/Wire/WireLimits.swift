/// Caps on what the bridge accepts from untrusted bytes.
///
/// Depth needs no cap of its own: the contract has no recursive message (the generator refuses one),
/// so nesting is bounded by the schema, and unknown fields are kept as raw bytes, never parsed.
public struct WireLimits: Sendable, Hashable {
    /// The largest encoded message accepted or produced, in bytes.
    public var maxMessageBytes: Int

    public init(maxMessageBytes: Int) {
        self.maxMessageBytes = maxMessageBytes
    }

    /// 4 MiB, the default gRPC message limit.
    public static let `default` = WireLimits(maxMessageBytes: 4 * 1024 * 1024)
}
