import Hummingbird
import KSICore

/// A refused dashboard action or form, for the page: the HTTP status and, per broken rule, the bokmål
/// sentence (`RuleTexts`), the rule id and the form field it concerns. Built from whatever the services or
/// the gateway threw, through the same google.rpc.Status reading as the JSON API (`APIError`: ErrorInfo
/// reason, BadRequest field violations), so the page and the API always name the same rule.
struct ActionRefusal: Error {
    struct Item {
        /// The rule id (`REF-R7`), or a stable reason (`VERSION_CONFLICT`) when no rule is named.
        var rule: String
        /// The request field, as the service named it ("" when none).
        var field: String
    }

    var status: HTTPResponse.Status
    var items: [Item]

    /// Whether the form was stale (another change came first: VERSION_CONFLICT).
    var isStale: Bool { items.contains { $0.rule == RuleTexts.versionConflict } }

    init(status: HTTPResponse.Status, items: [Item]) {
        self.status = status
        self.items = items
    }

    /// The refusal an error means; nil for a server-side failure (5xx), which is the error page's.
    static func from(_ error: any Error) -> ActionRefusal? {
        if let refusal = error as? ActionRefusal { return refusal }
        let apiError = APIError.from(error)
        guard apiError.status.code < 500 else { return nil }
        var items = apiError.violations.map { Item(rule: $0.rule, field: $0.field) }
        if items.isEmpty {
            items = [Item(rule: apiError.reason.isEmpty ? RuleTexts.invalidArgument : apiError.reason, field: "")]
        }
        var status = apiError.status
        // A state the case is not in any longer conflicts with the page the person saw: 409, as a stale version.
        if apiError.reason == RuleTexts.illegalTransition { status = .conflict }
        return ActionRefusal(status: status, items: items)
    }

    /// One refusal the gateway makes itself, naming `rule` and `field` (a form field the service would also require).
    static func rule(_ rule: RuleID, field: String, status: HTTPResponse.Status = .badRequest) -> ActionRefusal {
        ActionRefusal(status: status, items: [Item(rule: rule.value, field: field)])
    }

    /// The messages for the template: `text` (bokmål), `rule` (the id, absent for a stable reason), `field` (in words).
    var context: [[String: Any]] {
        var seen = Set<String>()
        return items.compactMap { item -> [String: Any]? in
            guard seen.insert("\(item.rule)|\(item.field)").inserted else { return nil }
            var entry: [String: Any] = ["text": RuleTexts.text(item.rule)]
            if !RuleTexts.isReason(item.rule) { entry["rule"] = item.rule }
            if let field = NorwegianLabels.field(item.field) { entry["field"] = field }
            return entry
        }
    }

    /// The fields the refusal names, for marking inputs invalid.
    var fields: Set<String> { Set(items.map(\.field)) }
}
