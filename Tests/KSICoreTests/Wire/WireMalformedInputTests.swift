import KSICore
import KSIDemoData
import KSITestSupport
import Testing

/// Untrusted bytes never crash the process: every bad input is a thrown `WireError`.
@Suite("Wire decoder on malformed input")
struct WireMalformedInputTests {
    @Test("a length-delimited field cut short is rejected as malformed")
    func truncatedStringIsMalformed() throws {
        // Field 1 (string), length 10, but only 3 bytes follow.
        let bytes: [UInt8] = [0x0A, 10, 0x61, 0x62, 0x63]
        let error = #expect(throws: WireError.self) { try HealthCheckRequest(wireBytes: bytes) }
        #expect(error?.code == .malformed)
    }

    @Test("every prefix of every sample either decodes or throws, and never traps")
    func everyPrefixOfEverySampleIsHandled() throws {
        var rejected = 0
        for (_, sample) in WireSamples.all {
            rejected += try prefixesRejected(sample)
        }
        #expect(rejected > WireSamples.all.count, "cutting a message short should usually be detected")
    }

    private func prefixesRejected<M: WireMessage>(_ sample: M) throws -> Int {
        let bytes = try sample.wireEncoded()
        var rejected = 0
        for length in 0..<bytes.count {
            do {
                _ = try M(wireBytes: Array(bytes[0..<length]))
            } catch {
                rejected += 1
            }
        }
        return rejected
    }

    @Test("a field sent with the wrong wire type is rejected as malformed")
    func wrongWireTypeIsMalformed() throws {
        // Field 1 is a string; here it arrives as a varint.
        let error = #expect(throws: WireError.self) { try HealthCheckRequest(wireBytes: [0x08, 0x01]) }
        #expect(error?.code == .malformed)
    }

    @Test("seeded random garbage never traps, and most of it is rejected")
    func randomGarbageIsHandled() throws {
        var generator = SplitMix64(seed: 20_261_122)
        var rejected = 0
        let rounds = 2_000
        for round in 0..<rounds {
            let length = Int(generator.next() % 96) + 1
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let (_, sample) = WireSamples.all[round % WireSamples.all.count]
            if !decodes(sample, bytes) { rejected += 1 }
        }
        #expect(rejected > rounds / 4)
    }

    private func decodes<M: WireMessage>(_ sample: M, _ bytes: [UInt8]) -> Bool {
        (try? M(wireBytes: bytes)) != nil
    }

    @Test("input over the size limit is refused before it is parsed")
    func oversizedInputIsRefused() throws {
        let bytes = [UInt8](repeating: 0, count: 2_000)
        let error = #expect(throws: WireError.self) {
            try HealthCheckRequest(wireBytes: bytes, limits: WireLimits(maxMessageBytes: 1_000))
        }
        #expect(error?.code == .oversized)
    }

    @Test("a message that would encode over the size limit is refused")
    func oversizedOutputIsRefused() throws {
        let request = HealthCheckRequest.with { $0.service = String(repeating: "x", count: 5_000) }
        let error = #expect(throws: WireError.self) {
            try request.wireEncoded(limits: WireLimits(maxMessageBytes: 1_000))
        }
        #expect(error?.code == .oversized)
    }

    @Test("a string that is not UTF-8 is rejected, naming the field")
    func invalidUTF8IsRejected() throws {
        let bytes: [UInt8] = [0x0A, 2, 0xC3, 0x28]
        let error = #expect(throws: WireError.self) { try HealthCheckRequest(wireBytes: bytes) }
        #expect(error?.code == .invalidUTF8)
        #expect(error?.field == "service")
    }

    @Test("an enum number the contract does not define is rejected, naming the field")
    func unknownEnumValueIsRejected() throws {
        let error = #expect(throws: WireError.self) { try HealthCheckResponse(wireBytes: [0x08, 0x63]) }
        #expect(error?.code == .unknownEnumValue)
        #expect(error?.field == "status")
    }

    @Test("deeply nested unknown fields are kept as bytes, not parsed, so depth cannot exhaust the stack")
    func deepUnknownNestingIsHandled() throws {
        // 50 000 levels of field 15 (length-delimited) wrapped around each other.
        var payload: [UInt8] = []
        for _ in 0..<50_000 {
            payload = [0x7A] + varint(UInt64(payload.count)) + payload
            if payload.count > 3_000_000 { break }
        }
        let decoded = try HealthCheckRequest(wireBytes: payload)
        #expect(decoded.service == "")
    }

    @Test("empty input decodes to the default message")
    func emptyInputIsTheDefaultMessage() throws {
        #expect(try HealthCheckRequest(wireBytes: []) == HealthCheckRequest())
    }

    private func varint(_ value: UInt64) -> [UInt8] { WireAttackShapes.varint(value) }
}
