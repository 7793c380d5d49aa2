import KSITestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Tests stop the servers they start (aiosmtpd, PostgreSQL, compose services) with `terminate()`. A child
/// used to inherit the spawning thread's blocked signals, so SIGTERM never reached it and
/// `waitUntilExit()` hung the test run.
@Suite struct ChildProcessSignalTests {
    /// Spawns `sleep` from a thread that blocks SIGTERM and ignores SIGINT, as Swift's concurrency
    /// threads and a lifecycle group's handlers do.
    static func spawnWithSignalsBlocked() throws -> ChildProcess {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try ChildProcess.spawn("/bin/sleep", ["30"])
    }

    @Test("terminate() ends a child even when the spawning thread blocked SIGTERM")
    func terminateReachesChild() async throws {
        let child = try Self.spawnWithSignalsBlocked()
        child.terminate()
        let end = ContinuousClock.now + .seconds(5)
        while child.isRunning && ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(20)) }
        let ended = child.exit
        if ended == nil { child.terminate(SIGKILL) }
        #expect(ended == .signalled(SIGTERM))
    }
}
