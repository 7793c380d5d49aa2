import CProtobufC

/// Writes Swift values into one protobuf-c message struct, by field index.
///
/// Generated `encodeFields` calls one method per field; the descriptor gives each member's offset,
/// so no per-message C glue exists. All memory comes from the encode's `WireArena`.
public struct WireWriter {
    let message: UnsafeMutableRawPointer
    let descriptor: UnsafePointer<ProtobufCMessageDescriptor>
    let arena: WireArena

    init(message: UnsafeMutableRawPointer, descriptor: UnsafePointer<ProtobufCMessageDescriptor>, arena: WireArena) {
        self.message = message
        self.descriptor = descriptor
        self.arena = arena
    }

    /// A new, initialised C struct for `descriptor`, owned by `arena`.
    static func newMessage(
        _ descriptor: UnsafePointer<ProtobufCMessageDescriptor>,
        in arena: WireArena
    ) -> UnsafeMutableRawPointer {
        let raw = arena.allocate(byteCount: Int(descriptor.pointee.sizeof_message))
        protobuf_c_message_init(descriptor, raw)
        return raw
    }

    private func field(_ index: Int) -> ProtobufCFieldDescriptor { descriptor.pointee.fields[index] }

    private func member(_ index: Int) -> UnsafeMutableRawPointer { message + Int(field(index).offset) }

    private func setCount(_ count: Int, _ index: Int) {
        (message + Int(field(index).quantifier_offset)).storeBytes(of: count, as: Int.self)
    }

    private func subDescriptor(_ index: Int) -> UnsafePointer<ProtobufCMessageDescriptor> {
        // protoc-c sets `descriptor` to the message descriptor for every message-typed field.
        field(index).descriptor.assumingMemoryBound(to: ProtobufCMessageDescriptor.self)
    }

    // MARK: Singular scalars

    /// Sets a string field ("" leaves it at its default).
    public func writeString(_ value: String, field index: Int) {
        guard !value.isEmpty else { return }
        member(index).storeBytes(of: arena.cString(value), as: UnsafeMutablePointer<CChar>.self)
    }

    /// Sets a bytes field.
    public func writeBytes(_ value: [UInt8], field index: Int) {
        guard !value.isEmpty else { return }
        member(index).storeBytes(
            of: ProtobufCBinaryData(len: value.count, data: arena.bytes(value)),
            as: ProtobufCBinaryData.self
        )
    }

    /// Sets a bool field.
    public func writeBool(_ value: Bool, field index: Int) {
        member(index).storeBytes(of: value ? 1 : 0, as: protobuf_c_boolean.self)
    }

    /// Sets an int32 field.
    public func writeInt32(_ value: Int32, field index: Int) { member(index).storeBytes(of: value, as: Int32.self) }
    /// Sets an int64 field.
    public func writeInt64(_ value: Int64, field index: Int) { member(index).storeBytes(of: value, as: Int64.self) }
    /// Sets a uint32 field.
    public func writeUInt32(_ value: UInt32, field index: Int) { member(index).storeBytes(of: value, as: UInt32.self) }
    /// Sets a uint64 field.
    public func writeUInt64(_ value: UInt64, field index: Int) { member(index).storeBytes(of: value, as: UInt64.self) }

    /// Sets an enum field to the case's number.
    public func writeEnum<E: RawRepresentable<Int32>>(_ value: E, field index: Int) {
        member(index).storeBytes(of: value.rawValue, as: Int32.self)
    }

    // MARK: Messages and the types mapped from messages

    /// Sets a message field; nil leaves it absent.
    public func writeMessage<M: WireMessage>(_ value: M?, field index: Int) {
        guard let value else { return }
        member(index).storeBytes(of: encodeSubMessage(value), as: UnsafeMutableRawPointer.self)
    }

    private func encodeSubMessage<M: WireMessage>(_ value: M) -> UnsafeMutableRawPointer {
        let sub = M.wireDescriptor.pointer
        let raw = Self.newMessage(sub, in: arena)
        value.encodeFields(to: WireWriter(message: raw, descriptor: sub, arena: arena))
        return raw
    }

    /// A wrapper message (`Int32Value` …) whose only field is the value; nil leaves the field absent.
    private func writeWrapper(field index: Int, _ store: (WireWriter) -> Void) {
        let sub = subDescriptor(index)
        let raw = Self.newMessage(sub, in: arena)
        store(WireWriter(message: raw, descriptor: sub, arena: arena))
        member(index).storeBytes(of: raw, as: UnsafeMutableRawPointer.self)
    }

    /// Sets a `google.protobuf.Int32Value` field; nil leaves it absent.
    public func writeOptionalInt32(_ value: Int32?, field index: Int) {
        if let value { writeWrapper(field: index) { $0.writeInt32(value, field: 0) } }
    }
    /// Sets a `google.protobuf.Int64Value` field; nil leaves it absent.
    public func writeOptionalInt64(_ value: Int64?, field index: Int) {
        if let value { writeWrapper(field: index) { $0.writeInt64(value, field: 0) } }
    }
    /// Sets a `google.protobuf.StringValue` field; nil leaves it absent.
    public func writeOptionalString(_ value: String?, field index: Int) {
        if let value { writeWrapper(field: index) { $0.writeString(value, field: 0) } }
    }
    /// Sets a `google.protobuf.BoolValue` field; nil leaves it absent.
    public func writeOptionalBool(_ value: Bool?, field index: Int) {
        if let value { writeWrapper(field: index) { $0.writeBool(value, field: 0) } }
    }

    /// Sets a `ksi.v1.Date` field; nil leaves it absent.
    public func writeDate(_ value: LocalDate?, field index: Int) {
        guard let value else { return }
        writeWrapper(field: index) { Self.storeDate(value, into: $0) }
    }

    private static func storeDate(_ date: LocalDate, into writer: WireWriter) {
        writer.writeInt32(date.year, field: 0)
        writer.writeInt32(date.month, field: 1)
        writer.writeInt32(date.day, field: 2)
    }

    // MARK: Repeated fields

    /// Fills a C array for a repeated field in place (no temporary Swift array): `element` gives the
    /// C value of each Swift element.
    private func writeArray<Element, T>(
        _ values: [Element],
        field index: Int,
        as cType: T.Type,
        _ element: (Element) -> T
    ) {
        guard !values.isEmpty else { return }
        let block = arena.allocate(byteCount: MemoryLayout<T>.stride * values.count)
        let typed = block.bindMemory(to: T.self, capacity: values.count)
        for (offset, value) in values.enumerated() { (typed + offset).initialize(to: element(value)) }
        setCount(values.count, index)
        member(index).storeBytes(of: block, as: UnsafeMutableRawPointer.self)
    }

    /// Copies a repeated scalar field whose Swift and C element types are the same.
    private func writeArray<T>(_ values: [T], field index: Int, as cType: T.Type) {
        guard !values.isEmpty else { return }
        let block = arena.allocate(byteCount: MemoryLayout<T>.stride * values.count)
        let typed = block.bindMemory(to: T.self, capacity: values.count)
        typed.initialize(from: values, count: values.count)
        setCount(values.count, index)
        member(index).storeBytes(of: block, as: UnsafeMutableRawPointer.self)
    }

    /// Sets a repeated string field.
    public func writeStrings(_ values: [String], field index: Int) {
        writeArray(values, field: index, as: UnsafeMutablePointer<CChar>.self) { arena.cString($0) }
    }
    /// Sets a repeated bytes field.
    public func writeBytesList(_ values: [[UInt8]], field index: Int) {
        writeArray(values, field: index, as: ProtobufCBinaryData.self) {
            ProtobufCBinaryData(len: $0.count, data: arena.bytes($0))
        }
    }
    /// Sets a repeated bool field.
    public func writeBools(_ values: [Bool], field index: Int) {
        writeArray(values, field: index, as: protobuf_c_boolean.self) { protobuf_c_boolean($0 ? 1 : 0) }
    }
    /// Sets a repeated int32 field.
    public func writeInt32s(_ values: [Int32], field index: Int) { writeArray(values, field: index, as: Int32.self) }
    /// Sets a repeated int64 field.
    public func writeInt64s(_ values: [Int64], field index: Int) { writeArray(values, field: index, as: Int64.self) }
    /// Sets a repeated uint32 field.
    public func writeUInt32s(_ values: [UInt32], field index: Int) { writeArray(values, field: index, as: UInt32.self) }
    /// Sets a repeated uint64 field.
    public func writeUInt64s(_ values: [UInt64], field index: Int) { writeArray(values, field: index, as: UInt64.self) }

    /// Sets a repeated enum field.
    public func writeEnums<E: RawRepresentable<Int32>>(_ values: [E], field index: Int) {
        writeArray(values, field: index, as: Int32.self) { $0.rawValue }
    }

    /// Sets a repeated message field.
    public func writeMessages<M: WireMessage>(_ values: [M], field index: Int) {
        writeArray(values, field: index, as: UnsafeMutableRawPointer.self) { encodeSubMessage($0) }
    }

    /// A `map<string, string>` as its repeated entry messages, in key order so the bytes are deterministic.
    public func writeStringMap(_ values: [String: String], field index: Int) {
        let sub = subDescriptor(index)
        writeArray(values.sorted { $0.key < $1.key }, field: index, as: UnsafeMutableRawPointer.self) { entry in
            let raw = Self.newMessage(sub, in: arena)
            let writer = WireWriter(message: raw, descriptor: sub, arena: arena)
            writer.writeString(entry.key, field: 0)
            writer.writeString(entry.value, field: 1)
            return raw
        }
    }

    /// Sets a repeated `ksi.v1.Date` field.
    public func writeDates(_ values: [LocalDate], field index: Int) {
        let sub = subDescriptor(index)
        writeArray(values, field: index, as: UnsafeMutableRawPointer.self) { date in
            let raw = Self.newMessage(sub, in: arena)
            Self.storeDate(date, into: WireWriter(message: raw, descriptor: sub, arena: arena))
            return raw
        }
    }
}
