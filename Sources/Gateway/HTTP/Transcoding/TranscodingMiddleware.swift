import Foundation
import Hummingbird
import KSICore

/// Serves every annotated RPC (`HTTPBindings.all`) over HTTPS: matches method and path template, builds
/// the request message (`TranscodedRequest`), calls the service as the caller and answers its message as
/// JSON with 200 (AIP-133: a create answers with the resource, no 201). It sits after `EdgeMiddleware`,
/// so the request id, the JSON content type (415) and same-origin (403) checks apply; the body is read
/// with the 4 MiB bound (LIM-R8, 413). A path no binding matches goes on to the router (views,
/// dashboard, the OpenAPI document).
struct TranscodingMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let bindings: [HTTPBinding]
    let commands: GatewayCommands
    let authentication: CallerAuthentication
    let views: GatewayViews

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/v1/"),
            let (binding, variables) = Self.match(bindings, method: request.method, path: path)
        else {
            return try await next(request, context)
        }
        do {
            // The registry in force now (issue 12: it changes without a restart).
            let caller = try await authentication.caller(
                for: request,
                context: context,
                reference: views.reference,
                time: views.time
            )
            let body = try await RequestBodyLimit.collect(request, limit: RequestBodyLimit.json)
            let json = try TranscodedRequest.json(
                for: binding,
                variables: variables,
                query: TranscodedRequest.parameters(of: request.uri.query),
                body: body,
                caller: caller
            )
            let answer = try await binding.invoke(commands, caller, json)
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: answer))
            )
        } catch {
            return ErrorResponder.response(for: error, request: request, context: context)
        }
    }

    /// The binding whose method and template match, with its path variables.
    static func match(
        _ bindings: [HTTPBinding],
        method: HTTPRequest.Method,
        path: String
    ) -> (HTTPBinding, [String: String])? {
        let parts = PathTemplate.parts(of: path)
        for binding in bindings where binding.method == method {
            if let variables = binding.template.match(parts: parts) { return (binding, variables) }
        }
        return nil
    }
}
