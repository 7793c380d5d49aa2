import Foundation
import HTTPTypes
import KSICore

/// One RPC served over HTTPS, from its `google.api.http` annotation in protos/ (AIP-127). The list is
/// generated (`HTTPBindings`, scripts/protogen/swiftgen.py); the transcoder (`TranscodingMiddleware`) and the
/// OpenAPI document (`OpenAPIDocument`) both read it, so no RPC has a hand-written route.
struct HTTPBinding: Sendable {
    /// Which part of the request message the HTTP body carries (the annotation's `body`).
    enum Body: Sendable, Hashable {
        /// No body: every field not in the path is a query parameter.
        case none
        /// `body: "*"`: the whole message except the path variables; no query parameters.
        case all
        /// `body: "<field>"`: that field; the others from path and query.
        case field(String)
    }

    /// How a path or query value becomes JSON for a field.
    enum Kind: Sendable, Hashable {
        case string, integer, bool, enumeration, message, date
    }

    /// A top-level field of the request message.
    struct Field: Sendable, Hashable {
        var protoName: String
        var jsonName: String
        var kind: Kind
        var repeated: Bool

        init(_ protoName: String, _ jsonName: String, _ kind: Kind, repeated: Bool) {
            self.protoName = protoName
            self.jsonName = jsonName
            self.kind = kind
            self.repeated = repeated
        }

        /// True for a field a query parameter can set (scalars, enums and dates, also repeated).
        var queryable: Bool { kind != .message }
    }

    /// Decodes the JSON request, calls the RPC as the caller and encodes the JSON answer.
    typealias Invoke = @Sendable (GatewayCommands, Caller, Data) async throws -> Data

    let service: String
    let rpc: String
    let method: HTTPRequest.Method
    /// The annotation's path template, e.g. `/api/v1/needsReports/{needs_report_id}:submit`.
    let path: String
    let template: PathTemplate
    let body: Body
    /// The RPC's proto comment.
    let summary: String
    let fields: [Field]
    let requestType: String
    let responseType: String
    let invoke: Invoke

    init<API, Request: Decodable & Sendable, Response: Encodable & Sendable>(
        service: String,
        rpc: String,
        method: HTTPRequest.Method,
        path: String,
        body: Body,
        summary: String,
        fields: [Field],
        request: Request.Type,
        response: Response.Type,
        api: @escaping @Sendable (GatewayCommands, Caller) -> API,
        call: @escaping @Sendable (API, Request) async throws -> Response
    ) {
        self.service = service
        self.rpc = rpc
        self.method = method
        self.path = path
        self.template = PathTemplate(path)
        self.body = body
        self.summary = summary
        self.fields = fields
        self.requestType = String(describing: Request.self)
        self.responseType = String(describing: Response.self)
        self.invoke = { commands, caller, json in
            let message = try JSONDecoder().decode(Request.self, from: json)
            return try JSONResponse.encoder.encode(try await call(api(commands, caller), message))
        }
    }

    /// The OpenAPI operationId: the RPC name in lowerCamelCase; for a name several services share
    /// (`ListAuditRecords`, `GetDataVersion`, the dead-letter RPCs) the service's first, so each id is unique
    /// (`needsServiceListAuditRecords`).
    var operationId: String {
        let name = Self.sharedRPCNames.contains(rpc) ? tag + rpc : rpc
        return name.prefix(1).lowercased() + name.dropFirst()
    }

    /// RPC names that more than one transcoded service has, and `SimulateAllocation`, which GatewayService's
    /// V12 view (`POST /api/v1/simulations`, operationId `simulateAllocation`) shares with AllocationService.
    static let sharedRPCNames: Set<String> = {
        let services = Dictionary(grouping: HTTPBindings.all, by: \.rpc).mapValues { Set($0.map(\.service)) }
        return Set(services.filter { $0.value.count > 1 }.keys).union(["SimulateAllocation"])
    }()

    /// The tag of the OpenAPI document: the service's short name (`NeedsService`).
    var tag: String { String(service.split(separator: ".").last ?? "") }

    func field(named name: String) -> Field? {
        fields.first { $0.jsonName == name || $0.protoName == name }
    }

    /// The fields a query parameter may set: none with `body: "*"`, else every queryable field outside path and body.
    var queryFields: [Field] {
        let inPath = Set(template.variables)
        switch body {
        case .all: return []
        case .none: return fields.filter { $0.queryable && !inPath.contains($0.protoName) }
        case .field(let name):
            return fields.filter { $0.queryable && !inPath.contains($0.protoName) && $0.protoName != name }
        }
    }
}
