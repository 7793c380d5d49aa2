import CProtobufC

/// Encodes and decodes contract messages with the system's libprotobuf-c.
///
/// Encoding fills a C struct from the Swift value and calls `protobuf_c_message_pack`; decoding calls
/// `protobuf_c_message_unpack` and reads the struct back. Untrusted bytes never trap: anything
/// protobuf-c rejects, or that breaks a limit, comes back as a thrown `WireError`.
public enum WireCodec {
    /// Encodes `value` to protobuf bytes within `limits` (the message size cap).
    public static func encode<M: WireMessage>(_ value: M, limits: WireLimits = .default) throws(WireError) -> [UInt8] {
        let arena = WireArena()
        let descriptor = M.wireDescriptor.pointer
        let raw = WireWriter.newMessage(descriptor, in: arena)
        value.encodeFields(to: WireWriter(message: raw, descriptor: descriptor, arena: arena))
        let message = raw.assumingMemoryBound(to: ProtobufCMessage.self)
        let size = protobuf_c_message_get_packed_size(message)
        guard size <= limits.maxMessageBytes else {
            throw WireError(
                code: .oversized,
                messageName: M.wireName,
                message: "the encoded message is \(size) bytes; the limit is \(limits.maxMessageBytes)"
            )
        }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = size == 0 ? 0 : protobuf_c_message_pack(message, buffer.baseAddress)
        }
    }

    /// Decodes a message of type `M` from untrusted `bytes` within `limits` (size cap and LIM-R1 memory budget).
    public static func decode<M: WireMessage>(
        _ type: M.Type,
        from bytes: [UInt8],
        limits: WireLimits = .default
    ) throws(WireError) -> M {
        // withUnsafeBytes does not forward typed throws, so the outcome travels as a Result.
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(WireError) -> M in try decode(M.self, from: raw, limits: limits) }
        }
        return try result.get()
    }

    /// Decodes a message of type `M` from untrusted `bytes` within `limits`, without copying them first.
    public static func decode<M: WireMessage>(
        _ type: M.Type,
        from bytes: UnsafeRawBufferPointer,
        limits: WireLimits = .default
    ) throws(WireError) -> M {
        var arenaBytes = 0
        return try decode(M.self, from: bytes, limits: limits, arenaBytes: &arenaBytes)
    }

    /// Decodes, and reports in `arenaBytes` the C memory the decode used (its arena's high-water mark),
    /// also when it fails: the LIM-R1 tests and the budget measurement read it.
    static func decode<M: WireMessage>(
        _ type: M.Type,
        from bytes: UnsafeRawBufferPointer,
        limits: WireLimits,
        arenaBytes: inout Int
    ) throws(WireError) -> M {
        guard bytes.count <= limits.maxMessageBytes else {
            throw WireError(
                code: .oversized,
                messageName: M.wireName,
                message: "the message is \(bytes.count) bytes; the limit is \(limits.maxMessageBytes)"
            )
        }
        // protobuf-c unpacks into an arena: a few chunk allocations instead of one per string, array and
        // sub-message, and no free_unpacked walk; the arena is released when this function returns.
        // LIM-R1: the arena refuses to hand out more than the budget for this input size.
        let budget = limits.decodeBudget(forInputBytes: bytes.count)
        let arena = WireArena(firstChunkSize: 2 * bytes.count, budget: budget)
        defer {
            arenaBytes = arena.allocatedBytes
            withExtendedLifetime(arena) {}
        }
        var empty: UInt8 = 0
        let unpacked = withUnsafeMutablePointer(to: &empty) { fallback in
            let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(fallback)
            return arena.withUnpackAllocator { allocator in
                protobuf_c_message_unpack(M.wireDescriptor.pointer, allocator, bytes.count, base)
            }
        }
        guard let unpacked else {
            if arena.exceededBudget {
                throw WireError(
                    code: .overBudget,
                    messageName: M.wireName,
                    message: "decoding this \(bytes.count)-byte message needs more than its memory budget of "
                        + "\(budget) bytes (LIM-R1; e.g. a singular sub-message field sent many times)"
                )
            }
            throw WireError(
                code: .malformed,
                messageName: M.wireName,
                message: "the bytes are not a valid encoding of this message (truncated, wrong wire type or garbage)"
            )
        }
        // The deferred read of `arena` keeps it alive until WireReader is done with the struct.
        return try WireReader.decode(M.self, UnsafeRawPointer(unpacked))
    }
}
