import CProtobufC

/// Hand-built encodings that cost protobuf-c the most memory per input byte (LIM-R1 measurements).
enum WireAttackShapes {
    /// `occurrence` (the body of one sub-message) sent as field `field` again and again, `totalBytes` in all.
    /// Valid protobuf: a singular sub-message seen twice is merged, which protobuf-c does by copying.
    static func repeatedSingular(field: UInt32, occurrence: [UInt8], totalBytes: Int) -> [UInt8] {
        let one = varint(UInt64(field) << 3 | 2) + varint(UInt64(occurrence.count)) + occurrence
        return Array([[UInt8]](repeating: one, count: max(1, totalBytes / one.count)).joined())
    }

    /// For a message type, the valid shapes with the most decoded memory per input byte, each about
    /// `totalBytes` long: every repeated sub-message, string and bytes field sent empty again and again,
    /// every packed numeric field full of one-byte values, and an unknown field sent again and again.
    static func degenerateValidShapes(
        _ descriptor: UnsafePointer<ProtobufCMessageDescriptor>,
        totalBytes: Int
    ) -> [(name: String, bytes: [UInt8])] {
        var shapes: [(name: String, bytes: [UInt8])] = []
        let fields = (0..<Int(descriptor.pointee.n_fields)).map { descriptor.pointee.fields[$0] }
        for field in fields where field.label == PROTOBUF_C_LABEL_REPEATED {
            let name = String(cString: field.name)
            switch field.type {
            case PROTOBUF_C_TYPE_MESSAGE, PROTOBUF_C_TYPE_STRING, PROTOBUF_C_TYPE_BYTES:
                let one = varint(UInt64(field.id) << 3 | 2) + [0]
                shapes.append(("empty \(name) × many", repeated(one, totalBytes)))
            default:
                // Packed: one length-delimited run of one-byte values (0 is valid for every numeric type
                // and for the enums' zero value).
                let run = [UInt8](repeating: 0, count: 1000)
                let one = varint(UInt64(field.id) << 3 | 2) + varint(UInt64(run.count)) + run
                shapes.append(("packed \(name)", repeated(one, totalBytes)))
            }
        }
        let used = Set(fields.map(\.id))
        let unknown = (1...).first { !used.contains(UInt32($0)) }!
        shapes.append(("unknown field \(unknown) × many", repeated(varint(UInt64(unknown) << 3) + [0], totalBytes)))
        return shapes
    }

    private static func repeated(_ one: [UInt8], _ totalBytes: Int) -> [UInt8] {
        Array([[UInt8]](repeating: one, count: max(1, totalBytes / one.count)).joined())
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            out.append(byte)
        } while value != 0
        return out
    }
}
