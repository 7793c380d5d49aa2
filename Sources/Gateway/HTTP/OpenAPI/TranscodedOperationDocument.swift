import Foundation
import HTTPTypes
import Services

/// The OpenAPI description of one transcoded RPC, from its binding (`HTTPBinding`): operationId = the RPC in
/// lowerCamelCase, tag = the service, summary = the proto comment, path parameters = the template's
/// variables, query parameters = the fields a query may set, body and answer = the contract's messages.
enum TranscodedOperationDocument {
    static func describe(_ binding: HTTPBinding, schemas: [String: Any]) throws -> [String: Any] {
        let properties = (schemas[binding.requestType] as? [String: Any])?["properties"] as? [String: Any] ?? [:]
        var parameters: [[String: Any]] = []
        for name in binding.template.variables {
            let field = binding.field(named: name)
            let schema: [String: Any] =
                field?.kind == .integer ? ["type": "integer", "format": "int64"] : ["type": "string", "minLength": 1]
            let parameter: [String: Any] = [
                "name": name, "in": "path", "required": true,
                "description": "The request's `\(field?.jsonName ?? name)`.", "schema": schema,
            ]
            parameters.append(parameter)
        }
        for field in binding.queryFields {
            parameters.append([
                "name": field.jsonName, "in": "query", "required": false,
                "description":
                    "The request's `\(field.jsonName)` (also accepted as `\(field.protoName)`)\(field.repeated ? "; repeat the parameter for each value" : "").",
                "schema": properties[field.jsonName] ?? ["type": "string"],
            ])
        }
        let statuses = binding.errorStatuses
        var responses: [String: Any] = [
            "200": [
                "description": "The RPC's answer (\(binding.responseType)).",
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(binding.responseType)"]]],
            ]
        ]
        for status in statuses {
            responses[String(status.code)] = [
                "description": status.reasonPhrase,
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
            ]
        }
        var operation: [String: Any] = [
            "operationId": binding.operationId, "summary": binding.summary, "tags": [binding.tag],
            "description": "\(binding.service)/\(binding.rpc) over HTTPS. Refusals (google.rpc.Status, AIP-193): "
                + binding.errorCodes.map { RPCStatusDetails.codeName($0) }.joined(separator: ", ") + ".",
            "parameters": parameters, "responses": responses,
        ]
        switch binding.body {
        case .none:
            break
        case .all:
            operation["requestBody"] = [
                "required": false,
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(binding.requestType)"]]],
            ]
        case .field(let name):
            let schema = binding.field(named: name).flatMap { properties[$0.jsonName] } ?? ["type": "object"]
            operation["requestBody"] = ["required": false, "content": ["application/json": ["schema": schema]]]
        }
        return operation
    }
}
