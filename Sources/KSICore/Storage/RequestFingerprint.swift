import COpenSSL

/// What makes two requests "the same request" for idempotency (IDEM-R1, issue 14): the request id the
/// client chose, and a SHA-256 digest of the request's canonical wire bytes without the `request_id`
/// field itself.
///
/// The wire bytes are the re-encoding of the decoded request: protobuf-c writes the fields in number
/// order and drops unknown fields, so equal requests give equal bytes however the client encoded them
/// (gRPC, or JSON through the gateway). Nothing else is excluded: every other field of a retry must be
/// what the first attempt sent.
package struct RequestFingerprint: Sendable, Hashable {
    package let requestId: String
    /// Lower-case hex SHA-256 of the request without its `request_id`.
    package let digest: String

    package init<Request: WireMessage>(_ request: Request) throws {
        let descriptor = Request.wireDescriptor
        let requestIdNumber = (0..<descriptor.fieldCount).first { descriptor.fieldName(at: $0) == "request_id" }
            .map { descriptor.fieldNumber(at: $0) }
        let bytes = try request.wireEncoded()
        var payload: [UInt8] = []
        payload.reserveCapacity(bytes.count)
        var requestId = ""
        try TopLevelWireFields.forEach(in: bytes) { number, field in
            if number == requestIdNumber, let value = field.lengthDelimitedValue {
                requestId = String(decoding: value, as: UTF8.self)
            } else {
                payload.append(contentsOf: field.raw)
            }
        }
        self.requestId = requestId
        self.digest = Self.sha256Hex(payload)
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBufferPointer { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_sha256(), nil) == 1
        }
        precondition(ok && length == 32, "EVP_Digest(SHA-256) failed")
        let hex: [Character] = Array("0123456789abcdef")
        return String(digest.flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0x0f)]] })
    }
}

/// The top-level fields of protobuf wire bytes, each as its raw bytes (tag included), in order.
enum TopLevelWireFields {
    struct Field {
        let wireType: UInt8
        let raw: ArraySlice<UInt8>
        /// The contents of a length-delimited field (wire type 2).
        let lengthDelimitedValue: ArraySlice<UInt8>?
    }

    struct Malformed: Error {}

    /// Calls `body` with each field's number and bytes. The bytes come from our own encoder, so a
    /// malformed input is a programming error, reported rather than skipped.
    static func forEach(in bytes: [UInt8], _ body: (UInt32, Field) throws -> Void) throws {
        var index = bytes.startIndex
        func varint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.endIndex, shift < 64 {
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            throw Malformed()
        }
        while index < bytes.endIndex {
            let start = index
            let key = try varint()
            let wireType = UInt8(key & 7)
            var value: ArraySlice<UInt8>? = nil
            switch wireType {
            case 0: _ = try varint()
            case 1: index += 8
            case 5: index += 4
            case 2:
                let length = try varint()
                guard length <= UInt64(bytes.endIndex - index) else { throw Malformed() }
                value = bytes[index..<(index + Int(length))]
                index += Int(length)
            default: throw Malformed()  // groups: protobuf-c writes none for proto3
            }
            guard index <= bytes.endIndex else { throw Malformed() }
            try body(
                UInt32(truncatingIfNeeded: key >> 3),
                Field(wireType: wireType, raw: bytes[start..<index], lengthDelimitedValue: value)
            )
        }
    }
}
