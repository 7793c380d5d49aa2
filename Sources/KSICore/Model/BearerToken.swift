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
    ///
    /// Every call presents one, so this trims by hand: Foundation's `trimmingCharacters` went through
    /// `NSString` and was 8 % of a write's CPU (issue 17 profile).
    public static func fromAuthorization(_ value: String) -> BearerToken? {
        let trimmed = trimmingBlanks(value[...])
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return nil }
        let token = trimmingBlanks(trimmed.dropFirst(7))
        return token.isEmpty ? nil : BearerToken(String(token))
    }

    /// `text` without leading and trailing blanks: tabs and space separators, as `CharacterSet.whitespaces`.
    private static func trimmingBlanks(_ text: Substring) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }),
            let last = scalars.lastIndex(where: { !isBlank($0) })
        else { return text[text.endIndex...] }
        return Substring(scalars[first...last])
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
    }
}
