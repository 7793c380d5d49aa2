/// A Norwegian organisation number: 9 digits, the last a MOD11 check digit (Brønnøysundregistrene).
///
/// It is the caller identity throughout KSI (ARCHITECTURE.md: security).
public struct OrgNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The nine digits.
    public let value: String

    private static let weights = [3, 2, 7, 6, 5, 4, 3, 2]

    /// nil unless `text` is 9 digits whose check digit is right.
    public init?(_ text: String) {
        guard Self.isValid(text) else { return nil }
        value = text
    }

    /// Whether `text` is a valid organisation number.
    public static func isValid(_ text: String) -> Bool {
        let digits = text.utf8.map { Int($0) - 48 }
        guard digits.count == 9, digits.allSatisfy({ (0...9).contains($0) }) else { return false }
        guard let check = checkDigit(for: Array(digits.prefix(8))) else { return false }
        return check == digits[8]
    }

    /// The MOD11 check digit for 8 leading digits, or nil when none exists (remainder 1).
    public static func checkDigit(for digits: [Int]) -> Int? {
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let remainder = sum % 11
        switch remainder {
        case 0: return 0
        case 1: return nil
        default: return 11 - remainder
        }
    }

    /// The nine digits.
    public var description: String { value }

    /// Orders by the digits.
    public static func < (lhs: OrgNumber, rhs: OrgNumber) -> Bool { lhs.value < rhs.value }
}
