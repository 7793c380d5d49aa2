/// Memory for one encode: every C struct, string and array the writer builds, freed together.
///
/// A bump allocator over malloc'd chunks; one encode makes one arena, so nothing is shared.
final class WireArena {
    private var chunks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0
    private var nextChunkSize = 1024

    init() {}

    deinit {
        for chunk in chunks { chunk.deallocate() }
    }

    /// Zeroed memory aligned to 8 bytes (enough for every protobuf-c member type).
    func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let size = max(8, (byteCount + 7) & ~7)
        if size > remaining {
            let chunkSize = max(size, nextChunkSize)
            nextChunkSize = min(nextChunkSize * 2, 64 * 1024)
            let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
            chunks.append(chunk)
            cursor = chunk
            remaining = chunkSize
        }
        // cursor is set whenever remaining > 0.
        let block = cursor!
        cursor = block + size
        remaining -= size
        block.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        return block
    }

    /// A NUL-terminated copy of the string's UTF-8.
    func cString(_ value: String) -> UnsafeMutablePointer<CChar> {
        var value = value
        return value.withUTF8 { utf8 in
            let block = allocate(byteCount: utf8.count + 1)
            if let base = utf8.baseAddress { block.copyMemory(from: base, byteCount: utf8.count) }
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
}
