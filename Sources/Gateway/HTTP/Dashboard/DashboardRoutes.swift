import Foundation
import Hummingbird
import KSICore
import Mustache

/// The server-rendered dashboard (Norwegian bokmål, no scripts, no external assets): region overview,
/// municipality profile, allocation simulator, partnership health and referral queue and waiting times.
/// Every page reads the same `GatewayViews` as the JSON API, and each key figure carries
/// `data-figure="<view>.<json path>"` with its raw value, so a test can compare it with the API.
struct DashboardRoutes: Sendable {
    let views: GatewayViews
    let authentication: CallerAuthentication
    let templates: DashboardTemplates
    /// The services as the person, for the worklists and case actions (issue 15); nil where the router has none.
    let commands: GatewayCommands?

    init(views: GatewayViews, authentication: CallerAuthentication, commands: GatewayCommands? = nil) {
        self.views = views
        self.authentication = authentication
        self.templates = DashboardTemplates.shared
        self.commands = commands
    }

    func register(on router: Router<GatewayRequestContext>) {
        router.get("/stil.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                body: .init(byteBuffer: Self.stylesheet)
            )
        }
        page(router, "/", .get) { request, _, caller in
            let query = await SelectionDefaults.apply(to: request.queryDictionary, caller: caller, views: views)
            return try IndexPage.render(
                views: views,
                officeId: query["region"] ?? "",
                parameters: try ViewParameters(query: query)
            )
        }
        page(router, "/om-statistikken", .get) { _, _, _ in DefinitionsPage.render() }
        page(router, "/regioner/:governorOfficeId", .get) { request, context, caller in
            let officeId = try context.parameters.require("governorOfficeId")
            // The shared filters choose another embete with `region`: its own page, with the selection kept.
            if let chosen = request.queryDictionary["region"], chosen != officeId {
                return try Self.redirect(
                    chosen.isEmpty ? "/" : "/regioner/\(PageLinks.escape(chosen))",
                    query: request.queryDictionary,
                    region: chosen
                )
            }
            let query = await SelectionDefaults.apply(
                to: request.queryDictionary,
                caller: caller,
                views: views,
                fixedRegion: officeId
            )
            return try await RegionPage.render(
                views: views,
                officeId: officeId,
                parameters: try ViewParameters(query: query),
                caller: caller
            )
        }
        page(router, "/kommuner/:municipalityId", .get) { request, context, caller in
            let municipalityId = try context.parameters.require("municipalityId")
            guard let municipality = views.reference.municipality(municipalityId) else {
                throw DomainError.notFound("kommune", municipalityId)
            }
            if let chosen = request.queryDictionary["region"], chosen != municipality.governorOfficeId {
                return try Self.redirect(
                    chosen.isEmpty ? "/" : "/regioner/\(PageLinks.escape(chosen))",
                    query: request.queryDictionary,
                    region: chosen
                )
            }
            let query = await SelectionDefaults.apply(
                to: request.queryDictionary,
                caller: caller,
                views: views,
                fixedRegion: municipality.governorOfficeId
            )
            return try await MunicipalityPage.render(
                views: views,
                municipalityId: municipalityId,
                parameters: try ViewParameters(query: query),
                caller: caller
            )
        }
        page(router, "/simulator", .get) { request, context, caller in
            let query = await SelectionDefaults.apply(to: request.queryDictionary, caller: caller, views: views)
            return SimulatorPage.get(request, values: query, listener: context.listener, views: views, caller: caller)
        }
        page(router, "/simulator", .post) { request, context, caller in
            try await SimulatorPage.post(request, listener: context.listener, views: views, caller: caller)
        }
        page(router, "/partnerskap", .get) { request, _, caller in
            let query = await SelectionDefaults.apply(to: request.queryDictionary, caller: caller, views: views)
            return try await PartnershipPage.render(
                views: views,
                officeId: query["region"] ?? "",
                parameters: try ViewParameters(query: query),
                caller: caller
            )
        }
        page(router, "/henvisninger", .get) { request, _, caller in
            let query = await SelectionDefaults.apply(to: request.queryDictionary, caller: caller, views: views)
            return try await ReferralPage.render(
                views: views,
                officeId: query["region"] ?? "",
                parameters: try ViewParameters(query: query),
                caller: caller
            )
        }
        WorklistRoutes(views: views, authentication: authentication, commands: commands).register(on: router)
        // The case pages act through the services, so they exist only where the router has them (issue 15).
        if let commands {
            CaseActionRoutes(views: views, commands: commands).register(on: router, page: page)
        }
        if offersPersonSwitch {
            LoginRoutes(views: views).register(on: router, page: page)
        }
    }

    var offersPersonSwitch: Bool { authentication.offersPersonSwitch }

    /// A 303 to `path` with the selection of `query` and `region` (the shared filters' choice of embete).
    static func redirect(_ path: String, query: [String: String], region: String) throws -> DashboardPage {
        let parameters = try ViewParameters(query: query)
        var page = DashboardPage(template: "", title: "", context: [:])
        page.redirect = PageLinks(region: region, year: parameters.year, scheme: parameters.scheme).href(path)
        return page
    }

    /// The stylesheet of every page (no inline styles: the Content-Security-Policy forbids them).
    static let stylesheet: ByteBuffer = {
        let url = Bundle.module.url(forResource: "stil", withExtension: "css", subdirectory: "Templates")
        return ByteBuffer(string: url.flatMap { try? String(contentsOf: $0, encoding: .utf8) } ?? "")
    }()

    typealias PageBuilder = @Sendable (Request, GatewayRequestContext, Caller) async throws -> DashboardPage
    /// How a part of the dashboard registers its pages through `page(...)` (the login and case pages).
    typealias PageRegistrar = (Router<GatewayRequestContext>, String, HTTPRequest.Method, @escaping PageBuilder) -> Void

    /// A page: the caller is resolved, the handler returns (template name, context), the shared chrome is
    /// added (`PageChrome`), errors become an error page.
    func page(
        _ router: Router<GatewayRequestContext>,
        _ path: String,
        _ method: HTTPRequest.Method,
        _ build: @escaping PageBuilder
    ) {
        let views = self.views
        let authentication = self.authentication
        let templates = self.templates
        let personSwitch = offersPersonSwitch
        router.on(RouterPath(path), method: method) { request, context -> Response in
            do {
                let caller = try await authentication.caller(
                    for: request,
                    context: context,
                    reference: views.reference,
                    time: views.time
                )
                var page = try await build(request, context, caller)
                PageChrome.apply(
                    to: &page,
                    request: request,
                    context: context,
                    caller: caller,
                    views: views,
                    personSwitch: personSwitch
                )
                var response = templates.response(page, status: page.status)
                for cookie in page.cookies { response.setCookie(cookie) }
                return response
            } catch {
                return ErrorResponder.response(for: error, request: request, context: context)
            }
        }
    }
}

/// A page to render: its template and the values it shows.
struct DashboardPage {
    var template: String
    var title: String
    var context: [String: Any]
    var status: HTTPResponse.Status = .ok
    /// A cookie the page sets (the form token, `FormProtection`).
    var cookie: Cookie?
    /// Further cookies the page sets (the person choice, `PersonSwitch`).
    var extraCookies: [Cookie] = []
    /// When set, the answer is a 303 to this URL instead of the page.
    var redirect: String?

    var cookies: [Cookie] { (cookie.map { [$0] } ?? []) + extraCookies }

    /// The page with its form carrying this browser's CSRF token (`FormProtection`).
    func protected(_ request: Request, listener: ListenerKind) -> DashboardPage {
        var page = self
        let (token, cookie) = FormProtection.token(for: request, listener: listener)
        page.context["formToken"] = token
        page.cookie = cookie
        return page
    }
}

/// The Mustache templates in Sources/Gateway/Templates, loaded once.
struct DashboardTemplates: @unchecked Sendable {
    // @unchecked: MustacheLibrary is immutable after loading and rendering does not mutate it.
    let library: MustacheLibrary

    static let shared: DashboardTemplates = {
        var templates: [String: MustacheTemplate] = [:]
        if let directory = Bundle.module.url(forResource: "Templates", withExtension: nil),
            let files = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        {
            for file in files where file.pathExtension == "mustache" {
                if let text = try? String(contentsOf: file, encoding: .utf8),
                    let template = try? MustacheTemplate(string: text)
                {
                    templates[file.deletingPathExtension().lastPathComponent] = template
                }
            }
        }
        return DashboardTemplates(library: MustacheLibrary(templates: templates))
    }()

    func response(_ page: DashboardPage, status: HTTPResponse.Status) -> Response {
        if let redirect = page.redirect {
            return Response(status: .seeOther, headers: [.location: redirect])
        }
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html(page)))
        )
    }

    /// The page's HTML: its template rendered, each table in its scroll box (`TableScroll`).
    func html(_ page: DashboardPage) -> String {
        var context = page.context
        context["pageTitle"] = page.title
        let html =
            library.render(context, withTemplate: page.template)
            ?? "<!doctype html><html lang=\"nb\"><title>Feil</title><p>Malen \(page.template) mangler.</p>"
        return TableScroll.wrap(html)
    }
}

/// `application/x-www-form-urlencoded` bodies; a repeated key keeps every value.
enum FormData {
    static func parse(_ body: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { decode(String($0)) }
            guard let key = parts.first, !key.isEmpty else { continue }
            out[key, default: []].append(parts.count > 1 ? parts[1] : "")
        }
        return out
    }

    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }
}
