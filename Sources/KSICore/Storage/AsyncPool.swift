import Foundation

/// A fixed set of resources lent out one per holder, first come first served: a holder waits until one
/// is free, and waiters are served in arrival order.
///
/// SQLite connections are not shared between tasks: the writer is a pool of one (one transaction at a
/// time on it) and the WAL readers a pool of a few, so reads run side by side with each other and with
/// the writer.
final class AsyncPool<Resource: Sendable>: @unchecked Sendable {
    // @unchecked: `idle` and `waiters` are only touched under `mutex`.
    private let mutex = NSLock()
    private var idle: [Resource]
    private var waiters: [CheckedContinuation<Resource, Never>] = []
    private var drained = false
    /// Every resource of the pool, lent or not (for closing).
    let resources: [Resource]

    init(_ resources: [Resource]) {
        precondition(!resources.isEmpty, "a pool needs at least one resource")
        self.resources = resources
        self.idle = resources
    }

    /// Runs `body` with a resource of its own, returning it to the pool afterwards (also on error).
    func withResource<R>(_ body: (Resource) async throws -> R) async throws -> R {
        let resource = await acquire()
        defer { release(resource) }
        return try await body(resource)
    }

    /// Waits until every resource is free and takes them all for good (to close them); a second
    /// call returns nothing.
    func takeAll() async -> [Resource] {
        let first: Bool = mutex.withLock {
            defer { drained = true }
            return !drained
        }
        guard first else { return [] }
        var taken: [Resource] = []
        for _ in resources { taken.append(await acquire()) }
        return taken
    }

    private func acquire() async -> Resource {
        await withCheckedContinuation { (continuation: CheckedContinuation<Resource, Never>) in
            let free: Resource? = mutex.withLock {
                if let resource = idle.popLast() { return resource }
                waiters.append(continuation)
                return nil
            }
            if let free { continuation.resume(returning: free) }
        }
    }

    private func release(_ resource: Resource) {
        let next: CheckedContinuation<Resource, Never>? = mutex.withLock {
            if waiters.isEmpty {
                idle.append(resource)
                return nil
            }
            return waiters.removeFirst()
        }
        next?.resume(returning: resource)
    }
}
