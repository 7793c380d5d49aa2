import Hummingbird
import Logging

/// Every error answer of the gateway's HTTP listeners, made in one place: the API's JSON error shape
/// under `/api/`, the Norwegian error page elsewhere. Both carry the request id; for a server-side
/// failure (5xx) the caller gets only a stable sentence and the internal detail (hosts, ports, TLS
/// errors, upstream messages) goes to the log with that id.
enum ErrorResponder {
    static func response(for error: any Error, request: Request, context: GatewayRequestContext) -> Response {
        let apiError = APIError.from(error)
        if apiError.status.code >= 500 {
            context.logger.error(
                "http: request failed",
                metadata: [
                    "ksi.request_id": "\(context.requestId)", "ksi.status": "\(apiError.status.code)",
                    "ksi.path": "\(request.uri.path)",
                    "ksi.error_detail": "\(apiError.detail ?? String(reflecting: error))",
                ]
            )
        }
        if request.uri.path.hasPrefix("/api/") {
            return apiError.response(requestId: context.requestId)
        }
        return DashboardTemplates.shared.response(
            ErrorPage.page(apiError, requestId: context.requestId),
            status: apiError.status
        )
    }
}
