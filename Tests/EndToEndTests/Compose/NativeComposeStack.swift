import Foundation
import KSITestSupport

#if canImport(Glibc)
import Glibc
#endif

/// compose.yaml's services run as native processes of the built `ksi` (`.build/debug/ksi`), each with
/// exactly the environment compose declares for it, translated the way the containers see it:
///
/// - services listen on 127.0.0.1 and, since every KSI container listens on the same container port,
///   each listen port (KSI_LISTEN_PORT, KSI_HTTP_PORT, KSI_ADMIN_PORT) gets its own free loopback
///   port; every `service:port` value (peer addresses, health check targets) becomes
///   `localhost:<that port>` (a name, as in compose: TLS clients send it as SNI, and the development
///   server certificates carry it);
/// - named volumes become folders under a temporary directory, bind mounts their files in the
///   checkout (a path under a mount's target moves with it);
/// - KSI_POSTGRES_URL points at a throwaway database on the test PostgreSQL server, which stands in
///   for the `postgres` service; KSI_POSTGRES_MIGRATION_URL (the owner role) points at the same
///   database, as the same role (the test server has one), so no role is granted.
///
/// Services start in depends_on order and wait as compose waits: `service_completed_successfully` for
/// the one-shot init services, `service_healthy` by running the dependency's own health check.
final class NativeComposeStack: @unchecked Sendable {
    let compose: ComposeFile
    let root: URL
    let ksi: URL
    /// service → container port → loopback port.
    private(set) var ports: [String: [Int: Int]] = [:]
    /// named volume → folder.
    private(set) var volumes: [String: URL] = [:]
    /// service → the environment its process gets.
    private(set) var environments: [String: [String: String]] = [:]
    private var databases: [String] = []
    /// service → the throwaway database URL its KSI_POSTGRES_URL and KSI_POSTGRES_MIGRATION_URL share.
    private var databaseURLs: [String: String] = [:]
    private var running: [(name: String, process: ChildProcess)] = []
    private(set) var completed: [String: Int32] = [:]

    /// The services the test PostgreSQL server replaces.
    static let replacedByTestServer: Set<String> = ["postgres"]
    /// Environment variables that name a port the service listens on.
    static let listenPortVariables = ["KSI_LISTEN_PORT", "KSI_HTTP_PORT", "KSI_ADMIN_PORT"]

    /// How a long-running process ended after SIGTERM.
    enum Exit: Equatable, CustomStringConvertible {
        case exited(Int32), signalled(Int32), stillRunning
        var description: String {
            switch self {
            case .exited(let code): "exited with \(code)"
            case .signalled(let signal): "killed by signal \(signal)"
            case .stillRunning: "still running after its grace period"
            }
        }
    }

    private init(compose: ComposeFile, root: URL) {
        self.compose = compose
        self.root = root
        self.ksi = RepositoryPaths.root.appendingPathComponent(".build/debug/ksi")
    }

    /// Starts the stack, runs `body`, then stops every process with SIGTERM; returns `body`'s result
    /// and how each long-running process exited.
    static func run<R: Sendable>(_ body: (NativeComposeStack) async throws -> R) async throws -> (R, [String: Exit]) {
        let root = try RepositoryPaths.temporaryDirectory("compose")
        let stack = NativeComposeStack(compose: try ComposeFile.load(), root: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let result: Result<R, any Error>
        do {
            try await stack.prepare()
            try await stack.startAll()
            result = .success(try await body(stack))
        } catch {
            result = .failure(error)
        }
        let exits = await stack.stopAll()
        for name in stack.databases { try? await TestDatabase.dropPostgresDatabase(name) }
        return (try result.get(), exits)
    }

    // MARK: - Translation

    private func prepare() async throws {
        guard FileManager.default.isExecutableFile(atPath: ksi.path) else {
            throw ComposeFileError(message: "\(ksi.path) is missing: build with `swift build --build-tests` first")
        }
        for name in (compose.volumes ?? [:]).keys {
            let folder = root.appendingPathComponent("volumes/\(name)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            volumes[name] = folder
        }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("logs"),
            withIntermediateDirectories: true
        )
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("work"),
            withIntermediateDirectories: true
        )
        for (name, service) in compose.services where !Self.replacedByTestServer.contains(name) {
            for variable in Self.listenPortVariables {
                guard let text = service.env[variable] else { continue }
                guard let port = Int(text) else {
                    throw ComposeFileError(message: "\(name).\(variable) = \(text) is not a port")
                }
                ports[name, default: [:]][port] = try freeLoopbackPort()
            }
        }
        for (name, service) in compose.services where !Self.replacedByTestServer.contains(name) {
            var env: [String: String] = [:]
            for (key, value) in service.env {
                env[key] = try await translate(key, value, of: name, service)
            }
            environments[name] = env
        }
    }

    private func translate(
        _ key: String,
        _ value: String,
        of name: String,
        _ service: ComposeFile.Service
    ) async throws -> String {
        switch key {
        case "KSI_LISTEN_HOST":
            return "127.0.0.1"
        case _ where Self.listenPortVariables.contains(key):
            return String(ports[name]![Int(value)!]!)
        case "KSI_POSTGRES_URL", "KSI_POSTGRES_MIGRATION_URL":
            guard URLComponents(string: value)?.host.map(Self.replacedByTestServer.contains) == true else {
                throw ComposeFileError(message: "\(name).\(key) does not point at the postgres service: \(value)")
            }
            if let url = databaseURLs[name] { return url }
            let (database, url) = try await TestDatabase.createPostgresDatabase()
            databases.append(database)
            databaseURLs[name] = url
            return url
        default:
            return try translate(value, in: service)
        }
    }

    /// A value as the native process must see it: `service:port` → its loopback address, a path inside
    /// a named volume → the volume's folder, a bind-mounted path → the file in the checkout.
    func translate(_ value: String, in service: ComposeFile.Service) throws -> String {
        if let address = compose.serviceAddress(value) {
            guard let port = ports[address.service]?[address.port] else {
                throw ComposeFileError(message: "\(value) names a port that \(address.service) does not listen on")
            }
            return "localhost:\(port)"
        }
        for mount in service.namedMounts where value == mount.target || value.hasPrefix(mount.target + "/") {
            return volumes[mount.volume]!.path + value.dropFirst(mount.target.count)
        }
        for mount in service.bindMounts where value == mount.target || value.hasPrefix(mount.target + "/") {
            let source =
                mount.source.hasPrefix("/")
                ? URL(fileURLWithPath: mount.source) : RepositoryPaths.root.appendingPathComponent(mount.source)
            return source.standardizedFileURL.path + value.dropFirst(mount.target.count)
        }
        return value
    }

    /// `ksi` (the image's executable, found on its PATH) → the built binary; other programs as they are.
    private func executable(_ program: String) -> URL {
        program == "ksi" ? ksi : URL(fileURLWithPath: program)
    }

    private func processEnvironment(_ name: String) -> [String: String] {
        var env = environments[name] ?? [:]
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        env["HOME"] = root.appendingPathComponent("work").path
        return env
    }

    // MARK: - Processes

    func logPath(_ name: String) -> URL { root.appendingPathComponent("logs/\(name).log") }

    /// The last lines a service printed, for failure messages.
    func log(_ name: String) -> String {
        let text = (try? String(contentsOf: logPath(name), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(25).joined(separator: "\n")
    }

    private func spawn(_ name: String, _ argv: [String], logTo log: URL) throws -> ChildProcess {
        let service = compose.services[name]!
        let arguments = try argv.dropFirst().map { try translate($0, in: service) }
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        return try ChildProcess.spawn(
            executable(argv[0]).path,
            arguments,
            environment: processEnvironment(name),
            currentDirectory: root.appendingPathComponent("work").path,
            output: handle.fileDescriptor
        )
    }

    private func command(of name: String) throws -> [String] {
        let service = compose.services[name]!
        let entrypoint = try service.entrypoint ?? Dockerfile.entrypoint()
        return entrypoint + (service.command ?? [])
    }

    private func startAll() async throws {
        for name in try compose.startOrder() where !Self.replacedByTestServer.contains(name) {
            for (dependency, rule) in compose.services[name]?.dependsOn ?? [:]
            where !Self.replacedByTestServer.contains(dependency) {
                try await satisfy(rule.condition, of: dependency, before: name)
            }
            if compose.services[name]!.isOneShot {
                let process = try spawn(name, try command(of: name), logTo: logPath(name))
                let status = try await waitForExit(process, within: .seconds(60))
                completed[name] = status
                guard status == 0 else {
                    throw ComposeFileError(message: "\(name) exited with \(status):\n\(log(name))")
                }
            } else {
                running.append((name, try spawn(name, try command(of: name), logTo: logPath(name))))
            }
        }
    }

    private func satisfy(_ condition: String, of dependency: String, before name: String) async throws {
        switch condition {
        case "service_completed_successfully":
            guard completed[dependency] == 0 else {
                throw ComposeFileError(message: "\(name) needs \(dependency) to have completed")
            }
        case "service_healthy":
            try await waitUntilHealthy(dependency)
        case "service_started":
            guard running.contains(where: { $0.name == dependency }) else {
                throw ComposeFileError(message: "\(dependency) did not start")
            }
        default:
            throw ComposeFileError(message: "unknown depends_on condition \(condition)")
        }
    }

    /// Runs `name`'s declared health check (its exec form, translated) once: exit status and output.
    func runHealthCheck(_ name: String) throws -> ProcessResult {
        guard let test = compose.services[name]?.healthcheck?.test, test.first == "CMD", test.count > 1 else {
            throw ComposeFileError(message: "\(name) has no exec-form health check")
        }
        let argv = Array(test.dropFirst())
        let service = compose.services[name]!
        return try runProgram(
            executable(argv[0]),
            try argv.dropFirst().map { try translate($0, in: service) },
            environment: processEnvironment(name)
        )
    }

    /// Repeats the health check until it passes, as compose does before `service_healthy`.
    func waitUntilHealthy(_ name: String, within limit: Duration = .seconds(90)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        var last: ProcessResult?
        while clock.now < deadline {
            if let process = running.first(where: { $0.name == name })?.process, let ended = process.exit {
                throw ComposeFileError(message: "\(name) exited (\(ended)) before it was healthy:\n\(log(name))")
            }
            let result = try runHealthCheck(name)
            if result.status == 0 { return }
            last = result
            try await Task.sleep(for: .milliseconds(300))
        }
        throw ComposeFileError(message: "\(name) was not healthy within \(limit): \(last?.output ?? "")\n\(log(name))")
    }

    private func waitForExit(_ process: ChildProcess, within limit: Duration) async throws -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while process.isRunning && clock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        guard let ended = process.exit else {
            process.terminate()
            throw ComposeFileError(message: "a one-shot service did not finish within \(limit)")
        }
        if case .exited(let code) = ended { return code }
        return -1
    }

    /// SIGTERM to every running process, newest first (the gateway before the services it calls), as
    /// `docker compose down` does; SIGKILL to any still running after its 20 s grace period.
    private func stopAll() async -> [String: Exit] {
        var exits: [String: Exit] = [:]
        for (name, process) in running.reversed() {
            if process.isRunning { process.terminate() }
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(20)
            while process.isRunning && clock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                exits[name] = .stillRunning
            } else {
                exits[name] =
                    switch process.waitUntilExit() {
                    case .exited(let code): .exited(code)
                    case .signalled(let signal): .signalled(signal)
                    }
            }
        }
        running = []
        return exits
    }
}
