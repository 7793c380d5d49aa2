import Foundation
import KSITestSupport
import Testing

/// LIM-R2: money sums and products go through `Money` (checked or saturating), never the trapping or
/// wrapping operators. A line of code that names an øre or kroner value (`…Ore`, `…Kroner`) must not
/// form a sum with `reduce(…+…)`, a compound `+= -= *=`, a binary `+ - *`, or a wrapping `&+ &- &*`.
/// Only Money.swift and MoneyLimits.swift, which implement the checked arithmetic, are exempt.
@Suite("Money arithmetic rules (LIM-R2)")
struct MoneyArithmeticRulesTests {
    static let scanned = ["Sources/KSICore", "Sources/Gateway", "Sources/Services", "Sources/KSIBench", "Sources/ksi"]
    static let exempt: Set<String> = ["Money.swift", "MoneyLimits.swift"]

    // Simple word boundaries: the default (UAX #29) treats `grant.amountOre` as one word, so `\b` would not
    // separate `amountOre` from the `.` before it.
    nonisolated(unsafe) static let moneyName = try! Regex(#"\b\w*(Ore|Kroner)\b"#).wordBoundaryKind(.simple)
    nonisolated(unsafe) static let forbidden: [(String, Regex<AnyRegexOutput>)] = [
        (
            "reduce with +",
            try! Regex(#"reduce\([^)]*\)\s*\{[^}]*\+|reduce\([^)]*,\s*\+\s*\)"#).wordBoundaryKind(.simple)
        ),
        ("wrapping operator", try! Regex(#"&[-+*]"#).wordBoundaryKind(.simple)),
        (
            "compound assignment on a money value",
            try! Regex(#"\b\w*(Ore|Kroner)\b(\[[^\]]*\])?\s*[-+*]=|[-+*]=\s*[\w.$]*(Ore|Kroner)\b"#).wordBoundaryKind(
                .simple
            )
        ),
        (
            "binary + - * next to a money value",
            try! Regex(#"\b\w*(Ore|Kroner)\b\)?\s*[-+*]\s*[\w.($]|[\w)\]]\s*[-+*]\s*[\w.$]*(Ore|Kroner)\b"#)
                .wordBoundaryKind(.simple)
        ),
        ("kroner multiplied into øre", try! Regex(#"(?i)\b\w*kroner\b\s*\*"#).wordBoundaryKind(.simple)),
    ]

    /// The code of a line without its comment and string literals' text (interpolations stay: they are code).
    static func code(_ line: Substring) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("//") { return "" }
        if let comment = trimmed.range(of: " // ") { return String(trimmed[..<comment.lowerBound]) }
        return trimmed
    }

    static func violations(in text: String, file: String) -> [String] {
        var found: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let code = code(line)
            guard code.contains(moneyName) else { continue }
            for (name, pattern) in forbidden where code.contains(pattern) {
                found.append("\(file):\(number + 1): \(name): \(code)")
                break
            }
        }
        return found
    }

    @Test("LIM-R2 no money sum or product outside Money is formed with trapping or wrapping operators")
    func noBareMoneyArithmetic() throws {
        var files = 0
        var found: [String] = []
        for directory in Self.scanned {
            let root = RepositoryPaths.root.appendingPathComponent(directory)
            let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard url.pathExtension == "swift", !url.path.contains("/Generated/"),
                    !Self.exempt.contains(url.lastPathComponent)
                else { continue }
                files += 1
                found += Self.violations(
                    in: try String(contentsOf: url, encoding: .utf8),
                    file: String(url.path.dropFirst(RepositoryPaths.root.path.count + 1))
                )
            }
        }
        #expect(files > 200)
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    @Test("LIM-R2 the rule recognises each forbidden shape and leaves checked arithmetic alone")
    func ruleRecognisesShapes() {
        let bad = [
            "let total = lines.reduce(0) { $0 + $1.amountOre }",
            "let sum = amountsOre.reduce(0, +)",
            "grant.disbursedOre += request.amountOre",
            "let available = frameOre - precommittedOre",
            "$0.frameOre = kroner * 100",
            "let frameOre = frameKroner * 100",
            "x = a.amountOre &+ b.amountOre",
        ]
        for line in bad { #expect(Self.violations(in: line, file: "f").count == 1, "\(line)") }
        let good = [
            "let total = try Money.sum(lines, field: \"lines\") { $0.amountOre }",
            "grant.disbursedOre = try Money.add(grant.disbursedOre, request.amountOre, field: \"amount_ore\")",
            "let kroner = amountOre / Money.orePerKrone",
            "let count = units.reduce(0) { $0 + $1.enrolledCount }",
            "// total += amountOre in a comment",
            "if amountOre > limitOre { reject() }",
            "if pledge.pledgedOre >= pledge.requiredOre { row.pledgesCompliant += 1 }",
        ]
        for line in good { #expect(Self.violations(in: line, file: "f").isEmpty, "\(line)") }
    }
}
