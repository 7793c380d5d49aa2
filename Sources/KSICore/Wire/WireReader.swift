import CProtobufC

/// Reads Swift values out of one unpacked protobuf-c message struct, by field index.
public struct WireReader {
    let message: UnsafeRawPointer
    let descriptor: UnsafePointer<ProtobufCMessageDescriptor>

    init(message: UnsafeRawPointer, descriptor: UnsafePointer<ProtobufCMessageDescriptor>) {
        self.message = message
        self.descriptor = descriptor
    }

    private func field(_ index: Int) -> ProtobufCFieldDescriptor { descriptor.pointee.fields[index] }

    private func member(_ index: Int) -> UnsafeRawPointer { message + Int(field(index).offset) }

    private func count(_ index: Int) -> Int {
        (message + Int(field(index).quantifier_offset)).load(as: Int.self)
    }

    private func subDescriptor(_ index: Int) -> UnsafePointer<ProtobufCMessageDescriptor> {
        field(index).descriptor.assumingMemoryBound(to: ProtobufCMessageDescriptor.self)
    }

    private func error(_ code: WireError.Code, _ index: Int, _ text: String) -> WireError {
        WireError(
            code: code,
            messageName: String(cString: descriptor.pointee.name),
            field: String(cString: field(index).name),
            message: text
        )
    }

    /// The array behind a repeated field; protobuf-c keeps `count` elements of `T` at the pointer.
    private func array<T>(_ index: Int, _ type: T.Type) -> UnsafeBufferPointer<T> {
        let n = count(index)
        guard n > 0, let base = member(index).load(as: UnsafeRawPointer?.self) else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: base.assumingMemoryBound(to: T.self), count: n)
    }

    private func string(_ pointer: UnsafePointer<CChar>?, _ index: Int) throws(WireError) -> String {
        guard let pointer else { return "" }
        guard let value = String(validatingCString: pointer) else {
            throw error(.invalidUTF8, index, "the string is not valid UTF-8")
        }
        return value
    }

    private func enumValue<E: RawRepresentable<Int32>>(_ raw: Int32, _ index: Int) throws(WireError) -> E {
        guard let value = E(rawValue: raw) else {
            throw error(.unknownEnumValue, index, "\(raw) is not a value this version of the contract defines")
        }
        return value
    }

    // MARK: Singular scalars

    /// A string field; "" when unset. Throws `invalidUTF8` for bytes that are not UTF-8.
    public func readString(field index: Int) throws(WireError) -> String {
        try string(member(index).load(as: UnsafePointer<CChar>?.self), index)
    }

    /// A bytes field; empty when unset.
    public func readBytes(field index: Int) throws(WireError) -> [UInt8] {
        let data = member(index).load(as: ProtobufCBinaryData.self)
        guard data.len > 0, let base = data.data else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: data.len))
    }

    /// A bool field.
    public func readBool(field index: Int) throws(WireError) -> Bool {
        member(index).load(as: protobuf_c_boolean.self) != 0
    }
    /// An int32 field.
    public func readInt32(field index: Int) throws(WireError) -> Int32 { member(index).load(as: Int32.self) }
    /// An int64 field.
    public func readInt64(field index: Int) throws(WireError) -> Int64 { member(index).load(as: Int64.self) }
    /// A uint32 field.
    public func readUInt32(field index: Int) throws(WireError) -> UInt32 { member(index).load(as: UInt32.self) }
    /// A uint64 field.
    public func readUInt64(field index: Int) throws(WireError) -> UInt64 { member(index).load(as: UInt64.self) }

    /// An enum field; throws `unknownEnumValue` for a number the contract does not define.
    public func readEnum<E: RawRepresentable<Int32>>(_ type: E.Type, field index: Int) throws(WireError) -> E {
        try enumValue(member(index).load(as: Int32.self), index)
    }

    // MARK: Messages and mapped types

    private func subMessage(_ index: Int) -> UnsafeRawPointer? { member(index).load(as: UnsafeRawPointer?.self) }

    /// A message field; nil when absent.
    public func readMessage<M: WireMessage>(_ type: M.Type, field index: Int) throws(WireError) -> M? {
        guard let raw = subMessage(index) else { return nil }
        return try Self.decode(M.self, raw)
    }

    static func decode<M: WireMessage>(_ type: M.Type, _ raw: UnsafeRawPointer) throws(WireError) -> M {
        var value = M()
        try value.decodeFields(from: WireReader(message: raw, descriptor: M.wireDescriptor.pointer))
        return value
    }

    private func wrapper(_ index: Int) -> WireReader? {
        guard let raw = subMessage(index) else { return nil }
        return WireReader(message: raw, descriptor: subDescriptor(index))
    }

    /// A `google.protobuf.Int32Value` field; nil when absent.
    public func readOptionalInt32(field index: Int) throws(WireError) -> Int32? {
        try wrapper(index)?.readInt32(field: 0)
    }
    /// A `google.protobuf.Int64Value` field; nil when absent.
    public func readOptionalInt64(field index: Int) throws(WireError) -> Int64? {
        try wrapper(index)?.readInt64(field: 0)
    }
    /// A `google.protobuf.StringValue` field; nil when absent.
    public func readOptionalString(field index: Int) throws(WireError) -> String? {
        try wrapper(index)?.readString(field: 0)
    }
    /// A `google.protobuf.BoolValue` field; nil when absent.
    public func readOptionalBool(field index: Int) throws(WireError) -> Bool? { try wrapper(index)?.readBool(field: 0) }

    /// A `ksi.v1.Date` field; nil when absent.
    public func readDate(field index: Int) throws(WireError) -> LocalDate? {
        guard let date = wrapper(index) else { return nil }
        return try date.localDate()
    }

    private func localDate() throws(WireError) -> LocalDate {
        LocalDate(year: try readInt32(field: 0), month: try readInt32(field: 1), day: try readInt32(field: 2))
    }

    // MARK: Repeated fields

    /// A repeated string field; throws `invalidUTF8` for an element that is not UTF-8.
    public func readStrings(field index: Int) throws(WireError) -> [String] {
        var out: [String] = []
        out.reserveCapacity(count(index))
        for pointer in array(index, UnsafePointer<CChar>?.self) { out.append(try string(pointer, index)) }
        return out
    }

    /// A repeated bytes field.
    public func readBytesList(field index: Int) throws(WireError) -> [[UInt8]] {
        array(index, ProtobufCBinaryData.self).map { data in
            guard data.len > 0, let base = data.data else { return [] }
            return Array(UnsafeBufferPointer(start: base, count: data.len))
        }
    }

    /// A repeated bool field.
    public func readBools(field index: Int) throws(WireError) -> [Bool] {
        array(index, protobuf_c_boolean.self).map { $0 != 0 }
    }
    /// A repeated int32 field.
    public func readInt32s(field index: Int) throws(WireError) -> [Int32] { Array(array(index, Int32.self)) }
    /// A repeated int64 field.
    public func readInt64s(field index: Int) throws(WireError) -> [Int64] { Array(array(index, Int64.self)) }
    /// A repeated uint32 field.
    public func readUInt32s(field index: Int) throws(WireError) -> [UInt32] { Array(array(index, UInt32.self)) }
    /// A repeated uint64 field.
    public func readUInt64s(field index: Int) throws(WireError) -> [UInt64] { Array(array(index, UInt64.self)) }

    /// A repeated enum field; throws `unknownEnumValue` for a number the contract does not define.
    public func readEnums<E: RawRepresentable<Int32>>(_ type: E.Type, field index: Int) throws(WireError) -> [E] {
        var out: [E] = []
        out.reserveCapacity(count(index))
        for raw in array(index, Int32.self) { out.append(try enumValue(raw, index)) }
        return out
    }

    /// A repeated message field.
    public func readMessages<M: WireMessage>(_ type: M.Type, field index: Int) throws(WireError) -> [M] {
        var out: [M] = []
        out.reserveCapacity(count(index))
        for case let raw? in array(index, UnsafeRawPointer?.self) { out.append(try Self.decode(M.self, raw)) }
        return out
    }

    /// A `map<string, string>`: protobuf-c keeps it as the repeated entry messages (key = field 0, value = field 1).
    /// A key sent twice keeps its last value, as protobuf's parsers do.
    public func readStringMap(field index: Int) throws(WireError) -> [String: String] {
        let sub = subDescriptor(index)
        var out: [String: String] = [:]
        out.reserveCapacity(count(index))
        for case let raw? in array(index, UnsafeRawPointer?.self) {
            let entry = WireReader(message: raw, descriptor: sub)
            out[try entry.readString(field: 0)] = try entry.readString(field: 1)
        }
        return out
    }

    /// A repeated `ksi.v1.Date` field.
    public func readDates(field index: Int) throws(WireError) -> [LocalDate] {
        let sub = subDescriptor(index)
        var out: [LocalDate] = []
        out.reserveCapacity(count(index))
        for case let raw? in array(index, UnsafeRawPointer?.self) {
            out.append(try WireReader(message: raw, descriptor: sub).localDate())
        }
        return out
    }
}
