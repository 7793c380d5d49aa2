/// Caps on what the bridge accepts from untrusted bytes.
///
/// Depth needs no cap of its own: the contract has no recursive message (the generator refuses one),
/// so nesting is bounded by the schema, and unknown fields are kept as raw bytes, never parsed.
public struct WireLimits: Sendable, Hashable {
    /// The largest encoded message accepted or produced, in bytes.
    public var maxMessageBytes: Int
    /// LIM-R1: decoding may use at most `decodeBytesPerInputByte × input + decodeBaseBytes` bytes of
    /// C memory (protobuf-c's structs, arrays, strings and scan slabs), or it fails with `overBudget`.
    public var decodeBytesPerInputByte: Int
    /// The fixed part of the decode budget, in bytes (see `decodeBytesPerInputByte`).
    public var decodeBaseBytes: Int

    /// Limits with the given message cap and decode budget.
    public init(
        maxMessageBytes: Int,
        decodeBytesPerInputByte: Int = WireLimits.standardDecodeBytesPerInputByte,
        decodeBaseBytes: Int = WireLimits.standardDecodeBaseBytes
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.decodeBytesPerInputByte = decodeBytesPerInputByte
        self.decodeBaseBytes = decodeBaseBytes
    }

    /// 4 MiB, the default gRPC message limit.
    public static let `default` = WireLimits(maxMessageBytes: 4 * 1024 * 1024)

    /// LIM-R1 per-byte factor. The costliest valid shape is a repeated field of empty sub-messages of the
    /// largest struct (`NeedsReport`, 528 bytes): 2 input bytes become the struct, an 8-byte array slot and
    /// up to 64 bytes of protobuf-c scan slab: 294 bytes per input byte (measured, docs/security.md).
    /// Every generated sample needs at most 16; 384 leaves 30 % above the worst valid shape.
    public static let standardDecodeBytesPerInputByte = 384
    /// LIM-R1 constant part: room for the fixed cost of a tiny message (its struct and first scan slab).
    public static let standardDecodeBaseBytes = 64 * 1024

    /// The decode memory budget for an input of `inputBytes` bytes (LIM-R1).
    public func decodeBudget(forInputBytes inputBytes: Int) -> Int {
        let (scaled, overflow) = decodeBytesPerInputByte.multipliedReportingOverflow(by: inputBytes)
        guard !overflow else { return .max }
        let (total, overflowTotal) = scaled.addingReportingOverflow(decodeBaseBytes)
        return overflowTotal ? .max : total
    }
}
