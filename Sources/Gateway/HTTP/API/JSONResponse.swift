import Foundation
import Hummingbird

/// JSON in and out, with the generated structs' own Codable: canonical proto3 JSON (docs/gateway-http.md).
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// `value` as an `application/json` response.
    static func make<Value: Encodable>(
        _ value: Value,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        do {
            let data = try encoder.encode(value)
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        } catch {
            return Response(
                status: .internalServerError,
                headers: headers,
                body: .init(
                    byteBuffer: ByteBuffer(
                        string:
                            #"{"error":{"code":"internal","message":"the response could not be encoded","violations":[]}}"#
                    )
                )
            )
        }
    }

    /// Decodes the request body (at most 4 MiB, LIM-R8: 413 beyond) as `Value`; an empty body is `{}`.
    static func decode<Value: Decodable>(_ type: Value.Type, from request: Request) async throws -> Value {
        let buffer = try await RequestBodyLimit.collect(request, limit: RequestBodyLimit.json)
        let data = buffer.readableBytes == 0 ? Data("{}".utf8) : Data(buffer: buffer)
        return try JSONDecoder().decode(Value.self, from: data)
    }
}
