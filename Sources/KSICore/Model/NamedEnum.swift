/// An enum from the contract whose cases have the names DOMAIN.md gives them.
///
/// The name (`fundedAsRequested`) is what pages, view parameters (`breakdowns=sector,ownerType`) and
/// DOMAIN.md use; protobuf carries the number, and JSON the full proto value name (`ProtoEnum`).
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
}

/// The coding keys of a message without fields.
public enum _EmptyCodingKeys: CodingKey {}
