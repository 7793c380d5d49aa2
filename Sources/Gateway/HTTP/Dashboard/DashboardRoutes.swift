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
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                     body: .init(byteBuffer: Self.stylesheet))
        }
        page(router, "/", .get) { _, _, _ in try IndexPage.render(views: views) }
        page(router, "/regioner/:governorOfficeId", .get) { request, context, caller in
            try await RegionPage.render(views: views, officeId: try context.parameters.require("governorOfficeId"),
                                        parameters: try ViewParameters(query: request.queryDictionary), caller: caller)
        }
        page(router, "/kommuner/:municipalityId", .get) { request, context, caller in
            try await MunicipalityPage.render(views: views, municipalityId: try context.parameters.require("municipalityId"),
                                              parameters: try ViewParameters(query: request.queryDictionary), caller: caller)
        }
        page(router, "/simulator", .get) { request, context, _ in
            SimulatorPage.form(views: views, values: request.queryDictionary).protected(request, listener: context.listener)
        }
        page(router, "/simulator", .post) { request, context, caller in
            let buffer = try await RequestBodyLimit.collect(request, limit: RequestBodyLimit.form)
            let form = FormData.parse(String(buffer: buffer))
            if let refusal = FormProtection.check(request, form: form, listener: context.listener) {
                return SimulatorPage.refused(views: views, form: form, refusal: refusal).protected(request, listener: context.listener)
            }
            return try await SimulatorPage.result(views: views, form: form, caller: caller).protected(request, listener: context.listener)
        }
        page(router, "/partnerskap", .get) { request, _, caller in
            let query = request.queryDictionary
            return try await PartnershipPage.render(views: views, officeId: query["region"] ?? "",
                                                    parameters: try ViewParameters(query: query), caller: caller)
        }
        page(router, "/henvisninger", .get) { request, _, caller in
            let query = request.queryDictionary
            return try await ReferralPage.render(views: views, officeId: query["region"] ?? "",
                                                 parameters: try ViewParameters(query: query), caller: caller)
        }
        WorklistRoutes(views: views, authentication: authentication, commands: commands).register(on: router)
    }

    /// The stylesheet of every page (no inline styles: the Content-Security-Policy forbids them).
    static let stylesheet: ByteBuffer = {
        let url = Bundle.module.url(forResource: "stil", withExtension: "css", subdirectory: "Templates")
        return ByteBuffer(string: url.flatMap { try? String(contentsOf: $0, encoding: .utf8) } ?? "")
    }()

    /// A page: the caller is resolved, the handler returns (template name, context), errors become an error page.
    private func page(_ router: Router<GatewayRequestContext>, _ path: String, _ method: HTTPRequest.Method,
                      _ build: @escaping @Sendable (Request, GatewayRequestContext, Caller) async throws -> DashboardPage) {
        let views = self.views, authentication = self.authentication, templates = self.templates
        router.on(RouterPath(path), method: method) { request, context -> Response in
            do {
                let caller = try await authentication.caller(for: request, context: context, reference: views.reference, time: views.time)
                let page = try await build(request, context, caller)
                var response = templates.response(page, status: page.status)
                if let cookie = page.cookie { response.setCookie(cookie) }
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
           let files = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil) {
            for file in files where file.pathExtension == "mustache" {
                if let text = try? String(contentsOf: file, encoding: .utf8), let template = try? MustacheTemplate(string: text) {
                    templates[file.deletingPathExtension().lastPathComponent] = template
                }
            }
        }
        return DashboardTemplates(library: MustacheLibrary(templates: templates))
    }()

    func response(_ page: DashboardPage, status: HTTPResponse.Status) -> Response {
        var context = page.context
        context["pageTitle"] = page.title
        let html = library.render(context, withTemplate: page.template) ?? "<!doctype html><title>Feil</title><p>Malen \(page.template) mangler.</p>"
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
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
