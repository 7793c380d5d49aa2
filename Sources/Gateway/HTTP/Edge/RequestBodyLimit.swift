import Hummingbird
import KSICore
import NIOCore

/// How much of a request body the gateway reads (LIM-R8). A body over the limit answers 413 with the
/// API's error shape; a declared `Content-Length` over it is refused before any byte is read, and a
/// chunked body stops being read at the limit, so no more than the limit is ever buffered.
enum RequestBodyLimit {
    /// JSON bodies of `/api/v1` operations.
    static let json = 4 << 20
    /// `application/x-www-form-urlencoded` bodies of dashboard forms.
    static let form = 64 << 10

    /// The body, at most `limit` bytes.
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw tooLarge(limit)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge(limit)
        }
    }

    /// The 413 error (LIM-R8).
    static func tooLarge(_ limit: Int) -> APIError {
        APIError(
            status: .contentTooLarge,
            code: "payloadTooLarge",
            message: "the request body is larger than \(limit) bytes",
            violations: [.init(field: "body", rule: .bodySize, message: "at most \(limit) bytes")]
        )
    }
}
