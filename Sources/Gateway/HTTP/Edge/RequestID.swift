import Foundation
import HTTPTypes

/// The correlation id of a request: the caller's `x-request-id` when it is well-formed (1–128 of
/// `A–Z a–z 0–9 . _ : -`), else a new UUID. It is answered in the same header, carried in every error
/// body, and logged with the internal detail of a failure, so an operator can find what a caller saw.
enum RequestID {
    static let header = HTTPField.Name("x-request-id")!

    static func of(_ headers: HTTPFields) -> String {
        if let given = headers[header], isWellFormed(given) { return given }
        return UUID().uuidString.lowercased()
    }

    static func isWellFormed(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
    }
}
