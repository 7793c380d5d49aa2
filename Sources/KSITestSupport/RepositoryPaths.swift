import Foundation

/// Paths inside the KSI checkout, for tests that run the repository's scripts.
public enum RepositoryPaths {
    /// The repository root, found from this file's location.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Sources/KSITestSupport/RepositoryPaths.swift
        return url
    }()

    /// The test venv's Python (created by `scripts/setup`, which `make test` runs first).
    public static var python: URL { root.appendingPathComponent(".venv/bin/python") }

    /// A fresh temporary directory, removed by the caller.
    public static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ksi-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The result of running a program to completion.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var output: String
}

/// `runProgram` on a thread of its own, for async tests: waiting for the child on one of the cooperative pool's
/// few threads (two on a two-core machine) starves the in-process services the child is calling, so parallel
/// tests that each run a client against their stack would all time out.
public func runProgramOffPool(
    _ executable: URL,
    _ arguments: [String],
    environment: [String: String]? = nil
) async throws -> ProcessResult {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try runProgram(executable, arguments, environment: environment) }) }
            .start()
    }
}

/// Runs a program with arguments, collecting stdout and stderr together.
public func runProgram(
    _ executable: URL,
    _ arguments: [String],
    environment: [String: String]? = nil
) throws -> ProcessResult {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw ChildProcess.SpawnFailed(executable: executable.path, code: errno) }
    // Close-on-exec, so children other tests spawn meanwhile do not hold the write end open.
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    let child: ChildProcess
    do {
        child = try ChildProcess.spawn(executable.path, arguments, environment: environment, output: fds[1])
    } catch {
        close(fds[0])
        close(fds[1])
        throw error
    }
    close(fds[1])
    defer { close(fds[0]) }
    let data = try readToEnd(fds[0])
    let status: Int32 =
        switch child.waitUntilExit() {
        case .exited(let code): code
        case .signalled(let signal): 128 + signal
        }
    return ProcessResult(status: status, output: String(decoding: data, as: UTF8.self))
}

/// Everything readable from `fd` until end of file. Foundation's `readDataToEndOfFile()` traps when a
/// signal interrupts the read (EINTR, e.g. SIGCHLD while other tests' processes exit); this retries.
func readToEnd(_ fd: Int32) throws -> Data {
    struct ReadFailed: Error, CustomStringConvertible {
        let code: Int32
        var description: String { "reading a child process's output failed: errno \(code)" }
    }
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
            data.append(contentsOf: buffer[0..<count])
        } else if count == 0 {
            return data
        } else if errno != EINTR {
            throw ReadFailed(code: errno)
        }
    }
}
