import Hummingbird
import KSICore

/// One operation of the HTTP API: how the router serves it and how the OpenAPI document describes it.
/// Both are built from the same list (`APIOperations`), so the document cannot list a route the
/// server lacks or miss one it has.
struct APIOperation: Sendable {
    typealias Handler = @Sendable (Request, GatewayRequestContext, Caller) async throws -> Response

    var method: HTTPRequest.Method
    /// The path in OpenAPI form, e.g. `/api/v1/regions/{governorOfficeId}/overview`.
    var path: String
    var operationId: String
    var summary: String
    var tag: String
    var queryParameters: [APIQueryParameter]
    /// The component schema of the JSON body, when the operation takes one.
    var requestSchema: String?
    /// The component schema of the success body.
    var responseSchema: String
    var successStatus: HTTPResponse.Status
    /// The error statuses the operation can answer with (besides 401 and 500, which every operation has).
    var errorStatuses: [HTTPResponse.Status]
    var handler: Handler

    /// The names of the `{…}` segments of the path.
    var pathParameters: [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    /// The path in Hummingbird's form (`{id}` → `:id`).
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }.joined(separator: "/")
    }
}

/// A query parameter an operation accepts, with its OpenAPI schema.
struct APIQueryParameter: Sendable, Hashable {
    var name: String
    var description: String
    /// The JSON Schema, as JSON text (kept as text so the value stays Sendable and Hashable).
    var schemaJSON: String

    static let scheme = APIQueryParameter(
        name: "scheme",
        description: "The scheme (ksi, dekom, rekom); absent = all schemes.",
        schemaJSON: #"{"type":"string","enum":["ksi","dekom","rekom"]}"#
    )
    static let year = APIQueryParameter(
        name: "year",
        description: "The year; absent = the current year (Europe/Oslo).",
        schemaJSON: #"{"type":"integer","format":"int32","minimum":2000,"maximum":2100}"#
    )
    static let breakdowns = APIQueryParameter(
        name: "breakdowns",
        description:
            "Comma-separated dimensions to break the figures down by, e.g. `sector,ownerType` (ViewDimension case names).",
        schemaJSON: #"{"type":"string","pattern":"^[A-Za-z]+(,[A-Za-z]+)*$"}"#
    )
    static let sizeBandSet = APIQueryParameter(
        name: "sizeBandSet",
        description: "The size-band set; absent = ksi3.",
        schemaJSON: #"{"type":"string"}"#
    )
    static let trendYears = APIQueryParameter(
        name: "trendYears",
        description: "The number of earlier years in the trend (0–10).",
        schemaJSON: #"{"type":"integer","format":"int32","minimum":0,"maximum":10}"#
    )
    static let partnershipId = APIQueryParameter(
        name: "partnershipId",
        description: "Only this partnership.",
        schemaJSON: #"{"type":"string"}"#
    )
    static let draftLinesFromReportedNeeds = APIQueryParameter(
        name: "draftLinesFromReportedNeeds",
        description:
            "Replace the request's draft lines with one line per needs report of the embete and year (requested amount to the lead owner), as the forum would start from.",
        schemaJSON: #"{"type":"boolean","default":false}"#
    )
    /// The common parameters of every view (DOMAIN.md §5).
    static let common: [APIQueryParameter] = [.scheme, .year, .breakdowns, .sizeBandSet]
}
