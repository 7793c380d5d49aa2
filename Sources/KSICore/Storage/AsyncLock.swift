import Foundation

/// A first-come, first-served lock for async code: one holder at a time, waiters resume in order.
///
/// SQLite has one connection per database; this keeps one transaction on it at a time.
final class AsyncLock: @unchecked Sendable {
    // @unchecked: `locked` and `waiters` are only touched under `mutex`.
    private let mutex = NSLock()
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func withLock<R>(_ body: () async throws -> R) async throws -> R {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow: Bool = mutex.withLock {
                if locked {
                    waiters.append(continuation)
                    return false
                }
                locked = true
                return true
            }
            if resumeNow { continuation.resume() }
        }
    }

    private func release() {
        let next: CheckedContinuation<Void, Never>? = mutex.withLock {
            if waiters.isEmpty {
                locked = false
                return nil
            }
            return waiters.removeFirst()
        }
        next?.resume()
    }
}
