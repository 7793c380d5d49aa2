import Foundation
import NIOCore
import NIOPosix

/// Where Swift concurrency runs a KSI process's tasks (issue 17 item 2), chosen once at start-up
/// (`KSI_TASK_EXECUTOR`; docs/configuration.md).
///
/// With Swift's own pool a gRPC call hops threads twice: the event loop that read the request hands the
/// handler's task to the pool, and the pool hands the response back to the event loop. With NIO's event loops
/// as the global executor the task runs where the bytes arrived, and both hops are gone. The cost: a task that
/// blocks its thread (a long synchronous computation) holds up the I/O of every connection on that loop; KSI
/// runs SQLite on NIO's thread pool and has no blocking waits, so that is bounded by the longest view
/// computation.
public enum TaskExecutorChoice: String, CaseIterable, Sendable {
    /// Swift's global cooperative pool (the default).
    case cooperative
    /// NIO's singleton event-loop group (`NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor`).
    case eventLoops = "event-loops"

    /// The choice named by `value` (nil or empty: the default), or an error naming the field and the values.
    public init(setting value: String?, field: String) throws {
        guard let value, !value.isEmpty else {
            self = .cooperative
            return
        }
        guard let choice = TaskExecutorChoice(rawValue: value) else {
            throw TaskExecutorChoiceError(
                description:
                    "\(field): '\(value)' is not a task executor; expected one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = choice
    }

    /// The environment variable that names the choice (docs/configuration.md).
    public static let environmentKey = "KSI_TASK_EXECUTOR"

    /// Reads `setting` (the value of ``environmentKey``) and installs the choice; on a value that names no
    /// choice, writes `<program>: <error>` to standard error and exits with status 64 (EX_USAGE). For an
    /// executable's `main`, first thing, before any other task starts.
    public static func installOrExit(setting: String?, program: String) {
        do {
            try TaskExecutorChoice(setting: setting, field: environmentKey).install()
        } catch {
            FileHandle.standardError.write(Data("\(program): \(error)\n".utf8))
            Foundation.exit(64)
        }
    }

    /// Makes the choice the process's global executor. Call it once, first thing in `main`, before any other
    /// task starts; returns whether the choice is in force (false: NIO could not install it on this platform).
    @discardableResult
    public func install() -> Bool {
        switch self {
        case .cooperative:
            return true
        case .eventLoops:
            return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
    }
}

/// A task-executor setting that names no choice.
public struct TaskExecutorChoiceError: Error, CustomStringConvertible {
    public var description: String
}
