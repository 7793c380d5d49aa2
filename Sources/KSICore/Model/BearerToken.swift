import Foundation

/// A bearer token as presented; its description never shows the token (it is a credential).
public struct BearerToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "<bearer token>" }
    public var debugDescription: String { description }

    /// The token of an `authorization` value `Bearer <token>` (scheme case-insensitive, RFC 6750), or nil.
    public static func fromAuthorization(_ value: String) -> BearerToken? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return nil }
        let token = trimmed.dropFirst(7).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : BearerToken(token)
    }
}
