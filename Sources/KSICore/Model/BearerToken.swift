import Foundation

/// A bearer token as presented; its description never shows the token (it is a credential).
public struct BearerToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The token itself (a credential: never log it).
    public let value: String
    /// The token `value`.
    public init(_ value: String) { self.value = value }
    /// `<bearer token>`: never the token.
    public var description: String { "<bearer token>" }
    /// `<bearer token>`: never the token.
    public var debugDescription: String { description }

    /// The token of an `authorization` value `Bearer <token>` (scheme case-insensitive, RFC 6750), or nil.
    public static func fromAuthorization(_ value: String) -> BearerToken? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return nil }
        let token = trimmed.dropFirst(7).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : BearerToken(token)
    }
}
