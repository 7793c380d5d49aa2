import CProtobufC
import KSICore
import KSIWire
import SwiftProtobuf

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One message, ready to be encoded and decoded three ways: through the KSI bridge, through raw
/// protobuf-c on an already-filled C struct (the floor), and through swift-protobuf.
///
/// Creating a case checks, with preconditions, that the three paths agree on the content, so the
/// benchmarks compare equal work.
public final class CodecCase<Value: WireMessage, ProtobufValue: SwiftProtobuf.Message>: @unchecked Sendable {
    // @unchecked: the C struct is written once in init and only read (packed) afterwards.

    /// The message name shown in benchmark names, e.g. `NeedsReport`.
    public let name: String
    /// The KSI value the bridge encodes.
    public let value: Value
    /// The bridge's encoding of `value`; every decoder decodes these bytes.
    public let bytes: [UInt8]
    /// The same content as a swift-protobuf message.
    public let protobufValue: ProtobufValue
    /// What the three encodings look like next to each other (for the report).
    public let agreement: String

    private let descriptor: UnsafePointer<ProtobufCMessageDescriptor>
    /// The protobuf-c struct the floor packs: unpacked once from `bytes`, freed in deinit.
    private let filled: UnsafeMutablePointer<ProtobufCMessage>

    public init(name: String, value: Value, descriptor: UnsafePointer<ProtobufCMessageDescriptor>) {
        self.name = name
        self.value = value
        self.descriptor = descriptor
        let bytes = try! value.wireEncoded()
        self.bytes = bytes
        self.filled = bytes.withUnsafeBufferPointer { buffer in
            protobuf_c_message_unpack(descriptor, nil, buffer.count, buffer.baseAddress)!
        }
        self.protobufValue = try! ProtobufValue(serializedBytes: bytes)

        // The bridge reads back what it wrote.
        precondition(try! Value(wireBytes: bytes) == value, "\(name): the bridge does not round-trip")
        // The floor packs the same content (the struct came from the bridge's bytes).
        let floorBytes = Self.pack(filled)
        precondition(try! Value(wireBytes: floorBytes) == value, "\(name): protobuf-c packs other content")
        // swift-protobuf understands every field (nothing lands in unknown fields) and writes the same content.
        var discarding = BinaryDecodingOptions()
        discarding.discardUnknownFields = true
        let known = try! ProtobufValue(serializedBytes: bytes, options: discarding)
        precondition(
            known.isEqualTo(message: protobufValue),
            "\(name): swift-protobuf sees fields its model does not know"
        )
        let protobufBytes: [UInt8] = try! protobufValue.serializedBytes()
        precondition(try! Value(wireBytes: protobufBytes) == value, "\(name): swift-protobuf encodes other content")

        agreement =
            "\(name): \(bytes.count) bytes; protobuf-c "
            + (floorBytes == bytes ? "byte-identical" : "same content, \(floorBytes.count) bytes")
            + "; swift-protobuf "
            + (protobufBytes == bytes ? "byte-identical" : "same content, \(protobufBytes.count) bytes")
    }

    deinit { protobuf_c_message_free_unpacked(filled, nil) }

    // MARK: KSI bridge

    /// Swift value → C struct → protobuf bytes.
    public func encodeBridge() -> [UInt8] { try! value.wireEncoded() }

    /// Protobuf bytes → C struct → Swift value.
    public func decodeBridge() -> Value { try! Value(wireBytes: bytes) }

    // MARK: protobuf-c floor

    /// Packs the already-filled C struct into a fresh malloc'd buffer (as the other encoders return
    /// fresh bytes) and frees it; returns the size written.
    public func encodeFloor() -> Int {
        let size = protobuf_c_message_get_packed_size(filled)
        let out = malloc(max(size, 1))!.assumingMemoryBound(to: UInt8.self)
        let written = protobuf_c_message_pack(filled, out)
        free(out)
        return written
    }

    /// Unpacks the bytes into protobuf-c's own structs and frees them; returns the field count
    /// of the message descriptor so the work cannot be optimised away.
    public func decodeFloor() -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            let message = protobuf_c_message_unpack(descriptor, nil, buffer.count, buffer.baseAddress)!
            defer { protobuf_c_message_free_unpacked(message, nil) }
            return Int(message.pointee.descriptor.pointee.n_fields)
        }
    }

    // MARK: swift-protobuf

    public func encodeSwiftProtobuf() -> [UInt8] { try! protobufValue.serializedBytes() }

    public func decodeSwiftProtobuf() -> ProtobufValue { try! ProtobufValue(serializedBytes: bytes) }

    private static func pack(_ message: UnsafePointer<ProtobufCMessage>) -> [UInt8] {
        let size = protobuf_c_message_get_packed_size(message)
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = size == 0 ? 0 : protobuf_c_message_pack(message, buffer.baseAddress)
        }
    }
}
