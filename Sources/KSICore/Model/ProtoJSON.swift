import Foundation

// The runtime of protobuf's canonical proto3 JSON mapping (https://protobuf.dev/programming-guides/json/),
// which the generated `Codable` of every contract message speaks (scripts/protogen/swiftgen.py):
// keys are the fields' json_name (lowerCamelCase) on output, json_name or the proto name on input;
// enums are their full value names (numbers accepted on input); 64-bit integers are decimal strings
// (numbers accepted on input); every integer accepts a decimal string on input; bytes are base64;
// `ksi.v1.Date` is `{"year","month","day"}`; wrappers are their bare value; default values are omitted
// on output and `null` means the default on input; an unknown key is refused.
//
// Every refusal is a `DomainError.invalidArgument` naming the field by the JSON path the client sent
// (`content.lines[3].amountOre`); JSONDecoder passes it through unchanged. Decoding is one pass over the
// input: each key is matched once, each value parsed once.

/// A JSON object key exactly as sent (or as written).
public struct ProtoJSONKey: CodingKey, ExpressibleByStringLiteral, Sendable {
    /// The key.
    public let stringValue: String
    /// Always nil: JSON object keys are strings.
    public var intValue: Int? { nil }

    /// The key `stringValue`.
    public init(stringValue: String) { self.stringValue = stringValue }
    /// Always nil: JSON object keys are strings.
    public init?(intValue: Int) { nil }
    /// The key written as a literal.
    public init(stringLiteral value: String) { self.stringValue = value }
}

/// The shared pieces of the canonical proto3 JSON mapping (see the comment at the top of this file).
public enum ProtoJSON {
    /// Why a JSON date was refused (LIM-R3); the gateway names the field with it.
    public static let notACalendarDate = #"expected a calendar date as {"year": …, "month": …, "day": …} (LIM-R3)"#

    /// A JSON path in the names the client sent: `content.lines[3].amountOre`. A key that is not a plain name
    /// (empty, or with a dot, bracket or quote in it), and an unknown key with an underscore, is written quoted in
    /// brackets (`content[""]`, `["round_idx"]`), so the path still points at it and the gateway's rendering of
    /// proto paths in JSON names (`APIError.jsonFieldPath`) leaves it as the client wrote it.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else if key.stringValue.isEmpty || key.stringValue.contains(where: { ".[]\"\\".contains($0) })
                || (key is UnknownKeyPathSegment && key.stringValue.contains("_"))
            {
                let escaped = key.stringValue.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                    of: "\"",
                    with: "\\\""
                )
                out += "[\"\(escaped)\"]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }

    /// A malformed value at the decoder's position (COM-INPUT unless a rule is given).
    public static func invalid(_ decoder: any Decoder, _ message: String, rule: RuleID = .malformedInput) -> DomainError
    {
        invalid(at: path(decoder.codingPath), message, rule: rule)
    }

    static func invalid(at field: String, _ message: String, rule: RuleID = .malformedInput) -> DomainError {
        let shown = field.isEmpty ? "the request body" : field
        return DomainError(
            .invalidArgument,
            "\(shown): \(message)",
            violations: [RuleViolation(field: field, rule: rule, message: message)]
        )
    }

    /// A key the message does not have: refused, so a misspelt field is never silently ignored.
    public static func unknownField(_ key: ProtoJSONKey, in decoder: any Decoder) -> DomainError {
        invalid(
            at: path(decoder.codingPath + [UnknownKeyPathSegment(key.stringValue)]),
            "unknown field \"\(key.stringValue)\" (keys are the fields' lowerCamelCase or proto names)"
        )
    }

    /// The object container of a message, or a clear refusal of anything else.
    public static func object(_ decoder: any Decoder) throws -> KeyedDecodingContainer<ProtoJSONKey> {
        do {
            return try decoder.container(keyedBy: ProtoJSONKey.self)
        } catch is DecodingError {
            throw invalid(decoder, "expected a JSON object")
        }
    }

    static func single(_ decoder: any Decoder) throws -> any SingleValueDecodingContainer {
        do {
            return try decoder.singleValueContainer()
        } catch is DecodingError {
            throw invalid(decoder, "expected a single JSON value")
        }
    }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}

/// One JSON value of a field, in the canonical mapping; `value` is the Swift value.
public protocol ProtoJSONValue: Codable {
    /// The Swift type of the field.
    associatedtype Value
    /// The Swift value.
    var value: Value { get }
    /// Wraps `value`.
    init(_ value: Value)
}

/// An integer: a JSON number or a decimal string on input (no fraction, within the type's range);
/// on output a number, or a decimal string for 64-bit types.
public struct ProtoJSONInteger<Value: FixedWidthInteger & Codable & Sendable>: ProtoJSONValue {
    /// The Swift value.
    public let value: Value
    /// Wraps `value`.
    public init(_ value: Value) { self.value = value }

    /// Decodes the canonical JSON form (and the input forms it also accepts).
    public init(from decoder: any Decoder) throws {
        let container = try ProtoJSON.single(decoder)
        if let number = try? container.decode(Value.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Value(text, radix: 10) {
            value = number
        } else {
            let kind = "\(Value.isSigned ? "" : "u")int\(Value.bitWidth)"
            throw ProtoJSON.invalid(
                decoder,
                "expected an \(kind) as a JSON number or decimal string, without fraction, from \(Value.min) to \(Value.max)"
            )
        }
    }

    /// Encodes the canonical JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if Value.bitWidth > 32 { try container.encode(String(value)) } else { try container.encode(value) }
    }
}

/// A string: a JSON string.
public struct ProtoJSONString: ProtoJSONValue {
    /// The Swift value.
    public let value: String
    /// Wraps `value`.
    public init(_ value: String) { self.value = value }

    /// Decodes the canonical JSON form (and the input forms it also accepts).
    public init(from decoder: any Decoder) throws {
        guard let text = try? ProtoJSON.single(decoder).decode(String.self) else {
            throw ProtoJSON.invalid(decoder, "expected a JSON string")
        }
        value = text
    }

    /// Encodes the canonical JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// A bool: `true`/`false` (also the strings "true"/"false", as a URL query carries them).
public struct ProtoJSONBool: ProtoJSONValue {
    /// The Swift value.
    public let value: Bool
    /// Wraps `value`.
    public init(_ value: Bool) { self.value = value }

    /// Decodes the canonical JSON form (and the input forms it also accepts).
    public init(from decoder: any Decoder) throws {
        let container = try ProtoJSON.single(decoder)
        if let flag = try? container.decode(Bool.self) {
            value = flag
        } else if let text = try? container.decode(String.self), text == "true" || text == "false" {
            value = text == "true"
        } else {
            throw ProtoJSON.invalid(decoder, "expected true or false")
        }
    }

    /// Encodes the canonical JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Bytes: base64 (standard or URL-safe alphabet, padding optional on input; standard with padding on output).
public struct ProtoJSONBytes: ProtoJSONValue {
    /// The Swift value.
    public let value: [UInt8]
    /// Wraps `value`.
    public init(_ value: [UInt8]) { self.value = value }

    /// Decodes the canonical JSON form (and the input forms it also accepts).
    public init(from decoder: any Decoder) throws {
        guard let text = try? ProtoJSON.single(decoder).decode(String.self) else {
            throw ProtoJSON.invalid(decoder, "expected base64 text")
        }
        var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: standard) else { throw ProtoJSON.invalid(decoder, "expected base64 text") }
        value = [UInt8](data)
    }

    /// Encodes the canonical JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(ProtoJSON.base64(value))
    }
}

/// `ksi.v1.Date` as its message: `{"year": 2025, "month": 3, "day": 1}`, a real calendar day (LIM-R3).
public struct ProtoJSONDate: ProtoJSONValue {
    /// The Swift value.
    public let value: LocalDate
    /// Wraps `value`.
    public init(_ value: LocalDate) { self.value = value }

    /// Decodes the canonical JSON form (and the input forms it also accepts).
    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSON.object(decoder)
        var year: Int32 = 0
        var month: Int32 = 0
        var day: Int32 = 0
        for key in json.allKeys {
            switch key.stringValue {
            case "year": year = try json.decodeIfPresent(ProtoJSONInteger<Int32>.self, forKey: key)?.value ?? 0
            case "month": month = try json.decodeIfPresent(ProtoJSONInteger<Int32>.self, forKey: key)?.value ?? 0
            case "day": day = try json.decodeIfPresent(ProtoJSONInteger<Int32>.self, forKey: key)?.value ?? 0
            default: throw ProtoJSON.unknownField(key, in: decoder)
            }
        }
        let date = LocalDate(year: year, month: month, day: day)
        guard date.isValid else { throw ProtoJSON.invalid(decoder, ProtoJSON.notACalendarDate, rule: .calendarDate) }
        value = date
    }

    /// Encodes the canonical JSON form.
    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: ProtoJSONKey.self)
        // Proto3 omits zero fields; a real date has none but year 0 (which LocalDate never holds in KSI).
        if value.year != 0 { try json.encode(value.year, forKey: "year") }
        if value.month != 0 { try json.encode(value.month, forKey: "month") }
        if value.day != 0 { try json.encode(value.day, forKey: "day") }
    }
}

/// Any `Codable` value as itself (messages and enums code themselves).
public struct ProtoJSONSelf<Value: Codable>: ProtoJSONValue {
    /// The Swift value.
    public let value: Value
    /// Wraps `value`.
    public init(_ value: Value) { self.value = value }
    /// Decodes through `Value`'s own Codable.
    public init(from decoder: any Decoder) throws { value = try Value(from: decoder) }
    /// Encodes through `Value`'s own Codable.
    public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// A repeated field: a JSON array (`null` = empty).
struct ProtoJSONList<Element: ProtoJSONValue>: Decodable {
    var values: [Element.Value] = []

    init(from decoder: any Decoder) throws {
        var array: any UnkeyedDecodingContainer
        do {
            array = try decoder.unkeyedContainer()
        } catch is DecodingError {
            throw ProtoJSON.invalid(decoder, "expected a JSON array")
        }
        if let count = array.count { values.reserveCapacity(count) }
        while !array.isAtEnd {
            values.append(try array.decode(Element.self).value)
        }
    }
}

extension KeyedDecodingContainer where Key == ProtoJSONKey {
    /// One field sent under both its json_name and its proto name is refused, as protobuf's parsers do.
    public func refuseBoth(_ jsonName: ProtoJSONKey, _ protoName: ProtoJSONKey, in decoder: any Decoder) throws {
        guard contains(jsonName), contains(protoName) else { return }
        throw ProtoJSON.invalid(
            at: ProtoJSON.path(decoder.codingPath + [jsonName]),
            "given twice, as \"\(jsonName.stringValue)\" and \"\(protoName.stringValue)\""
        )
    }

    /// A singular field; nil when the value is `null` (the field keeps its default).
    public func proto<W: ProtoJSONValue>(_ kind: W.Type, _ key: ProtoJSONKey) throws -> W.Value? {
        try decodeIfPresent(W.self, forKey: key)?.value
    }

    /// A repeated field; nil when the value is `null`.
    public func protoList<W: ProtoJSONValue>(_ kind: W.Type, _ key: ProtoJSONKey) throws -> [W.Value]? {
        try decodeIfPresent(ProtoJSONList<W>.self, forKey: key)?.values
    }
}

extension KeyedEncodingContainer where Key == ProtoJSONKey {
    /// A singular field, written through its canonical form.
    public mutating func proto<W: ProtoJSONValue>(_ kind: W.Type, _ value: W.Value, _ key: ProtoJSONKey) throws {
        try encode(W(value), forKey: key)
    }

    /// A repeated field, written through its elements' canonical form.
    public mutating func protoList<W: ProtoJSONValue>(_ kind: W.Type, _ values: [W.Value], _ key: ProtoJSONKey) throws {
        try encode(values.map(W.init), forKey: key)
    }
}

/// A contract enum in JSON: its full proto value name (`NEEDS_REPORT_STATUS_SUBMITTED`); on input also its number.
public protocol ProtoEnum: NamedEnum, Codable {
    /// The proto value name, as in protos/.
    var protoName: String { get }
}

extension ProtoEnum {
    /// Decodes the full proto value name (`NEEDS_REPORT_STATUS_SUBMITTED`) or the value's number; anything else
    /// is refused, naming the allowed names.
    public init(protoJSONFrom decoder: any Decoder) throws {
        let container = try ProtoJSON.single(decoder)
        if let text = try? container.decode(String.self),
            let match = Self.allCases.first(where: { $0.protoName == text })
        {
            self = match
        } else if let number = try? container.decode(Int32.self), let match = Self(rawValue: number) {
            self = match
        } else {
            throw ProtoJSON.invalid(
                decoder,
                "expected one of: \(Self.allCases.map(\.protoName).joined(separator: ", ")) (or its number)"
            )
        }
    }

    /// Encodes the full proto value name (`NEEDS_REPORT_STATUS_SUBMITTED`).
    public func encodeProtoName(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(protoName)
    }
}

/// The last segment of an unknown key's path: kept as the client wrote it (`ProtoJSON.path`).
struct UnknownKeyPathSegment: CodingKey {
    let stringValue: String
    init(_ stringValue: String) { self.stringValue = stringValue }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}
