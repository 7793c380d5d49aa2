import Hummingbird
import KSICore

/// Who may open which worklist (issue 15). The services' access policy decides what each list RPC
/// returns (AUTH-R5); this gate only narrows — a worklist is a case officer's tool, so a person whose
/// role has no work in it gets a bokmål 403 before anything is read, and the menu leaves its link out.
enum Worklist: String, CaseIterable, Sendable {
    case applications = "soknader"
    case followUp = "oppfolging"
    case intake = "inntak"

    var path: String { "/arbeidslister/\(rawValue)" }

    var title: String {
        switch self {
        case .applications: "Søknader"
        case .followUp: "Oppfølging"
        case .intake: "Inntak til Statped"
        }
    }

    /// The roles that work from the list. The statsforvalter's roles count for their own embete only.
    var roles: [Role] {
        switch self {
        case .applications, .followUp: [.sfCaseworker, .sfDecisionMaker, .udirAdmin]
        case .intake: [.statpedIntake, .statpedManager]
        }
    }

    /// Why a person without those roles is refused, in bokmål.
    var refusal: String {
        switch self {
        case .applications:
            "Arbeidslisten over søknader er for saksbehandlere og beslutningstakere hos statsforvalteren i embetet, og for Udir (lesetilgang)."
        case .followUp:
            "Oppfølgingslisten (utbetalinger, rapporter, tilbakebetalinger og klager) er for saksbehandlere og beslutningstakere hos statsforvalteren i embetet, og for Udir (lesetilgang)."
        case .intake:
            "Inntakskøen er bare for Statpeds inntak og ledere. Andre ser henvisninger bare som tall under 5 skjult, uten saksnivå (personvern)."
        }
    }
}

enum WorklistAccess {
    /// Whether `caller` may use `list` (for `officeId`, the embete a statsforvalter list is about).
    static func allows(_ caller: Caller, _ list: Worklist, officeId: String = "") -> Bool {
        switch list {
        case .applications, .followUp:
            caller.has(.udirAdmin)
                || caller.hasAny([.sfCaseworker, .sfDecisionMaker], scope: officeId.nonEmpty)
        case .intake:
            caller.hasAny([.statpedIntake, .statpedManager])
        }
    }

    /// The embete a statsforvalter list shows when the query names none: the person's own.
    static func ownOffice(_ caller: Caller) -> String? {
        (caller.scopes(of: .sfCaseworker) + caller.scopes(of: .sfDecisionMaker)).first { !$0.isEmpty }
    }

    /// AUTH-R5 in bokmål: the 403 a refused person sees, with the rule.
    static func refused(_ list: Worklist) -> WorklistRefusal {
        let sentence = list.refusal + " Din rolle gir ikke tilgang til denne listen (regel AUTH-R5)."
        return WorklistRefusal(
            error: APIError(
                status: .forbidden,
                code: "permissionDenied",
                message: sentence,
                violations: [.init(field: "rolle", rule: .operationRole, message: list.refusal)]
            ),
            sentence: sentence
        )
    }

    /// The worklist links a person's menu shows (for the integrator's navigation): only lists the person may use.
    static func menuLinks(for caller: Caller) -> [[String: String]] {
        Worklist.allCases.filter { allows(caller, $0) }.map { ["href": $0.path, "label": $0.title] }
    }
}

/// A refusal of the worklists' own (a bad query, a role without work in the list): the API error the
/// shared error page renders, and the bokmål sentence the page shows instead of its generic one.
struct WorklistRefusal: Error {
    var error: APIError
    var sentence: String

    /// The error page with this refusal's own sentence (the field and rule come from the violations).
    func response(requestId: String) -> Response {
        var page = ErrorPage.page(error, requestId: requestId)
        page.context["message"] = sentence
        return DashboardTemplates.shared.response(page, status: error.status)
    }
}
