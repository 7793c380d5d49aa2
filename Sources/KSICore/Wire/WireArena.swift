import CProtobufC

/// Memory for one encode or decode: every C struct, string and array, freed together.
///
/// A bump allocator over malloc'd chunks; one encode or decode makes one arena, so nothing is shared.
/// Decoding hands it to protobuf-c as the unpack allocator (`withUnpackAllocator`), which turns the
/// hundreds of small mallocs and frees of an unpack into a few chunk allocations.
final class WireArena {
    // The first chunk has its own slot, so a small message costs no array allocation.
    private var firstChunk: UnsafeMutableRawPointer?
    private var moreChunks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0
    private var nextChunkSize: Int

    /// `firstChunkSize`: a guess of the total need (decoding knows the input size); later chunks double up to 64 KiB.
    init(firstChunkSize: Int = 1024) {
        nextChunkSize = max(1024, firstChunkSize)
    }

    deinit {
        firstChunk?.deallocate()
        for chunk in moreChunks { chunk.deallocate() }
    }

    /// Uninitialised memory aligned to 8 bytes (enough for every protobuf-c member type).
    /// Every caller initialises all of it: protobuf-c's `message_init` copies a whole struct, strings
    /// and arrays are copied in, and protobuf-c's unpack never relies on zeroed memory (it runs on malloc).
    func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let size = max(8, (byteCount + 7) & ~7)
        if size > remaining {
            let chunkSize = max(size, nextChunkSize)
            nextChunkSize = min(max(nextChunkSize * 2, 1024), 64 * 1024)
            let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
            if firstChunk == nil { firstChunk = chunk } else { moreChunks.append(chunk) }
            cursor = chunk
            remaining = chunkSize
        }
        // cursor is set whenever remaining > 0.
        let block = cursor!
        cursor = block + size
        remaining -= size
        return block
    }

    /// A NUL-terminated copy of the string's UTF-8.
    func cString(_ value: String) -> UnsafeMutablePointer<CChar> {
        var value = value
        return value.withUTF8 { utf8 in
            let block = allocate(byteCount: utf8.count + 1)
            if let base = utf8.baseAddress { block.copyMemory(from: base, byteCount: utf8.count) }
            block.storeBytes(of: 0, toByteOffset: utf8.count, as: UInt8.self)
            return block.bindMemory(to: CChar.self, capacity: utf8.count + 1)
        }
    }

    /// A copy of the bytes.
    func bytes(_ value: [UInt8]) -> UnsafeMutablePointer<UInt8> {
        let block = allocate(byteCount: value.count)
        value.withUnsafeBytes { raw in
            if let base = raw.baseAddress { block.copyMemory(from: base, byteCount: raw.count) }
        }
        return block.bindMemory(to: UInt8.self, capacity: value.count)
    }

    /// Runs `body` with a protobuf-c allocator that takes its memory from this arena. Its `free` does
    /// nothing: the arena releases everything at once, so the unpacked message must not outlive it.
    func withUnpackAllocator<R>(_ body: (UnsafeMutablePointer<ProtobufCAllocator>) -> R) -> R {
        withExtendedLifetime(self) {
            var allocator = ProtobufCAllocator(
                alloc: { data, size in
                    Unmanaged<WireArena>.fromOpaque(data!).takeUnretainedValue().allocate(byteCount: size)
                },
                free: { _, _ in },
                allocator_data: Unmanaged.passUnretained(self).toOpaque()
            )
            return body(&allocator)
        }
    }
}
