import Foundation
import HTTPTypes
import Hummingbird

/// The first thing every request of a gateway listener meets (docs/security.md, "Browser safety"):
/// the request id, the `Host` check of the loopback listener (DNS rebinding), `application/json` and
/// same-origin for API writes, errors turned into the one error shape, and the security headers on
/// every answer. Dashboard forms check their CSRF token and origin in `FormProtection`.
struct EdgeMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let listener: ListenerKind

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.requestId = RequestID.of(request.headers)
        context.listener = listener
        context.logger[metadataKey: "ksi.request_id"] = .string(context.requestId)
        var response: Response
        do {
            try refuse(request)
            response = try await next(request, context)
        } catch {
            response = ErrorResponder.response(for: error, request: request, context: context)
        }
        SecurityHeaders.apply(to: &response.headers, https: listener == .mutualTLS)
        response.headers[RequestID.header] = context.requestId
        return response
    }

    /// Refusals that need no route: a foreign `Host` on the loopback listener (421), a non-JSON or
    /// cross-origin API write (415, 403).
    func refuse(_ request: Request) throws {
        if listener == .loopback, !ListenerKind.isLoopbackHost(request.head.authority ?? "") {
            throw APIError(
                status: .misdirectedRequest,
                code: "wrongHost",
                message: "this listener answers only Host 127.0.0.1, localhost or [::1]",
                violations: [.init(field: "Host", rule: "HTTP-HOST", message: "a loopback name is required")]
            )
        }
        guard request.uri.path.hasPrefix("/api/"), request.method != .get, request.method != .head else { return }
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
            .lowercased()
        guard mediaType == "application/json" else {
            throw APIError(
                status: .unsupportedMediaType,
                code: "unsupportedMediaType",
                message: "the request body must be application/json",
                violations: [.init(field: "Content-Type", rule: "HTTP-JSON", message: "application/json is required")]
            )
        }
        if !Self.isSameOrigin(request, listener: listener) {
            throw APIError(
                status: .forbidden,
                code: "notPermitted",
                message: "a cross-origin request is refused",
                violations: [
                    .init(field: "Origin", rule: "HTTP-ORIGIN", message: "the request must come from this origin")
                ]
            )
        }
    }

    /// True when the request carries no `Origin` (and no cross-site `Sec-Fetch-Site`), or one equal to
    /// this listener's own origin (scheme and `Host`). `Origin: null` counts only with
    /// `Sec-Fetch-Site: same-origin`: under `Referrer-Policy: no-referrer` browsers send `null` on
    /// their own same-origin form posts.
    static func isSameOrigin(_ request: Request, listener: ListenerKind) -> Bool {
        let site = request.headers[.secFetchSite]?.lowercased()
        if site == "cross-site" || site == "same-site" { return false }
        guard let origin = request.headers[.origin] else { return true }
        if origin == "null" { return site == "same-origin" }
        guard let host = request.head.authority else { return false }
        return origin.lowercased() == "\(listener.scheme)://\(host.lowercased())"
    }
}
