import GRPCCore
import KSICore

/// Serialises contract messages for grpc-swift-2 through KSI's protobuf-c bridge.
public struct WireSerializer<Message: WireMessage>: MessageSerializer {
    public let limits: WireLimits

    public init(limits: WireLimits = .default) { self.limits = limits }

    public func serialize<Bytes: GRPCContiguousBytes>(_ message: Message) throws -> Bytes {
        do {
            return Bytes(try WireCodec.encode(message, limits: limits))
        } catch {
            throw RPCError(wireError: error)
        }
    }
}

/// Deserialises contract messages for grpc-swift-2; malformed or oversized bytes become a status.
public struct WireDeserializer<Message: WireMessage>: MessageDeserializer {
    public let limits: WireLimits

    public init(limits: WireLimits = .default) { self.limits = limits }

    public func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Message {
        let result = serializedMessageBytes.withUnsafeBytes { raw in
            Result { () throws(WireError) -> Message in try WireCodec.decode(Message.self, from: raw, limits: limits) }
        }
        switch result {
        case .success(let message): return message
        case .failure(let error): throw RPCError(wireError: error)
        }
    }
}

extension RPCError {
    /// `RESOURCE_EXHAUSTED` for an oversized message or one over its decode memory budget (LIM-R1),
    /// `INVALID_ARGUMENT` for anything else. The message names the message type.
    init(wireError: WireError) {
        let code: RPCError.Code
        switch wireError.code {
        case .oversized, .overBudget: code = .resourceExhausted
        default: code = .invalidArgument
        }
        self = RPCStatusDetails.error(wireError.rpcStatus(code: code), code: code)
    }
}

extension RPCRouter {
    /// Registers a unary handler whose messages go through the protobuf-c wire coders.
    public mutating func registerUnaryWire<Input: WireMessage, Output: WireMessage>(
        _ method: MethodDescriptor,
        handler: @escaping @Sendable (Input, RPCRequestContext) async throws -> Output
    ) {
        registerHandler(
            forMethod: method,
            deserializer: WireDeserializer<Input>(),
            serializer: WireSerializer<Output>()
        ) { request, context in
            let single = try await ServerRequest(stream: request)
            let output = try await handler(
                single.message,
                RPCRequestContext(server: context, metadata: single.metadata)
            )
            return StreamingServerResponse(single: ServerResponse(message: output))
        }
    }
}

extension GRPCClient {
    /// Calls a unary method with protobuf-c wire coding and returns the response message.
    ///
    /// The request is encoded here, before the call: a message over the limit fails at once with
    /// `RESOURCE_EXHAUSTED` (inside the transport a serialiser error would surface as UNAVAILABLE).
    public func unaryWire<Input: WireMessage, Output: WireMessage>(
        _ method: MethodDescriptor,
        request: Input,
        metadata: Metadata = [:],
        options: CallOptions = .defaults
    ) async throws -> Output {
        let encoded: [UInt8]
        do {
            encoded = try WireCodec.encode(request)
        } catch {
            throw RPCError(wireError: error)
        }
        return try await unary(
            request: ClientRequest(message: encoded, metadata: metadata),
            descriptor: method,
            serializer: EncodedBytesSerializer(),
            deserializer: WireDeserializer<Output>(),
            options: options
        ) { response in try response.message }
    }
}

/// Passes already-encoded protobuf bytes to the transport.
struct EncodedBytesSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
}
