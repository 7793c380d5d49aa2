import Foundation
import KSICore

@testable import Gateway

/// The one check that a dashboard page speaks bokmål to its reader (issue 15): in the text a person sees
/// or hears (element text, `aria-label`, SVG `<title>`), no raw enum value name of the contract, no
/// camelCase identifier, no record id (`statped-division-…`), no "÷" or "×", and no English word from
/// `englishWords`. `<code>` is exempt: it holds identifiers shown on purpose (a request id, a rule id).
///
/// Pages to check: `DashboardPageWalk.pages` below (every page of the demo year); a new page is added there
/// once and is then checked for language and for figure definitions (`DashboardDemoYearPagesTests`).
enum PageLanguageCheck {
    struct Finding: CustomStringConvertible {
        var kind: String
        var text: String
        var context: String
        var description: String { "\(kind) «\(text)» in «\(context)»" }
    }

    /// English words a bokmål page must not show (matched as whole words, case-insensitive).
    static let englishWords: [String] = [
        "the", "and", "of", "with", "not", "must", "should", "only", "may", "unknown", "error", "errors", "not found",
        "forbidden",
        "unauthorized", "invalid", "required", "request", "failed", "none", "null", "undefined", "nan", "true", "false",
        "large", "medium", "small", "green", "amber", "red", "yellow", "draft", "submitted", "pending", "approved",
        "rejected",
        "accepted", "declined", "closed", "withdrawn", "returned", "amount", "total", "share", "ratio", "page",
        "service",
        "unavailable", "details", "division", "theme", "status code",
    ]

    /// Record-id shapes of the reference data and the services (`statped-division-compulsory`, `owner-4204`, a UUID).
    static let recordIdPatterns: [String] = [
        #"\b(?:statped-division|statped-location|theme|owner|unit|ppt|network|committee|ksi3|ssb4|vgsSize|person|demo|frame)-[A-Za-z0-9-]+\b"#,
        #"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"#,
    ]

    /// The contract's enum value names a page might leak (`fundedAsRequested`, `inTriage`, `large`…).
    static let enumNames: Set<String> = {
        var names: [String] = []
        names +=
            NeedsReportStatus.allCases.map(\.name) + NeedsOutcome.allCases.map(\.name)
            + ReferralStatus.allCases.map(\.name)
        names +=
            Scheme.allCases.map(\.name) + Sector.allCases.map(\.name) + OwnerType.allCases.map(\.name)
            + UnitType.allCases.map(\.name)
        names +=
            Role.allCases.map(\.name) + ThemeCategory.allCases.map(\.name) + StatpedSubjectArea.allCases.map(\.name)
        names += Frequency.allCases.map(\.name) + HealthBand.allCases.map(\.name) + ThemeCode.allCases.map(\.name)
        names += ReferralInterval.allCases.map(\.name) + AllocationMethod.allCases.map(\.name)
        // "system" is a bokmål word too (Role.system never reaches a page as a word on its own).
        return Set(names.filter { !$0.isEmpty && $0 != "unspecified" && $0 != "system" })
    }()

    /// What a reader sees or hears of `html`.
    static func visibleText(_ html: String) -> [String] {
        var text = html
        for (open, close) in [
            ("<head>", "</head>"), ("<code>", "</code>"), ("<style", "</style>"), ("<script", "</script>"),
        ] {
            while let start = text.range(of: open),
                let end = text.range(of: close, range: start.upperBound..<text.endIndex)
            {
                text.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        var pieces = text.matches(of: /aria-label="([^"]*)"/).map { String($0.1) }
        pieces += text.replacing(/<[^>]*>/, with: "\n").components(separatedBy: "\n")
        return pieces.map(decode).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "\u{00A0}", with: " ")
    }

    /// Every finding on a page.
    static func findings(_ html: String) -> [Finding] {
        var out: [Finding] = []
        for piece in visibleText(html) {
            let lower = piece.lowercased()
            for symbol in ["÷", "×"] where piece.contains(symbol) {
                out.append(.init(kind: "symbol", text: symbol, context: piece))
            }
            for word in englishWords where containsWord(lower, word) {
                out.append(.init(kind: "English", text: word, context: piece))
            }
            for match in piece.matches(of: /\b[a-z]+[A-Z][A-Za-z0-9]*\b/) {
                out.append(.init(kind: "camelCase", text: String(match.0), context: piece))
            }
            for pattern in recordIdPatterns {
                guard let regex = try? Regex(pattern) else { continue }
                for match in piece.matches(of: regex) {
                    out.append(.init(kind: "record id", text: String(match.0), context: piece))
                }
            }
            for word in piece.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            where enumNames.contains(String(word)) {
                out.append(.init(kind: "enum value", text: String(word), context: piece))
            }
        }
        return out
    }

    /// Whether `text` (lower-cased) has `word` with no letter either side.
    static func containsWord(_ text: String, _ word: String) -> Bool {
        var search = text.startIndex..<text.endIndex
        while let range = text.range(of: word, range: search) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) { return true }
            search = range.upperBound..<text.endIndex
        }
        return false
    }
}
