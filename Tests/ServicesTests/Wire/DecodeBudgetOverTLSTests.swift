import GRPCCore
import KSICore
import Services
import Testing

/// LIM-R1 over real gRPC with mutual TLS: the repeated-`content` request that used to take the service
/// down is refused with RESOURCE_EXHAUSTED naming the message, and the service keeps serving.
extension ServiceErrorsOverTLSTests {
    @Test("a request whose decode passes its memory budget is RESOURCE_EXHAUSTED, and the service stays up (LIM-R1)")
    func overBudgetRequestIsRefused() async throws {
        // CreatePartnershipRequest.content (2) sent ~32 000 times, each with one owner_ids (4) entry:
        // 160 KB that protobuf-c would merge into ~4 GB of arrays.
        let occurrence: [UInt8] = [0x12, 0x03, 0x22, 0x01, 0x78]
        let attack = Array([[UInt8]](repeating: occurrence, count: 160 * 1024 / occurrence.count).joined())
        try await withStack { stack in
            let error = await #expect(throws: RPCError.self) {
                let (client, _) = try stack.partnerships("kommune")
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await client.runConnections() }
                    defer { client.beginGracefulShutdown() }
                    let _: Partnership = try await client.unary(
                        request: ClientRequest(message: attack),
                        descriptor: PartnershipServiceMethods.createPartnership,
                        serializer: RawBytesSerializer(),
                        deserializer: WireDeserializer<Partnership>(),
                        options: .timeout(.seconds(30))
                    ) { try $0.message }
                }
            }
            #expect(error?.code == .resourceExhausted)
            #expect(
                error?.message.contains("ksi.v1.CreatePartnershipRequest") == true,
                "\(String(describing: error?.message))"
            )
            #expect(error?.message.contains("LIM-R1") == true)
            // The google.rpc.Status says the same to stock clients (docs/services.md "Errors").
            let status = error.flatMap(RPCStatusDetails.status(of:))
            #expect(
                status?.errorInfo?.reason == "LIM-R1"
                    && status?.errorInfo?.metadata["message_type"] == "ksi.v1.CreatePartnershipRequest"
            )
            // The service still serves a normal request afterwards.
            let created = try await call(stack, as: "kommune") { partnerships in
                try await partnerships.createPartnership(create("req-after-attack"))
            }
            #expect(created.status == .draft)
        }
    }
}

extension ServiceErrorsOverTLSTests {
    @Test(
        "bytes the decoder refuses (an enum number the contract does not define) are INVALID_ARGUMENT with ErrorInfo and the field in BadRequest"
    )
    func undecodableRequestCarriesStatus() async throws {
        // CreatePartnershipRequest.content (2) = PartnershipContent { scheme (1) = 99 }.
        let bytes: [UInt8] = [0x0a, 0x01, 0x72, 0x12, 0x02, 0x08, 99]
        try await withStack { stack in
            let error = await #expect(throws: RPCError.self) {
                let (client, _) = try stack.partnerships("kommune")
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await client.runConnections() }
                    defer { client.beginGracefulShutdown() }
                    let _: Partnership = try await client.unary(
                        request: ClientRequest(message: bytes),
                        descriptor: PartnershipServiceMethods.createPartnership,
                        serializer: RawBytesSerializer(),
                        deserializer: WireDeserializer<Partnership>(),
                        options: .timeout(.seconds(30))
                    ) { try $0.message }
                }
            }
            #expect(error?.code == .invalidArgument)
            let status = error.flatMap(RPCStatusDetails.status(of:))
            #expect(
                status?.code == 3 && status?.errorInfo?.domain == "ksi.no"
                    && status?.errorInfo?.reason == "INVALID_ARGUMENT"
            )
            #expect(status?.badRequest?.fieldViolations.map(\.field) == ["scheme"], "\(String(describing: status))")
        }
    }
}

/// Sends bytes as they are, so a test can put any encoding on the wire.
private struct RawBytesSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
}
