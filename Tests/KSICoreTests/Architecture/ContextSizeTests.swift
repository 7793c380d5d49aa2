import Foundation
import KSITestSupport
import Testing

/// Issue 16: no context type has more than 30 public methods. Counted from the sources (the declarations at
/// member level, 4 spaces in, of every top-level `struct`/`extension`/`class`/`actor` whose type name ends in
/// `Context`): `public func`, `public static func` and `public init`, over all the type's files.
@Suite("Context types have at most 30 public methods (issue 16)")
struct ContextSizeTests {
    static let limit = 30
    /// The Allocation contexts (docs/architecture.md, "Allocation contexts (issue 16)").
    static let allocationContexts: Set<String> = [
        "AllocationContext", "BudgetContext", "RecommendationContext", "GrantContext", "GovernanceContext",
        "AppealContext", "PolicyContext", "SimulatorContext",
    ]

    let sources = RepositoryPaths.root.appendingPathComponent("Sources")

    static let declarationModifiers: Set<Substring> = [
        "public", "package", "internal", "fileprivate", "private", "final",
    ]
    static let typeKeywords: Set<Substring> = ["struct", "extension", "class", "actor", "enum"]
    static let methodModifiers: Set<Substring> = ["static", "nonisolated", "mutating", "override", "convenience"]

    /// The type a top-level declaration line (`public struct X: …`, `extension X {`) opens, or nil.
    static func declaredType(_ line: Substring) -> Substring? {
        guard line.first?.isLetter == true else { return nil }
        var words = line.split(separator: " ")[...]
        while let first = words.first, declarationModifiers.contains(first) { words = words.dropFirst() }
        guard let keyword = words.first, typeKeywords.contains(keyword) else { return nil }
        return words.dropFirst().first?.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// A member-level `public [static …] func` or `public init`.
    static func isPublicMethod(_ line: Substring) -> Bool {
        guard line.hasPrefix("    public ") else { return false }
        for word in line.dropFirst("    public ".count).split(separator: " ") {
            if word == "func" || word.hasPrefix("init(") || word.hasPrefix("init<") || word.hasPrefix("init?") {
                return true
            }
            if !methodModifiers.contains(word) { return false }
        }
        return false
    }

    /// Public methods per type name ending in `Context`, over every Swift file under Sources.
    func publicMethodCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            var current: String?
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                if let name = Self.declaredType(line) {
                    current = name.hasSuffix("Context") ? String(name) : nil
                    if let current { counts[current, default: 0] += 0 }
                } else if line.first == "}" {
                    current = nil
                } else if let current, Self.isPublicMethod(line) {
                    counts[current, default: 0] += 1
                }
            }
        }
        return counts
    }

    @Test("the parser counts what the issue counts: declarations, modifiers and members of one type")
    func parser() {
        #expect(Self.declaredType("public struct GrantContext: Sendable, AllocationContextPart {") == "GrantContext")
        #expect(Self.declaredType("extension GrantContext {") == "GrantContext")
        #expect(Self.declaredType("extension PartnershipContext: DeadLetterConsumer {") == "PartnershipContext")
        #expect(Self.declaredType("    public func disburse(") == nil)
        #expect(Self.declaredType("import Foundation") == nil)
        #expect(Self.isPublicMethod("    public func disburse(_ request: DisburseRequest, as caller: Caller)"))
        #expect(Self.isPublicMethod("    public static func policyResolver(in store: StoreTransaction)"))
        #expect(Self.isPublicMethod("    public init(database: KSIDatabase,"))
        #expect(!Self.isPublicMethod("    public var grants: GrantContext { GrantContext(environment: environment) }"))
        #expect(!Self.isPublicMethod("    func bookOnGrants("))
        #expect(!Self.isPublicMethod("        public func nested()"))
    }

    @Test("the count reads the sources: the Allocation contexts are all found and the façade's methods all counted")
    func countsTheSources() throws {
        let counts = try publicMethodCounts()
        #expect(Set(counts.keys).isSuperset(of: Self.allocationContexts))
        // The 96 public methods the one AllocationContext had before the split, now over its contexts.
        let allocation = Self.allocationContexts.reduce(0) { $0 + (counts[$1] ?? 0) }
        #expect(allocation >= 96)
        // And the split Needs, Partnerships and Referral contexts (38, 56 and 39 public methods before).
        for root in ["NeedsContext", "PartnershipContext", "ReferralContext"] { #expect(counts[root] != nil) }
        #expect(counts.keys.filter { $0.hasPrefix("Needs") }.count >= 5)
        #expect(counts.keys.filter { $0.hasPrefix("Partnership") }.count >= 5)
        #expect(counts.keys.filter { $0.hasPrefix("Referral") }.count >= 3)
    }

    @Test("every context type has at most 30 public methods")
    func atMostThirty() throws {
        let counts = try publicMethodCounts()
        for (name, count) in counts.sorted(by: { $0.key < $1.key }) {
            #expect(count <= Self.limit, "\(name) has \(count) public methods; split it along its jobs (issue 16)")
        }
    }
}
