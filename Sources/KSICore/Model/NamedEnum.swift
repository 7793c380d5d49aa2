/// An enum from the contract whose cases have the names DOMAIN.md gives them.
///
/// JSON carries the name (`"fundedAsRequested"`), protobuf carries the number.
public protocol NamedEnum: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == Int32 {
    /// The case name, as in DOMAIN.md.
    var name: String { get }
}

extension NamedEnum {
    /// The case with this name, or nil.
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// Decodes the case from its name.
    public init(nameFrom decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let value = Self(name: name) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(name)' is not one of: \(Self.allCases.map(\.name).joined(separator: ", "))"
            )
        }
        self = value
    }

    /// Encodes the case as its name.
    public func encodeName(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// The coding keys of a message without fields.
public enum _EmptyCodingKeys: CodingKey {}
