import CProtobufC

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for one encode or decode: every C struct, string and array, freed together.
///
/// A bump allocator over chunks; one encode or decode makes one arena, so nothing is shared.
/// Decoding hands it to protobuf-c as the unpack allocator (`withUnpackAllocator`), which turns the
/// hundreds of small mallocs and frees of an unpack into a few chunk allocations.
///
/// A decode's arena has a budget (LIM-R1, `WireLimits.decodeBudget`): the allocator protobuf-c calls
/// answers NULL once the bytes handed out would pass it, and protobuf-c then fails the unpack. The
/// arena's `free` does nothing, so the bytes handed out are also its high-water mark; without the
/// budget, a singular sub-message field repeated many times (protobuf-c merges each occurrence into a
/// longer copy) costs memory quadratic in the input.
final class WireArena {
    /// Chunks of at least this size are mapped with `mmap` and unmapped in `deinit`, so a large decode's
    /// memory goes back to the OS at once. Through malloc, glibc would raise its mmap threshold after
    /// freeing such a chunk and keep later ones on the heap, where they stay resident.
    static let mappedChunkMinimum = 128 * 1024
    /// Small chunks double up to this size while the arena is small (typical messages: one chunk).
    static let smallChunkMaximum = 64 * 1024
    /// Once the arena holds this much, chunks keep doubling (mapped) up to `largeChunkMaximum`.
    static let smallArenaMaximum = 1024 * 1024
    static let largeChunkMaximum = 16 * 1024 * 1024

    private struct Chunk {
        let base: UnsafeMutableRawPointer
        let size: Int
        let mapped: Bool
    }

    // The first chunk has its own slot, so a small message costs no array allocation.
    private var firstChunk: Chunk?
    private var moreChunks: [Chunk] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0
    private var nextChunkSize: Int
    private var reservedBytes = 0

    /// The most bytes this arena hands out (LIM-R1); `Int.max` for an encode, whose size the Swift value bounds.
    let budget: Int
    /// Bytes handed out so far. `free` releases nothing, so this is also the high-water mark.
    private(set) var allocatedBytes = 0
    /// Set when an allocation was refused because it would pass `budget`.
    private(set) var exceededBudget = false

    /// `firstChunkSize`: a guess of the total need (decoding knows the input size).
    init(firstChunkSize: Int = 1024, budget: Int = .max) {
        self.budget = budget
        nextChunkSize = max(1024, min(firstChunkSize, budget))
    }

    deinit {
        if let firstChunk { Self.release(firstChunk) }
        for chunk in moreChunks { Self.release(chunk) }
    }

    /// Uninitialised memory aligned to 8 bytes (enough for every protobuf-c member type).
    /// Every caller initialises all of it: protobuf-c's `message_init` copies a whole struct, strings
    /// and arrays are copied in, and protobuf-c's unpack never relies on zeroed memory (it runs on malloc).
    /// Only for arenas without a budget (encoding).
    func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        guard let block = allocateWithinBudget(byteCount: byteCount) else {
            preconditionFailure("WireArena.allocate is for arenas without a budget")
        }
        return block
    }

    /// Like `allocate`, but nil (and `exceededBudget` set) when the block would pass the budget, or when
    /// the system has no memory left.
    func allocateWithinBudget(byteCount: Int) -> UnsafeMutableRawPointer? {
        let (rounded, overflow) = byteCount.addingReportingOverflow(7)
        guard !overflow, byteCount >= 0 else { return refuse() }
        let size = max(8, rounded & ~7)
        guard size <= budget - allocatedBytes else { return refuse() }
        if size > remaining {
            guard let chunk = newChunk(atLeast: size) else { return nil }
            if firstChunk == nil { firstChunk = chunk } else { moreChunks.append(chunk) }
            cursor = chunk.base
            remaining = chunk.size
        }
        // cursor is set whenever remaining > 0.
        let block = cursor!
        cursor = block + size
        remaining -= size
        allocatedBytes += size
        return block
    }

    private func refuse() -> UnsafeMutableRawPointer? {
        exceededBudget = true
        return nil
    }

    /// A chunk of `size` bytes or more, never much past what the budget still allows.
    private func newChunk(atLeast size: Int) -> Chunk? {
        let wanted = max(size, min(nextChunkSize, budget - allocatedBytes))
        let cap = reservedBytes < Self.smallArenaMaximum ? Self.smallChunkMaximum : Self.largeChunkMaximum
        nextChunkSize = min(max(nextChunkSize * 2, 1024), cap)
        let chunk: Chunk
        if wanted >= Self.mappedChunkMinimum {
            let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
            let mappedSize = (wanted + pageSize - 1) / pageSize * pageSize
            let mapped = mmap(nil, mappedSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            guard let mapped, mapped != MAP_FAILED else { return nil }
            chunk = Chunk(base: mapped, size: mappedSize, mapped: true)
        } else {
            chunk = Chunk(
                base: UnsafeMutableRawPointer.allocate(byteCount: wanted, alignment: 16),
                size: wanted,
                mapped: false
            )
        }
        reservedBytes += chunk.size
        return chunk
    }

    private static func release(_ chunk: Chunk) {
        if chunk.mapped {
            munmap(chunk.base, chunk.size)
        } else {
            chunk.base.deallocate()
        }
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

    /// Runs `body` with a protobuf-c allocator that takes its memory from this arena, within its budget.
    /// Its `free` does nothing: the arena releases everything at once, so the unpacked message must not
    /// outlive it. Over budget, `alloc` answers NULL, which protobuf-c 1.4.1 turns into a failed unpack
    /// (every `do_alloc` in unpack and merge checks for NULL; docs/wire.md).
    func withUnpackAllocator<R>(_ body: (UnsafeMutablePointer<ProtobufCAllocator>) -> R) -> R {
        withExtendedLifetime(self) {
            var allocator = ProtobufCAllocator(
                alloc: { data, size in
                    Unmanaged<WireArena>.fromOpaque(data!).takeUnretainedValue().allocateWithinBudget(byteCount: size)
                },
                free: { _, _ in },
                allocator_data: Unmanaged.passUnretained(self).toOpaque()
            )
            return body(&allocator)
        }
    }
}
