import Foundation
import KSITestSupport
import Testing

@testable import KSICore

/// Issue 16: every rule of the four contexts is a `DomainRule` with its DOMAIN.md id and severity, listed
/// in `RuleCatalog`; the POLICY rules an embete may configure are read from those severities.
@Suite("Rule catalogue and severities (issue 16)")
struct RuleCatalogTests {
    /// The kind column of DOMAIN.md's rule tables (§4.1–§4.4, §4 common rules), copied as written.
    static let domainKinds: [String: String] = [
        "COM-R2": "HARD", "COM-R7": "HARD",
        "NEED-R1": "HARD", "NEED-R2": "HARD (flag: POLICY)", "NEED-R3": "POLICY", "NEED-R4": "POLICY",
        "NEED-R5": "HARD", "NEED-R6": "HARD (date: POLICY)", "NEED-R7": "HARD / WARN", "NEED-R8": "WARN",
        "NEED-R9": "WARN", "NEED-R10": "POLICY / WARN", "NEED-R11": "HARD / WARN", "NEED-R12": "HARD (derived)",
        "NEED-R13": "WARN", "NEED-R14": "WARN", "NEED-R15": "WARN",
        "PART-R1": "HARD", "PART-R2": "HARD", "PART-R3": "HARD / WARN", "PART-R4": "POLICY",
        "PART-R5": "POLICY (default HARD)", "PART-R6": "HARD", "PART-R7": "HARD", "PART-R8": "POLICY",
        "PART-R9": "WARN", "PART-R10": "WARN", "PART-R11": "WARN", "PART-R12": "WARN",
        "PART-R13": "HARD (date: POLICY)", "PART-R14": "HARD (must be allowed)", "PART-R15": "HARD (must be allowed)",
        "PART-R16": "WARN", "PART-R17": "HARD",
        "ALLOC-R1": "HARD", "ALLOC-R2": "HARD", "ALLOC-R3": "HARD", "ALLOC-R4": "HARD", "ALLOC-R5": "HARD",
        "ALLOC-R6": "HARD / POLICY", "ALLOC-R7": "POLICY", "ALLOC-R8": "WARN", "ALLOC-R9": "WARN (thresholds: POLICY)",
        "ALLOC-R10": "HARD", "ALLOC-R11": "HARD", "ALLOC-R12": "HARD", "ALLOC-R13": "HARD / POLICY",
        "ALLOC-R14": "POLICY", "ALLOC-R15": "POLICY", "ALLOC-R16": "HARD", "ALLOC-R17": "POLICY",
        "ALLOC-R18": "POLICY", "ALLOC-R19": "POLICY", "ALLOC-R20": "WARN", "ALLOC-R21": "WARN", "ALLOC-R22": "WARN",
        "ALLOC-R23": "POLICY",
        "REF-R1": "HARD", "REF-R2": "HARD", "REF-R3": "HARD", "REF-R4": "HARD / WARN", "REF-R5": "WARN",
        "REF-R6": "HARD", "REF-R7": "HARD", "REF-R8": "POLICY (on)", "REF-R9": "HARD", "REF-R10": "WARN (SLA)",
        "REF-R11": "HARD", "REF-R12": "HARD", "REF-R13": "HARD", "REF-R14": "WARN", "REF-R15": "HARD",
        "REF-R16": "HARD",
    ]

    /// The words HARD, WARN and POLICY a kind column names, in any position.
    static func severity(_ kind: String) -> RuleSeverity {
        var severity: RuleSeverity = []
        if kind.contains("HARD") && !kind.contains("default HARD") { severity.insert(.hard) }
        if kind.contains("WARN") { severity.insert(.warn) }
        if kind.contains("POLICY") { severity.insert(.policy) }
        return severity
    }

    @Test("every rule type has the severity DOMAIN.md's kind column states for its id")
    func severitiesFollowDomain() throws {
        #expect(RuleCatalog.all.count == 81)
        for rule in RuleCatalog.all {
            let kind = try #require(Self.domainKinds[rule.id.value], "\(rule) names \(rule.id), a rule of DOMAIN.md")
            #expect(rule.severity == Self.severity(kind), "\(rule) (\(rule.id)): DOMAIN.md says \(kind)")
        }
        #expect(Self.severity("HARD (date: POLICY)") == [.hard, .policy])
        #expect(Self.severity("POLICY (default HARD)") == .policy)
        #expect(RuleSeverity([.hard, .policy, .warn]).description == "HARD / POLICY / WARN")
    }

    @Test("every rule id of the context tables with a rule type in Sources is covered, and every rule type is listed")
    func catalogueListsEveryRuleType() throws {
        let listed = Set(RuleCatalog.all.map { String(describing: $0) })
        #expect(listed.count == RuleCatalog.all.count, "no rule type listed twice")
        let sources = RepositoryPaths.root.appendingPathComponent("Sources/KSICore")
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var declared: Set<String> = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for line in text.split(separator: "\n") {
                if let name = Self.ruleTypeName(line) { declared.insert(name) }
            }
        }
        #expect(declared.count == 81)
        #expect(
            declared == listed,
            "declared but not listed: \(declared.subtracting(listed)); listed only: \(listed.subtracting(declared))"
        )
        let ids = Set(RuleCatalog.all.map { $0.id.value })
        let contextIds = Set(Self.domainKinds.keys)
        #expect(ids.isSubset(of: contextIds))
    }

    /// The name a line declares when it declares a rule type: `public enum UhPartnerRule: NeedsReportRule {`.
    static func ruleTypeName(_ line: Substring) -> String? {
        guard line.hasSuffix("DomainRule {") || line.hasSuffix("NeedsReportRule {") else { return nil }
        let words = line.split(separator: " ")
        guard let kind = words.firstIndex(where: { $0 == "enum" || $0 == "struct" }), kind + 1 < words.count else {
            return nil
        }
        let name = words[kind + 1]
        return name.hasSuffix(":") ? String(name.dropLast()) : nil
    }

    @Test("the rules a RuleKindOverride may set are exactly DOMAIN.md's POLICY rules")
    func configurableRulesAreThePolicyRules() {
        let policy = Set(Self.domainKinds.filter { $0.value.contains("POLICY") }.keys)
        #expect(
            policy == [
                "NEED-R2", "NEED-R3", "NEED-R4", "NEED-R6", "NEED-R10", "PART-R4", "PART-R5", "PART-R8", "PART-R13",
                "ALLOC-R6", "ALLOC-R7", "ALLOC-R9", "ALLOC-R13", "ALLOC-R14", "ALLOC-R15", "ALLOC-R17", "ALLOC-R18",
                "ALLOC-R19", "ALLOC-R23", "REF-R8",
            ]
        )
        #expect(PolicyValidation.policyRules == policy)
        #expect(!PolicyValidation.policyRules.contains("ALLOC-R12"), "co-financing is HARD by regulation")
    }

    @Test("the shared rule ids keep their wire text")
    func sharedIdsKeepTheirText() {
        let pinned: [(RuleID, String)] = [
            (.malformedInput, "COM-INPUT"), (.wholeKroner, "COM-R2"), (.basisPointSplit, "COM-R3"),
            (.policyResolution, "COM-R5"), (.effectiveDated, "COM-R6"), (.oneScheme, "COM-R7"),
            (.decodeBudget, "LIM-R1"), (.moneyBound, "LIM-R2"), (.calendarDate, "LIM-R3"),
            (.requestIdRequired, "LIM-R4"), (.textLength, "LIM-R5"), (.repeatedCount, "LIM-R6"), (.paging, "LIM-R7"),
            (.bodySize, "LIM-R8"), (.idempotentReplay, "IDEM-R1"), (.idempotencyExpiry, "IDEM-R2"),
            (.syntheticIdentity, "ID-R1"), (.serverAssignedId, "ID-R2"), (.verifiedToken, "AUTH-R1"),
            (.actingPerson, "AUTH-R2"), (.assuranceLevel, "AUTH-R3"), (.personRole, "AUTH-R4"),
            (.operationRole, "AUTH-R5"), (.dataSubjectRequest, "PRIV-R6"), (.childDataReadLog, "PRIV-R8"),
            (.consent, "PRIV-R9"), (.referralRetention, "PRIV-R10"),
        ]
        for (id, text) in pinned { #expect(id.value == text) }
        #expect(DomainError.malformedInputRule == .malformedInput)
        #expect(DomainError.invalidArgument(field: "x", "y").violations.map(\.rule.value) == ["COM-INPUT"])
    }
}
