import Foundation
import KSITestSupport
import Testing

/// Issue 16: a rule id (`NEED-R2`, `COM-INPUT`, `LIM-R5` …) is written as a string literal exactly once in
/// Sources, in its one declaration: a rule type's `static let id: RuleID = "…"` or a shared rule's
/// `public static let …: RuleID = "…"` in Kernel/Rules/RuleID+<Family>.swift. Everything else names the typed
/// value, so an error reason cannot drift from its declaration. Comments and generated code are not scanned.
@Suite("Rule id literals (issue 16)")
struct RuleIDLiteralTests {
    nonisolated(unsafe) static let literal = try! Regex(#""([A-Z]+-(R[0-9]+[a-z]?|INPUT))""#)
    nonisolated(unsafe) static let ruleTypeDeclaration = try! Regex(#"^(public )?static let id: RuleID = "[^"]+"$"#)
    nonisolated(unsafe) static let sharedDeclaration = try! Regex(#"^public static let \w+: RuleID = "[^"]+"$"#)

    struct Literal: CustomStringConvertible {
        var id: String
        var file: String
        var line: Int
        var code: String
        var description: String { "\(file):\(line): \(code)" }
    }

    /// Every rule-id string literal in the Swift code of Sources (comments and Generated/ left out).
    static func literals() throws -> [Literal] {
        let sources = RepositoryPaths.root.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var found: [Literal] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" && !url.path.contains("/Generated/") {
            let text = try String(contentsOf: url, encoding: .utf8)
            let file = String(url.path.dropFirst(sources.path.count + 1))
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") { continue }
                for match in code.matches(of: literal) {
                    let id = String(code[match.range].dropFirst().dropLast())
                    found.append(Literal(id: id, file: file, line: number + 1, code: code))
                }
            }
        }
        return found
    }

    static func isDeclaration(_ literal: Literal) -> Bool {
        if literal.code.contains(ruleTypeDeclaration) { return literal.file.contains("/Rules/") }
        if literal.code.contains(sharedDeclaration) {
            return literal.file.hasPrefix("KSICore/Kernel/Rules/RuleID+") && literal.file.hasSuffix(".swift")
        }
        return false
    }

    @Test("no rule-id literal in Sources outside its one declaration")
    func noLiteralOutsideItsDeclaration() throws {
        let literals = try Self.literals()
        #expect(literals.count > 90, "the scan found the declarations (\(literals.count))")
        let stray = literals.filter { !Self.isDeclaration($0) }
        #expect(
            stray.isEmpty,
            "rule ids written as literals outside their declaration:\n\(stray.map(\.description).joined(separator: "\n"))"
        )
    }

    @Test("each rule id is declared once")
    func eachIdDeclaredOnce() throws {
        let declarations = Dictionary(grouping: try Self.literals().filter(Self.isDeclaration), by: \.id)
        let repeated = declarations.filter { $0.value.count > 1 }
        #expect(repeated.isEmpty, "declared more than once: \(repeated.values.flatMap { $0 }.map(\.description))")
        for id in [
            "COM-INPUT", "COM-R2", "LIM-R1", "LIM-R8", "ID-R1", "ID-R2", "IDEM-R1", "AUTH-R5", "NEED-R2", "REF-R7",
        ] {
            #expect(declarations[id] != nil, "\(id) has a declaration")
        }
    }

    @Test("the scan finds a stray literal and tells a declaration from a use")
    func scanRecognisesBothForms() {
        let use = Literal(
            id: "COM-INPUT",
            file: "KSICore/Needs/X.swift",
            line: 1,
            code: #"findings.reject("COM-INPUT", field: "a", "b")"#
        )
        let ruleType = Literal(
            id: "REF-R9",
            file: "KSICore/Referral/Rules/AssignmentRule.swift",
            line: 3,
            code: #"public static let id: RuleID = "REF-R9""#
        )
        let shared = Literal(
            id: "LIM-R7",
            file: "KSICore/Kernel/Rules/RuleID+Limits.swift",
            line: 9,
            code: #"public static let paging: RuleID = "LIM-R7""#
        )
        let elsewhere = Literal(
            id: "LIM-R7",
            file: "KSICore/Storage/PageRequest.swift",
            line: 9,
            code: #"public static let paging: RuleID = "LIM-R7""#
        )
        #expect(!Self.isDeclaration(use))
        #expect(Self.isDeclaration(ruleType))
        #expect(Self.isDeclaration(shared))
        #expect(!Self.isDeclaration(elsewhere))
        #expect(#"x = "ALLOC-R19""#.contains(Self.literal))
    }
}
