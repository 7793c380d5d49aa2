import Foundation
import KSITestSupport

/// compose.yaml as Compose reads it (anchors merged, `${VAR}` interpolated, environment as a map),
/// through `scripts/compose_check.py config` in the test venv.
struct ComposeFile: Decodable, Sendable {
    var services: [String: Service]
    var volumes: [String: VolumeDeclaration?]?

    struct Service: Decodable, Sendable {
        var image: String?
        var build: Build?
        var entrypoint: [String]?
        var command: [String]?
        var environment: [String: String]?
        var healthcheck: Healthcheck?
        var dependsOn: [String: Dependency]?
        var ports: [String]?
        var volumes: [String]?
        var restart: String?

        enum CodingKeys: String, CodingKey {
            case image, build, entrypoint, command, environment, healthcheck, ports, volumes, restart
            case dependsOn = "depends_on"
        }

        /// Built from this repository's Dockerfile (the `ksi` image), as opposed to a public image.
        var usesKSIImage: Bool { build?.dockerfile == "Dockerfile" }

        /// Runs once and exits; others wait for it with `service_completed_successfully`.
        var isOneShot: Bool { restart == "no" }

        var env: [String: String] { environment ?? [:] }

        /// Named volumes mounted: volume name → path in the container.
        var namedMounts: [(volume: String, target: String)] {
            mounts.filter { !$0.isBind }.map { ($0.source, $0.target) }
        }

        /// Host files and folders mounted (bind mounts): source relative to the compose file → path in the container.
        var bindMounts: [(source: String, target: String)] {
            mounts.filter(\.isBind).map { ($0.source, $0.target) }
        }

        private var mounts: [(source: String, target: String, isBind: Bool)] {
            (volumes ?? []).compactMap { spec in
                let parts = spec.split(separator: ":").map(String.init)
                guard parts.count >= 2 else { return nil }
                return (parts[0], parts[1], parts[0].hasPrefix(".") || parts[0].hasPrefix("/"))
            }
        }
    }

    struct Build: Decodable, Sendable {
        var context: String?
        var dockerfile: String?
    }

    struct Healthcheck: Decodable, Sendable {
        var test: [String]?
        var disable: Bool?
    }

    struct Dependency: Decodable, Sendable {
        var condition: String
    }

    struct VolumeDeclaration: Decodable, Sendable {
        var external: Bool?
    }

    static var path: URL { RepositoryPaths.root.appendingPathComponent("compose.yaml") }
    static var checkScript: String { RepositoryPaths.root.appendingPathComponent("scripts/compose_check.py").path }

    /// Reads `file` with `variables` as the environment Compose interpolates from.
    static func load(_ file: URL = path, variables: [String: String] = [:]) throws -> ComposeFile {
        let result = try runProgram(RepositoryPaths.python, [checkScript, "config", file.path], environment: variables)
        guard result.status == 0 else {
            throw ComposeFileError(message: "compose_check.py config failed:\n\(result.output)")
        }
        return try JSONDecoder().decode(ComposeFile.self, from: Data(result.output.utf8))
    }

    /// `host:port` split when the host is one of this file's services.
    func serviceAddress(_ text: String) -> (service: String, port: Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, services[String(parts[0])] != nil, let port = Int(parts[1]) else { return nil }
        return (String(parts[0]), port)
    }

    /// Services in an order that starts every service after the ones it depends on.
    func startOrder() throws -> [String] {
        var ordered: [String] = []
        var visiting: Set<String> = []
        func visit(_ name: String) throws {
            if ordered.contains(name) { return }
            guard visiting.insert(name).inserted else {
                throw ComposeFileError(message: "depends_on cycle through \(name)")
            }
            for dependency in (services[name]?.dependsOn ?? [:]).keys.sorted() { try visit(dependency) }
            ordered.append(name)
        }
        for name in services.keys.sorted() { try visit(name) }
        return ordered
    }
}

struct ComposeFileError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The KSI_* environment variables each `ksi` subcommand reads, from the executable's sources
/// (`scripts/compose_check.py env-vars`).
enum KSIEnvironmentVariables {
    static func readByCommand() throws -> [String: Set<String>] {
        let sources = RepositoryPaths.root.appendingPathComponent("Sources/ksi").path
        let keyRing = RepositoryPaths.root.appendingPathComponent(
            "Sources/KSICore/Referral/Crypto/ReferralKeyRing.swift"
        ).path
        let result = try runProgram(RepositoryPaths.python, [ComposeFile.checkScript, "env-vars", sources, keyRing])
        guard result.status == 0 else {
            throw ComposeFileError(message: "compose_check.py env-vars failed:\n\(result.output)")
        }
        return try JSONDecoder().decode([String: [String]].self, from: Data(result.output.utf8)).mapValues(Set.init)
    }
}

/// What the repository's Dockerfile says about the runtime image.
enum Dockerfile {
    static var text: String {
        get throws {
            try String(contentsOf: RepositoryPaths.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        }
    }

    /// The runtime stage's ENTRYPOINT in exec form, e.g. ["ksi"].
    static func entrypoint() throws -> [String] {
        guard let line = try text.split(separator: "\n").last(where: { $0.hasPrefix("ENTRYPOINT ") }) else {
            throw ComposeFileError(message: "the Dockerfile has no ENTRYPOINT")
        }
        let json = line.dropFirst("ENTRYPOINT ".count)
        return try JSONDecoder().decode([String].self, from: Data(json.utf8))
    }

    /// The KSI_* variables the runtime image sets with ENV.
    static func environmentVariables() throws -> Set<String> {
        let pattern = /(KSI_[A-Z0-9_]+)=/
        return Set(try text.matches(of: pattern).map { String($0.output.1) })
    }
}
