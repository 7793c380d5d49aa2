import Foundation
import GRPCCore
import Hummingbird
import KSICore
import Services

/// The AIP-193 JSON of a google.rpc.Status: `{"error": {"code": <HTTP status>, "message", "status":
/// "<google.rpc.Code name>", "details": [{"@type": …, …}]}}`, each detail in protobuf's canonical JSON
/// (lowerCamelCase keys, default values omitted), so `json_format.ParseDict(body["error"], Status())`
/// reads it. BadRequest field paths are turned into the JSON names the client sent
/// (`APIError.jsonFieldPath`). Only the detail types KSI sends are rendered (ErrorInfo, BadRequest,
/// PreconditionFailure, ResourceInfo, RequestInfo); any other is left out rather than sent unreadable.
enum APIErrorJSON {
    static func body(_ status: Google_Rpc_Status, httpStatus: HTTPResponse.Status) -> [UInt8] {
        var error: [String: Any] = [
            "code": httpStatus.code,
            "status": RPCStatusDetails.codeName(rawValue: status.code),
        ]
        if !status.message.isEmpty { error["message"] = status.message }
        let details = status.details.compactMap(detail)
        if !details.isEmpty { error["details"] = details }
        let data =
            (try? JSONSerialization.data(
                withJSONObject: ["error": error],
                options: [.sortedKeys, .withoutEscapingSlashes]
            ))
            ?? Data(#"{"error":{"code":500,"message":"the error could not be encoded","status":"INTERNAL"}}"#.utf8)
        return [UInt8](data)
    }

    /// One `Any` detail as its JSON object with `@type`, or nil for a type this renderer does not know.
    static func detail(_ any: Google_Protobuf_Any) -> [String: Any]? {
        var object: [String: Any] = ["@type": any.typeUrl]
        func unpack<M: WireMessage>(_ type: M.Type) -> M? {
            any.typeUrl == RPCStatusDetails.typeURL(M.self) ? try? M(wireBytes: any.value) : nil
        }
        if let info = unpack(Google_Rpc_ErrorInfo.self) {
            object.set("reason", info.reason)
            object.set("domain", info.domain)
            if !info.metadata.isEmpty { object["metadata"] = info.metadata }
        } else if let badRequest = unpack(Google_Rpc_BadRequest.self) {
            object["fieldViolations"] = badRequest.fieldViolations.map { violation in
                var out: [String: Any] = [:]
                out.set("field", APIError.jsonFieldPath(violation.field))
                out.set("description", violation.description)
                out.set("reason", violation.reason)
                return out
            }
        } else if let failure = unpack(Google_Rpc_PreconditionFailure.self) {
            object["violations"] = failure.violations.map { violation in
                var out: [String: Any] = [:]
                out.set("type", violation.type)
                out.set("subject", violation.subject)
                out.set("description", violation.description)
                return out
            }
        } else if let resource = unpack(Google_Rpc_ResourceInfo.self) {
            object.set("resourceType", resource.resourceType)
            object.set("resourceName", resource.resourceName)
            object.set("owner", resource.owner)
            object.set("description", resource.description)
        } else if let request = unpack(Google_Rpc_RequestInfo.self) {
            object.set("requestId", request.requestId)
            object.set("servingData", request.servingData)
        } else {
            return nil
        }
        return object
    }
}

private extension Dictionary where Key == String, Value == Any {
    /// Sets a string field unless it is the proto3 default (""), as canonical JSON omits defaults.
    mutating func set(_ key: String, _ value: String) {
        if !value.isEmpty { self[key] = value }
    }
}
