import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn`, for tests that run programs.
///
/// Not Foundation's `Process`: on Linux with Swift 6.3 its `run()` intermittently crashes the whole test
/// process (a 256-byte over-read of `struct dirent` in `findMaximumOpenFromProcSelfFD`, fixed upstream
/// in swift-corelibs-foundation#5472) — more often the more descriptors are open, as when listener tests
/// run beside it.
public final class ChildProcess: Sendable {
    /// How a process ended.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    public struct SpawnFailed: Error, CustomStringConvertible {
        public let executable: String
        public let code: Int32
        public var description: String { "could not start \(executable): errno \(code)" }
    }

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), looked up at run time: Swift's Glibc
    /// module does not import the GNU extensions.
    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let addChdir: AddChdir? = dlsym(
        UnsafeMutableRawPointer(bitPattern: 0),
        "posix_spawn_file_actions_addchdir_np"
    )
    .map { unsafeBitCast($0, to: AddChdir.self) }

    public let processIdentifier: pid_t
    private let termination = Mutex<Termination?>(nil)

    private init(pid: pid_t) { processIdentifier = pid }

    /// Starts `executable` with `arguments`; `environment` nil inherits this process's. Standard output and
    /// error go to `output` when given (the descriptor stays the caller's), else to this process's.
    public static func spawn(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        currentDirectory: String? = nil,
        output: Int32? = nil
    ) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let output {
            posix_spawn_file_actions_adddup2(&actions, output, 1)
            posix_spawn_file_actions_adddup2(&actions, output, 2)
        }
        if let currentDirectory {
            guard let addChdir = Self.addChdir else { throw SpawnFailed(executable: executable, code: ENOSYS) }
            _ = addChdir(&actions, currentDirectory)
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envStrings = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let envp = envStrings.map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }
        // The spawning thread may block signals (Swift's concurrency threads do) or ignore them (a
        // lifecycle group's handlers): the child would inherit both, so `terminate()` (SIGTERM) would never
        // reach it and `waitUntilExit()` would hang. The child starts with no signal blocked and the
        // termination signals at their defaults.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid = pid_t()
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard code == 0 else { throw SpawnFailed(executable: executable, code: code) }
        return ChildProcess(pid: pid)
    }

    /// How the process ended, or nil while it runs (never blocks).
    public var exit: Termination? { reap(blocking: false) }

    public var isRunning: Bool { exit == nil }

    /// Blocks until the process ends.
    @discardableResult
    public func waitUntilExit() -> Termination {
        while true { if let ended = reap(blocking: true) { return ended } }
    }

    /// Sends `signal` (SIGTERM by default) unless the process has ended.
    public func terminate(_ signal: Int32 = SIGTERM) {
        if isRunning { kill(processIdentifier, signal) }
    }

    private func reap(blocking: Bool) -> Termination? {
        termination.withLock { known in
            if let known { return known }
            var status: Int32 = 0
            let result = waitpid(processIdentifier, &status, blocking ? 0 : WNOHANG)
            guard result == processIdentifier else { return nil }
            // WIFEXITED / WEXITSTATUS / WTERMSIG by hand: the C macros are not imported.
            let signal = status & 0x7f
            known = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
            return known
        }
    }
}
