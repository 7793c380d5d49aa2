import Foundation
import KSICore
import NIOCore

/// Builds an RPC's request message as JSON from an HTTP request, by the standard transcoding rules
/// (google.api.http): the body per the binding's `body`, each path variable into its field, and each
/// query parameter (named by the field's JSON or proto name; a repeated field by repeating it) into its
/// field. The result is a JSON object that `JSONDecoder` turns into the request type, so this code does
/// not depend on the JSON mapping in force.
enum TranscodedRequest {
    static func json(
        for binding: HTTPBinding,
        variables: [String: String],
        query: [(String, String)],
        body: ByteBuffer,
        caller: Caller
    ) throws -> Data {
        var object: [String: Any] = [:]
        switch binding.body {
        case .none:
            break
        case .all:
            guard let value = try parse(body) else { break }
            guard let fields = value as? [String: Any] else {
                throw invalid("body", "the request body must be a JSON object")
            }
            object = fields
        case .field(let name):
            if let value = try parse(body), let field = binding.field(named: name) { object[field.jsonName] = value }
        }
        for (name, value) in variables {
            guard let field = binding.field(named: name) else { continue }
            set(field, to: try scalar(value, for: field, parameter: name), in: &object)
        }
        try apply(query, for: binding, to: &object)
        // The acting person is the token's (AUTH-R1, R4), as the hand-written commands did: a request that
        // names none acts as the caller's person; one naming another is refused by the service.
        if let acting = binding.field(named: "acting_person_id"), !caller.personId.isEmpty,
            object[acting.jsonName] == nil, object[acting.protoName] == nil
        {
            object[acting.jsonName] = caller.personId
        }
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// Query parameters into fields. An unknown name, a message field, a repeated singular field or a value
    /// of the wrong type is a 400 naming the parameter.
    static func apply(_ query: [(String, String)], for binding: HTTPBinding, to object: inout [String: Any]) throws {
        let allowed = binding.queryFields
        var seen: Set<String> = []
        for (name, value) in query {
            guard let field = allowed.first(where: { $0.jsonName == name || $0.protoName == name }) else {
                let reason =
                    binding.field(named: name) == nil
                    ? "unknown query parameter (this operation takes \(allowed.isEmpty ? "none" : allowed.map(\.jsonName).joined(separator: ", ")))"
                    : "not settable as a query parameter here (send it in the path or body)"
                throw invalid(name, reason)
            }
            // An empty number or flag is its default, as if absent (`?pageSize=`).
            if value.isEmpty, field.kind == .integer || field.kind == .bool { continue }
            let converted = try scalar(value, for: field, parameter: name)
            if field.repeated {
                var list = object[field.jsonName] as? [Any] ?? []
                list.append(converted)
                object[field.jsonName] = list
            } else {
                guard seen.insert(field.protoName).inserted else { throw invalid(name, "given more than once") }
                set(field, to: converted, in: &object)
            }
        }
    }

    /// Sets `field` under its JSON name, dropping a value the body gave under its proto name.
    static func set(_ field: HTTPBinding.Field, to value: Any, in object: inout [String: Any]) {
        object[field.protoName] = nil
        object[field.jsonName] = value
    }

    /// A path or query text as the JSON value of `field`.
    static func scalar(_ text: String, for field: HTTPBinding.Field, parameter: String) throws -> Any {
        switch field.kind {
        case .integer:
            if let value = Int64(text) { return value }
            if let value = UInt64(text) { return value }
            throw invalid(parameter, "'\(text)' is not an integer")
        case .bool:
            switch text {
            case "true": return true
            case "false": return false
            default: throw invalid(parameter, "'\(text)' is not true or false")
            }
        case .string, .enumeration:
            return text
        case .date:
            // A `ksi.v1.Date` is an object in JSON; in a path or query it is written `YYYY-MM-DD`. Whether the
            // day exists is the decoder's check (LIM-R3).
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
            else {
                throw invalid(parameter, "'\(text)' is not a date (YYYY-MM-DD)")
            }
            return ["year": year, "month": month, "day": day]
        case .message:
            throw invalid(parameter, "a message field cannot be set from the path or query")
        }
    }

    /// The body as a JSON value; nil when it is empty.
    static func parse(_ body: ByteBuffer) throws -> Any? {
        guard body.readableBytes > 0 else { return nil }
        do {
            return try JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed])
        } catch {
            throw invalid("body", "the request body is not valid JSON")
        }
    }

    static func invalid(_ field: String, _ message: String) -> APIError {
        ViewParameters.invalid(field, message)
    }

    /// The query string's parameters in order, names and values percent-decoded.
    static func parameters(of query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            guard !name.isEmpty else { return nil }
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return (name, value)
        }
    }
}
