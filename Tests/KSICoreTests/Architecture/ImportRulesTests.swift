import Foundation
import KSITestSupport
import Testing

/// ARCHITECTURE.md: KSICore imports no networking; only `KSICore/Wire` touches the C bridge.
@Suite("KSICore import rules")
struct ImportRulesTests {
    let sources = RepositoryPaths.root.appendingPathComponent("Sources/KSICore")

    private func imports() throws -> [(path: String, module: String)] {
        var found: [(String, String)] = []
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let relative = String(url.path.dropFirst(sources.path.count + 1))
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("import ") {
                    found.append((relative, String(trimmed.dropFirst("import ".count))))
                }
            }
        }
        return found
    }

    @Test("no KSICore file imports gRPC, Hummingbird or NIO's HTTP layers")
    func noNetworkingImports() throws {
        let all = try imports()
        #expect(all.count > 20)
        let bannedPrefixes = ["GRPC", "Hummingbird", "NIOHTTP", "AsyncHTTPClient"]
        let banned = all.filter { entry in bannedPrefixes.contains { entry.module.hasPrefix($0) } }
        #expect(banned.isEmpty, "\(banned)")
    }

    @Test("only Storage imports the database drivers' NIO, TLS and PostgreSQL modules")
    func driverImportsStayInStorage() throws {
        let drivers = try imports().filter {
            ["NIOPosix", "NIOSSL", "NIOCore", "PostgresNIO", "PostgresKit", "SQLiteKit", "SQLiteNIO", "VaporCSQLite"]
                .contains($0.module)
        }
        #expect(!drivers.isEmpty)
        #expect(
            drivers.allSatisfy { $0.path.hasPrefix("Storage/") },
            "\(drivers.filter { !$0.path.hasPrefix("Storage/") })"
        )
    }

    @Test("only Wire imports KSIWire and CProtobufC")
    func wireImportsStayInWire() throws {
        let bridge = try imports().filter { ["KSIWire", "CProtobufC"].contains($0.module) }
        #expect(!bridge.isEmpty)
        #expect(bridge.allSatisfy { $0.path.hasPrefix("Wire/") }, "\(bridge.filter { !$0.path.hasPrefix("Wire/") })")
    }
}
