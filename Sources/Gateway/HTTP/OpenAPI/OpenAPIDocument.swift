import Foundation
import Hummingbird

/// The OpenAPI 3.1 document of `/api/v1`, built from the same operation list the router serves
/// (`APIOperation`) and from schemas generated from protos/ (`ContractSchemas`, the generated
/// structs' Codable JSON), so it says what the server really accepts and returns.
enum OpenAPIDocument {
    static let errorSchemaJSON = #"""
        {"type":"object","additionalProperties":false,"required":["error"],
         "description":"Every error: the JSON form of google.rpc.Status (AIP-193). code is the HTTP status, status the google.rpc.Code name; details always hold a google.rpc.ErrorInfo (domain ksi.no, reason = the rule id or a stable reason), then by kind a BadRequest (fieldViolations with the JSON field paths, each description starting with the rule id), PreconditionFailure (type STATE or VERSION), ResourceInfo, and a RequestInfo with the request id (also in the x-request-id header). A server-side failure (5xx) says only a stable sentence; its cause is logged with the request id. docs/gateway-http.md, Errors.",
         "properties":{"error":{"type":"object","additionalProperties":false,"required":["code","status"],
          "properties":{
           "code":{"type":"integer","minimum":400,"maximum":599},
           "message":{"type":"string"},
           "status":{"type":"string","enum":["CANCELLED","UNKNOWN","INVALID_ARGUMENT","DEADLINE_EXCEEDED","NOT_FOUND","ALREADY_EXISTS",
                                            "PERMISSION_DENIED","RESOURCE_EXHAUSTED","FAILED_PRECONDITION","ABORTED","OUT_OF_RANGE",
                                            "UNIMPLEMENTED","INTERNAL","UNAVAILABLE","DATA_LOSS","UNAUTHENTICATED"]},
           "details":{"type":"array","items":{"type":"object","required":["@type"],
            "properties":{"@type":{"type":"string","enum":["type.googleapis.com/google.rpc.ErrorInfo","type.googleapis.com/google.rpc.BadRequest",
                                                          "type.googleapis.com/google.rpc.PreconditionFailure","type.googleapis.com/google.rpc.ResourceInfo",
                                                          "type.googleapis.com/google.rpc.RequestInfo"]},
                          "reason":{"type":"string"},"domain":{"type":"string"},
                          "metadata":{"type":"object","additionalProperties":{"type":"string"}},
                          "fieldViolations":{"type":"array","items":{"type":"object","properties":{
                            "field":{"type":"string"},"description":{"type":"string"},"reason":{"type":"string"}}}},
                          "violations":{"type":"array","items":{"type":"object","properties":{
                            "type":{"type":"string"},"subject":{"type":"string"},"description":{"type":"string"}}}},
                          "resourceType":{"type":"string"},"resourceName":{"type":"string"},"owner":{"type":"string"},
                          "description":{"type":"string"},
                          "requestId":{"type":"string","pattern":"^[A-Za-z0-9._:-]{1,128}$"},"servingData":{"type":"string"}}}}}}}}
        """#

    /// The document as JSON bytes.
    static func json(operations: [APIOperation], bindings: [HTTPBinding] = []) throws -> Data {
        try JSONSerialization.data(
            withJSONObject: document(operations: operations, bindings: bindings),
            options: [.sortedKeys, .prettyPrinted]
        )
    }

    static func document(operations: [APIOperation], bindings: [HTTPBinding] = []) throws -> [String: Any] {
        var schemas = try object(ContractSchemas.json)
        schemas["Error"] = try object(errorSchemaJSON)
        schemas["OpenAPIDocument"] = ["type": "object", "description": "This document."]

        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = try describe(operation)
        }
        for binding in bindings {
            paths[binding.path, default: [:]][binding.method.rawValue.lowercased()] =
                try TranscodedOperationDocument.describe(binding, schemas: schemas)
        }
        let serviceTags = Array(Set(bindings.map(\.tag))).sorted().map {
            ["name": $0, "description": "Every RPC of ksi.v1.\($0), transcoded from its google.api.http annotation."]
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "KSI gateway API",
                "version": "1.0.0",
                "description":
                    "Aggregated views (DOMAIN.md §5, V1–V13) and every RPC of NeedsService, PartnershipService, AllocationService and ReferralService, "
                    + "transcoded from the google.api.http annotations in protos/ (docs/gateway-http.md). "
                    + "Clients authenticate with a client certificate (mutual TLS) whose subject carries the organisation number; "
                    + "a person acts only with a signed token (Authorization: Bearer <JWT> from the configured issuer, e.g. ID-porten; "
                    + "AUTH-R1) and only in the roles the person registry gives that person there (AUTH-R4). JSON is protobuf's canonical proto3 JSON "
                    + "mapping: lowerCamelCase field names (proto names accepted on input), enums by proto value name, int64 as decimal "
                    + "strings, defaults omitted, unknown fields refused; amounts are øre (int64) and ratios are basis points.",
            ],
            "servers": [["url": "/"]],
            "tags": [["name": "views"], ["name": "meta"]] + serviceTags,
            "paths": paths,
            "components": [
                "schemas": schemas,
                "securitySchemes": [
                    "clientCertificate": [
                        "type": "mutualTLS",
                        "description":
                            "A client certificate chained to the KSI CA, subject organizationIdentifier=NTRNO-<orgnr> or serialNumber=<orgnr>.",
                    ],
                    "personToken": [
                        "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                        "description":
                            "The acting person: a JWT signed by the configured issuer with pid and acr claims (AUTH-R1). "
                            + "Without it the organisation acts without a person and keeps only its system and public roles.",
                    ],
                ],
            ],
            "security": [
                ["clientCertificate": [String](), "personToken": [String]()], ["clientCertificate": [String]()],
            ],
        ]
    }

    static func describe(_ operation: APIOperation) throws -> [String: Any] {
        var parameters: [[String: Any]] = operation.pathParameters.map { name in
            ["name": name, "in": "path", "required": true, "schema": ["type": "string"]]
        }
        for query in operation.queryParameters {
            parameters.append([
                "name": query.name, "in": "query", "required": false, "description": query.description,
                "schema": try object(query.schemaJSON),
            ])
        }
        var responses: [String: Any] = [
            String(operation.successStatus.code): [
                "description": operation.successStatus.reasonPhrase,
                "content": [
                    "application/json": ["schema": ["$ref": "#/components/schemas/\(operation.responseSchema)"]]
                ],
            ]
        ]
        // Every operation can answer 401 and 500; one with a body also 413 (LIM-R8) and 415 (not application/json).
        let bodyStatuses: [HTTPResponse.Status] =
            operation.requestSchema == nil ? [] : [.contentTooLarge, .unsupportedMediaType]
        for status in operation.errorStatuses + bodyStatuses + [.unauthorized, .internalServerError] {
            responses[String(status.code)] = [
                "description": status.reasonPhrase,
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
            ]
        }
        var out: [String: Any] = [
            "operationId": operation.operationId, "summary": operation.summary, "tags": [operation.tag],
            "parameters": parameters, "responses": responses,
        ]
        if let body = operation.requestSchema {
            out["requestBody"] = [
                "required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(body)"]]],
            ]
        }
        return out
    }

    static func object(_ json: String) throws -> [String: Any] {
        guard let value = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw CocoaError(.coderInvalidValue)
        }
        return value
    }
}
