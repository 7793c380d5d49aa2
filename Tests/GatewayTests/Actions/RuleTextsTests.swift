import Foundation
import KSICore
import KSITestSupport
import Testing

@testable import Gateway

/// `RuleTexts` and the refusal a page shows (issue 15): every rule a case action or the simulator can hit
/// has its own bokmål sentence, an unknown id gets the generic one naming it, and a service's refusal keeps
/// its rule, its field (in words) and a fitting HTTP status.
@Suite("Rule texts and refusals on the dashboard")
struct RuleTextsTests {
    /// The needs and referral rules of DOMAIN.md (docs/rule-ids.txt), the allocation rules V12 reports, and the
    /// access, input and idempotency rules a form can break.
    static func reachableRules() throws -> [String] {
        let text = try String(
            contentsOf: RepositoryPaths.root.appendingPathComponent("docs/rule-ids.txt"),
            encoding: .utf8
        )
        let domain = text.split(separator: "\n").map(String.init).filter {
            $0.hasPrefix("NEED-R") || $0.hasPrefix("REF-R")
        }
        return domain + [
            "ALLOC-R2", "ALLOC-R7", "ALLOC-R8", "ALLOC-R9", "ALLOC-R19",
            "AUTH-R1", "AUTH-R2", "AUTH-R3", "AUTH-R4", "AUTH-R5", "LIM-R2", "LIM-R4", "COM-INPUT", "IDEM-R1",
        ]
    }

    @Test(
        "every reachable rule and refusal reason has its own bokmål sentence; an unknown id falls back to one naming it"
    )
    func everyRuleHasAText() throws {
        let rules = try Self.reachableRules()
        #expect(
            rules.filter { $0.hasPrefix("NEED-R") }.count == 15 && rules.filter { $0.hasPrefix("REF-R") }.count == 16
        )
        for rule in rules + ["VERSION_CONFLICT", "ILLEGAL_TRANSITION", "NOT_PERMITTED", "NOT_FOUND", "ALREADY_EXISTS"] {
            let text = RuleTexts.text(rule)
            #expect(text != RuleTexts.fallback(rule), "\(rule) has no sentence of its own")
            #expect(text.hasSuffix("."), "\(rule): a sentence")
        }
        #expect(RuleTexts.text("PART-R99") == "Regel PART-R99 ble ikke oppfylt.")
        #expect(RuleTexts.text("VERSION_CONFLICT").hasPrefix("Saken er endret siden du åpnet den"))
    }

    @Test(
        "a refusal keeps the rule and the field in words, with 400 for a rule, 403 for access, 409 for a stale or moved-on case"
    )
    func refusals() throws {
        let rule = try #require(
            ActionRefusal.from(
                DomainError.violations([
                    RuleViolation(
                        field: "redirect.target",
                        rule: "REF-R7",
                        message: "a declined referral needs a suggestion of where to go instead"
                    )
                ])
            )
        )
        #expect(rule.status == .badRequest)
        let shown = try #require(rule.context.first)
        #expect(shown["rule"] as? String == "REF-R7")
        #expect(shown["field"] as? String == "Hvor saken kan gå i stedet")
        #expect((shown["text"] as? String)?.contains("et råd om hvor saken kan gå i stedet") == true)

        let stale = try #require(
            ActionRefusal.from(DomainError.versionConflict(expected: 3, actual: 4, what: "needs report", id: "x"))
        )
        #expect(stale.status == .conflict && stale.isStale)
        #expect(stale.context.first?["rule"] == nil, "a stable reason is no rule id: not shown as one")

        let moved = try #require(
            ActionRefusal.from(
                DomainError.illegalTransition("only a submitted report can be returned", state: "returned")
            )
        )
        #expect(moved.status == .conflict)
        #expect(moved.context.first?["text"] as? String == "Saken har en status som ikke tillater denne handlingen.")

        let denied = try #require(ActionRefusal.from(DomainError.notPermitted("only sfCaseworker may return a report")))
        #expect(denied.status == .forbidden)
        #expect(
            ActionRefusal.from(DomainError(.unavailable, "needs is down")) == nil,
            "a server-side failure is the error page's"
        )
    }
}
