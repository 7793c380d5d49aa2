/// Protobuf 3 scalars have no presence: in a request, `""`, `0` and an empty repeated field mean "not given".
/// These read such a value as absent, so a list filter says `request.year.nonZero` instead of re-spelling
/// `request.year == 0 ? nil : request.year` at every site.
extension String {
    /// The string, or nil when it is empty (the protobuf default).
    public var nonEmpty: String? { isEmpty ? nil : self }
}

extension Array {
    /// The array, or nil when it is empty (a repeated field not given).
    public var nonEmpty: [Element]? { isEmpty ? nil : self }
}

extension BinaryInteger {
    /// The number, or nil when it is 0 (the protobuf default).
    public var nonZero: Self? { self == 0 ? nil : self }
}
