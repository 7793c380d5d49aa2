import Foundation
import Hummingbird
import KSICore

/// Builds the gateway's HTTP router: the JSON API under `/api/v1` and, when given, the dashboard at `/`.
public enum GatewayRouter {
    /// The transcoded RPCs (every annotated RPC, `HTTPBindings`), served when the router has the services.
    static func bindings(commands: GatewayCommands?) -> [HTTPBinding] {
        commands == nil ? [] : HTTPBindings.all
    }

    /// The hand-written API operations (the views), including `GET /api/v1/openapi.json`, whose document
    /// lists them and every transcoded RPC.
    static func operations(views: GatewayViews, commands: GatewayCommands?) throws -> [APIOperation] {
        let operations = ViewOperations.operations(views: views)
        var spec = APIOperation(
            method: .get,
            path: "/api/v1/openapi.json",
            operationId: "openAPIDocument",
            summary: "This OpenAPI 3.1 document",
            tag: "meta",
            queryParameters: [],
            requestSchema: nil,
            responseSchema: "OpenAPIDocument",
            successStatus: .ok,
            errorStatuses: []
        ) { _, _, _ in Response(status: .internalServerError) }
        let document = try OpenAPIDocument.json(operations: operations + [spec], bindings: bindings(commands: commands))
        spec.handler = { _, _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: document))
            )
        }
        return operations + [spec]
    }

    /// The router. `api: false` serves only the dashboard (the loopback development listener);
    /// `commands: nil` leaves out the transcoded RPCs and the dashboard's case actions. `listener` decides the edge checks (`EdgeMiddleware`).
    public static func router(
        views: GatewayViews,
        commands: GatewayCommands?,
        authentication: CallerAuthentication,
        api: Bool = true,
        dashboard: Bool = true,
        listener: ListenerKind = .mutualTLS
    ) throws -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        // First, so it wraps every route and the not-found answer.
        router.add(middleware: EdgeMiddleware(listener: listener))
        let time = views.time
        if api, let commands {
            // After the edge checks; a path no binding matches goes on to the routes below.
            router.add(
                middleware: TranscodingMiddleware(
                    bindings: bindings(commands: commands),
                    commands: commands,
                    authentication: authentication,
                    views: views
                )
            )
        }
        if api {
            for operation in try operations(views: views, commands: commands) {
                let handler = operation.handler
                router.on(RouterPath(operation.routerPath), method: operation.method) { request, context -> Response in
                    do {
                        // The registry in force now (issue 12: it changes without a restart).
                        let caller = try await authentication.caller(
                            for: request,
                            context: context,
                            reference: views.reference,
                            time: time
                        )
                        return try await handler(request, context, caller)
                    } catch {
                        return ErrorResponder.response(for: error, request: request, context: context)
                    }
                }
            }
        }
        if dashboard {
            DashboardRoutes(views: views, authentication: authentication, commands: commands).register(on: router)
        }
        return router
    }
}
