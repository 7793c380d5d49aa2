import GRPCCore
import KSICore
import KSITestSupport
import Services
import Testing

@Suite("gRPC wire coders over the protobuf-c bridge")
struct WireCodingTests {
    @Test("a message survives the serializer and deserializer pair unchanged")
    func roundTripsThroughGRPCCoders() throws {
        let report = NeedsReport.wireSample
        let bytes: [UInt8] = try WireSerializer<NeedsReport>().serialize(report)
        #expect(try WireDeserializer<NeedsReport>().deserialize(bytes) == report)
    }

    @Test("malformed bytes become INVALID_ARGUMENT naming the message")
    func malformedBytesAreInvalidArgument() throws {
        let error = #expect(throws: RPCError.self) {
            try WireDeserializer<HealthCheckRequest>().deserialize([0x0A, 10, 0x61] as [UInt8])
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("grpc.health.v1.HealthCheckRequest") == true)
    }

    @Test("a request over the size limit becomes RESOURCE_EXHAUSTED")
    func oversizedBytesAreResourceExhausted() throws {
        let limits = WireLimits(maxMessageBytes: 16)
        let error = #expect(throws: RPCError.self) {
            try WireDeserializer<HealthCheckRequest>(limits: limits).deserialize([UInt8](repeating: 0, count: 64))
        }
        #expect(error?.code == .resourceExhausted)
    }
}
