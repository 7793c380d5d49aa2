import Foundation

/// LIM-R7: the one reading of a list request's `page_size` and `page_token`, shared by every list
/// RPC of the four contexts.
///
/// - `page_size` 0 (the protobuf default) means `defaultSize`; 1…`maximumSize` is used as asked; above
///   `maximumSize` it is coerced down (AIP-158); a negative size is refused.
/// - A page token is opaque: base64url of a version byte, a hash of the request's filters (the request
///   with `page_size` and `page_token` cleared) and the key of the last item returned. A token that does
///   not decode, has another version, or was issued for other filters is refused, so a token from one
///   query cannot be replayed against another. The token only says where to resume: visibility is
///   checked again on every item, so a forged key reveals nothing.
package struct PageRequest: Sendable, Hashable {
    package static let defaultSize = 50
    package static let maximumSize = 500
    /// A token longer than this is refused before it is decoded (a key is at most a few hundred bytes).
    static let maximumTokenLength = 1_024
    static let tokenVersion: UInt8 = 1

    /// How many items the page holds at most.
    package let size: Int
    /// The key of the last item of the previous page, nil for the first page.
    package let after: String?
    /// The hash of the list's filters the tokens are bound to.
    let filterHash: UInt64

    /// The page a list request asks for. Throws INVALID_ARGUMENT (LIM-R7) for a negative size or a
    /// token that is garbled or belongs to another query.
    package init<Request: PagedListRequest & WireMessage>(_ request: Request) throws {
        var filters = request
        filters.pageSize = 0
        filters.pageToken = ""
        try self.init(pageSize: request.pageSize, pageToken: request.pageToken, filters: try filters.wireEncoded())
    }

    /// The page for a size and token, bound to `filters` (the bytes that identify the query).
    package init(pageSize: Int32, pageToken: String, filters: [UInt8]) throws {
        size = try Self.size(pageSize)
        filterHash = Self.hash(filters)
        after = try Self.key(of: pageToken, filterHash: filterHash)
    }

    /// LIM-R7 page size: 0 → 50, 1…500 as asked, above 500 → 500; negative → INVALID_ARGUMENT.
    /// Also used by the event lists, which page by sequence number rather than by token.
    package static func size(_ requested: Int32) throws -> Int {
        guard requested >= 0 else {
            throw Self.invalid(
                field: "page_size",
                "page_size cannot be negative; 0 means the default of \(defaultSize)"
            )
        }
        return requested == 0 ? defaultSize : min(Int(requested), maximumSize)
    }

    /// The token of the page that starts after `key` (the last item of this page).
    package func token(after key: String) -> String {
        var bytes = [Self.tokenVersion]
        withUnsafeBytes(of: filterHash.bigEndian) { bytes += $0 }
        bytes += Array(key.utf8)
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The key a token carries ("" = the first page), after checking its form and its filters.
    static func key(of token: String, filterHash: UInt64) throws -> String? {
        guard !token.isEmpty else { return nil }
        let garbled = Self.garbledToken
        guard token.utf8.count <= maximumTokenLength,
            token.utf8.allSatisfy({
                $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || ($0 < 128 && isalnum(Int32($0)) != 0)
            })
        else { throw garbled }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), data.count > 9, data.first == tokenVersion else { throw garbled }
        let bytes = [UInt8](data)
        let hash = bytes[1..<9].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard hash == filterHash else {
            throw Self.invalid(
                field: "page_token",
                "page_token was issued for other filters; send the same filters as the first page, or start again"
            )
        }
        guard let key = String(validating: bytes[9...], as: UTF8.self) else { throw garbled }
        return key
    }

    /// FNV-1a, 64 bits: binds a token to its query (a check against mix-ups, not a secret).
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The refusal of a page token this list did not issue (garbled, another version, or another key form).
    static var garbledToken: DomainError {
        invalid(field: "page_token", "page_token is not a token this list returned; start again without one")
    }

    static func invalid(field: String, _ message: String) -> DomainError {
        DomainError(
            .invalidArgument,
            message,
            violations: [RuleViolation(field: field, rule: .paging, message: message)]
        )
    }
}
