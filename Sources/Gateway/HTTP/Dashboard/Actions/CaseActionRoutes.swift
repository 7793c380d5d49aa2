import Foundation
import Hummingbird
import KSICore

/// The case pages with their first actions on the web (issue 15): `/soknader/{needsReportId}` for the
/// statsforvalter's caseworker (return for completion, route, prioritise) and `/inntak/{referralId}` for
/// Statped intake (start triage, accept, decline with advice).
///
/// Every read and every action goes through the services as the authenticated person (`GatewayCommands`;
/// the services' access policy, AUTH-R5, and state machines decide; the page only leaves out what the
/// person's roles and the case's state would refuse anyway). Posts are CSRF-protected (`FormProtection`),
/// idempotent (a request id per rendered form, IDEM-R1) and carry the version the page showed. A done
/// action answers 303 to the case page with a confirmation; a refusal shows the form again with the
/// person's input, the rule's bokmål sentence, its id and the field.
struct CaseActionRoutes: Sendable {
    let views: GatewayViews
    let commands: GatewayCommands

    /// Registers the case pages through the dashboard's one page mechanism (`DashboardRoutes.page`: the
    /// caller, the shared chrome, cookies, redirects and error pages).
    func register(on router: Router<GatewayRequestContext>, page: DashboardRoutes.PageRegistrar) {
        let views = views
        let commands = commands
        page(router, "/soknader/:needsReportId", .get) { request, context, caller in
            let page = NeedsReportCase(views: views, commands: commands, caller: caller)
            return Self.dashboardPage(
                .page(
                    try await page.render(
                        id: try context.parameters.require("needsReportId"),
                        done: request.uri.queryParameters.get(CasePost.doneParameter)
                    )
                ),
                request,
                context
            )
        }
        page(router, "/soknader/:needsReportId", .post) { request, context, caller in
            let page = NeedsReportCase(views: views, commands: commands, caller: caller)
            return Self.dashboardPage(
                try await page.post(
                    id: try context.parameters.require("needsReportId"),
                    request: request,
                    listener: context.listener
                ),
                request,
                context
            )
        }
        page(router, "/inntak/:referralId", .get) { request, context, caller in
            let page = ReferralCase(views: views, commands: commands, caller: caller)
            return Self.dashboardPage(
                .page(
                    try await page.render(
                        id: try context.parameters.require("referralId"),
                        done: request.uri.queryParameters.get(CasePost.doneParameter)
                    )
                ),
                request,
                context
            )
        }
        page(router, "/inntak/:referralId", .post) { request, context, caller in
            let page = ReferralCase(views: views, commands: commands, caller: caller)
            return Self.dashboardPage(
                try await page.post(
                    id: try context.parameters.require("referralId"),
                    request: request,
                    listener: context.listener
                ),
                request,
                context
            )
        }
    }

    /// A case answer as a dashboard page: a page gets this browser's form token; a done action is a 303.
    static func dashboardPage(
        _ answer: CaseAnswer,
        _ request: Request,
        _ context: GatewayRequestContext
    ) -> DashboardPage {
        switch answer {
        case .page(let page):
            return page.protected(request, listener: context.listener)
        case .seeOther(let location):
            var page = DashboardPage(template: "", title: "", context: [:])
            page.redirect = location
            return page
        }
    }
}

/// What a case page shows above its forms after a post: a refused CSRF check or a refused action.
enum CaseNotice {
    case protection(FormProtection.Refusal)
    case refused(ActionRefusal)

    var messages: [[String: Any]] {
        switch self {
        case .protection(let refusal): [["text": refusal.explanation]]
        case .refused(let refusal): refusal.context
        }
    }
}

/// The one flow of every case-action post: read the form, check its protection, act, and answer 303 or
/// the page again with the refusal and the person's input.
enum CasePost {
    /// The query parameter of the 303 that names the action done (its confirmation is the page's, never user text).
    static let doneParameter = "utfort"

    static func handle(
        _ request: Request,
        listener: ListenerKind,
        location: String,
        render: (CaseForm, CaseNotice) async throws -> DashboardPage,
        perform: (CaseForm) async throws -> String
    ) async throws -> CaseAnswer {
        let form = try await CaseForm.read(request)
        if let refusal = FormProtection.check(request, form: form.fields, listener: listener) {
            var page = try await render(form, .protection(refusal))
            page.status = .forbidden
            return .page(page)
        }
        do {
            let done = try await perform(form)
            return .seeOther("\(location)?\(doneParameter)=\(done)")
        } catch {
            guard let refusal = ActionRefusal.from(error) else { throw error }
            // The page is read again (fresh version for a stale form); if the person may not even read the
            // case, the refusal is the error page's (403/404), and nothing changed.
            var page: DashboardPage
            do { page = try await render(form, .refused(refusal)) } catch let readError {
                throw error is ActionRefusal ? readError : error
            }
            page.status = refusal.status
            return .page(page)
        }
    }
}

/// What the case pages share for their forms.
enum CaseFormat {
    /// The options of a select, `selected` where the kept input says so.
    static func options(_ values: [(String, String)], selected: String) -> [[String: Any]] {
        values.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] }
    }
}
