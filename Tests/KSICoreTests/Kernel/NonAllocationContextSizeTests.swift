import Foundation
import Testing

/// Issue 16 ("Done when: no context type has more than 30 public methods"), for the Needs, Partnerships and
/// Referral contexts: each context type declared in those folders, counted with its extensions anywhere in
/// KSICore, has at most 30 public methods, and together a service's contexts still serve every rpc of its
/// proto (the split lost none).
@Suite("Needs, Partnerships and Referral context types have at most 30 public methods each")
struct NonAllocationContextSizeTests {
    /// The repository root, from this file's place (Tests/KSICoreTests/Kernel/…).
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()
    static let core = root.appendingPathComponent("Sources/KSICore")

    /// The service folders, with the proto whose rpcs their contexts serve.
    static let services: [(folder: String, proto: String)] = [
        ("Needs", "needs.proto"), ("Partnerships", "partnerships.proto"), ("Referral", "referral.proto"),
    ]

    /// The rpcs every service with a dead-letter relay gets from `DeadLetterConsumer` (a protocol extension,
    /// not a method of a context type).
    static let deadLetterRpcs: Set<String> = ["listDeadLetters", "retryDeadLetter", "dropDeadLetter"]

    static func swiftFiles(under folder: URL) throws -> [String] {
        var texts: [String] = []
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            texts.append(try String(contentsOf: url, encoding: .utf8))
        }
        return texts
    }

    /// The type a top-level `struct`/`extension` line declares or extends, if any.
    static func declaredType(_ line: Substring) -> (name: String, isDeclaration: Bool)? {
        for prefix in ["public struct ", "struct ", "public extension ", "extension "] where line.hasPrefix(prefix) {
            let name = line.dropFirst(prefix.count).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            return (String(name), prefix.hasSuffix("struct "))
        }
        return nil
    }

    /// The public methods and initialisers declared on each type, across its extensions in `texts`, by name;
    /// and the types declared as structs.
    static func publicMethods(in texts: [String]) -> (methods: [String: [String]], declared: Set<String>) {
        var methods: [String: [String]] = [:]
        var declared: Set<String> = []
        for text in texts {
            var current: String?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if let (name, isDeclaration) = declaredType(line) {
                    current = name
                    if isDeclaration { declared.insert(name) }
                } else if line == "}" {
                    current = nil
                } else if let current, line.hasPrefix("    public ") {
                    let words = line.dropFirst("    public ".count).split(separator: " ")
                    let kind = words.first == "static" ? words.dropFirst().first : words.first
                    if kind == "init" || kind?.hasPrefix("init(") == true {
                        methods[current, default: []].append("init")
                    } else if kind == "func", let name = words.drop(while: { $0 != "func" }).dropFirst().first {
                        methods[current, default: []].append(String(name.prefix { $0 != "(" && $0 != "<" }))
                    }
                }
            }
        }
        return (methods, declared)
    }

    /// The context types declared in a service folder.
    static func contextTypes(in folder: String) throws -> Set<String> {
        let texts = try swiftFiles(under: core.appendingPathComponent(folder))
        return publicMethods(in: texts).declared.filter { $0.hasSuffix("Context") }
    }

    /// The rpc names of a proto, first letter lowercased as the Swift methods spell them.
    static func rpcs(of proto: String) throws -> Set<String> {
        let text = try String(contentsOf: root.appendingPathComponent("protos/ksi/v1/\(proto)"), encoding: .utf8)
        return Set(
            text.split(separator: "\n").compactMap { line -> String? in
                let trimmed = line.drop { $0 == " " }
                guard trimmed.hasPrefix("rpc ") else { return nil }
                let name = trimmed.dropFirst(4).prefix { $0.isLetter || $0.isNumber }
                return name.prefix(1).lowercased() + name.dropFirst()
            }
        )
    }

    @Test("no Needs, Partnerships or Referral context type has more than 30 public methods")
    func atMostThirty() throws {
        let counted = Self.publicMethods(in: try Self.swiftFiles(under: Self.core)).methods
        for service in Self.services {
            let types = try Self.contextTypes(in: service.folder)
            // The root and at least two split contexts per service (issue 16).
            #expect(types.count >= 3, "\(service.folder): \(types.sorted())")
            for type in types.sorted() {
                let count = counted[type, default: []].count
                #expect(count <= 30, "\(type) has \(count) public methods (at most 30, issue 16)")
            }
        }
    }

    @Test("together a service's context types still serve every rpc of its proto")
    func everyRpcServed() throws {
        let counted = Self.publicMethods(in: try Self.swiftFiles(under: Self.core)).methods
        for service in Self.services {
            let rpcs = try Self.rpcs(of: service.proto)
            #expect(rpcs.count > 30, "\(service.proto): \(rpcs.count) rpcs read")
            let served = Set(try Self.contextTypes(in: service.folder).flatMap { counted[$0, default: []] })
            let missing = rpcs.subtracting(served).subtracting(Self.deadLetterRpcs)
            #expect(missing.isEmpty, "\(service.folder): rpcs without a context method: \(missing.sorted())")
        }
    }
}
