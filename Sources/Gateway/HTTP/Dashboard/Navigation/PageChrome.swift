import Hummingbird
import KSICore

/// What every dashboard page has around its own content, added in one place (`DashboardRoutes.page`):
/// the menu and breadcrumbs with the selection kept (`PageLinks`), "Du ser som <person>, <organisation>",
/// the shared filters, and on data pages when the figures were read ("Hentet …").
enum PageChrome {
    /// The main menu: path and label.
    static let menu: [(path: String, label: String)] = [
        ("/", "Oversikt"),
        ("/simulator", "Tildelingssimulator"),
        ("/partnerskap", "Partnerskapshelse"),
        ("/henvisninger", "Henvisninger og ventetider"),
        ("/om-statistikken", "Om statistikken"),
    ]

    /// Pages that show no data of a selection: no filters, no "Hentet".
    static let pagesWithoutSelection: Set<String> = ["index", "definitions", "login", "error"]
    /// Pages with their own selection form (the simulator posts region, year and scheme itself).
    static let pagesWithOwnSelection: Set<String> = ["simulator"]

    /// The chrome for a page answered on `context`'s listener; `personSwitch` is whether the dashboard offers
    /// `/logg-inn` (`CallerAuthentication.offersPersonSwitch`), shown only on the loopback listener.
    static func apply(
        to page: inout DashboardPage,
        request: Request,
        context: GatewayRequestContext,
        caller: Caller,
        views: GatewayViews,
        personSwitch: Bool
    ) {
        apply(
            to: &page,
            path: request.uri.path,
            caller: caller,
            reference: views.reference,
            nowMillis: views.time.nowMillis(),
            personSwitch: personSwitch && context.listener == .loopback
        )
    }

    static func apply(
        to page: inout DashboardPage,
        path: String,
        caller: Caller?,
        reference: ReferenceData,
        nowMillis: Int64,
        personSwitch: Bool
    ) {
        let links = PageLinks(context: page.context)
        let href = { (path: String) in links?.href(path) ?? path }
        page.context["linkQuery"] = page.context["linkQuery"] ?? links?.query ?? ""
        // The worklists the person may use come before "Om statistikken" (`WorklistAccess`).
        let worklists =
            caller.map { WorklistAccess.menuLinks(for: $0).map { (path: $0["href"] ?? "", label: $0["label"] ?? "") } }
            ?? []
        let entries = menu.dropLast() + worklists + menu.suffix(1)
        page.context["menu"] = entries.map { entry -> [String: Any] in
            [
                "href": entry.path == "/om-statistikken" ? entry.path : href(entry.path), "label": entry.label,
                "current": entry.path == path,
            ]
        }
        let trail = Breadcrumbs.trail(template: page.template, context: page.context, title: page.title, links: links)
        page.context["breadcrumbs"] = trail
        page.context["hasBreadcrumbs"] = trail.count > 1
        if let caller { page.context["viewer"] = viewer(caller, reference: reference) }
        if personSwitch { page.context["switchHref"] = "/logg-inn" }
        let hasSelection = page.context["offices"] != nil && !pagesWithoutSelection.contains(page.template)
        if page.context["showFilters"] == nil {
            page.context["showFilters"] = hasSelection && !pagesWithOwnSelection.contains(page.template)
        }
        if hasSelection, page.context["fetchedAt"] == nil {
            page.context["fetchedAt"] = NorwegianFormat.dateTime(millis: nowMillis)
        }
    }

    /// "Saksbehandler Ein (demo), Statsforvalteren i Agder": the acting person and the organisation acted for.
    static func viewer(_ caller: Caller, reference: ReferenceData) -> String {
        let organisation =
            caller.organisation?.name ?? reference.organisation(orgNumber: caller.orgNumber)?.name
            ?? "ukjent organisasjon"
        guard let personId = caller.person, let person = reference.person(id: personId) else { return organisation }
        return "\(person.name), \(organisation)"
    }
}
