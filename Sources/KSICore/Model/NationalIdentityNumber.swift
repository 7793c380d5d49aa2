/// Validates Norwegian national identity numbers (fødselsnummer) and D-numbers: 11 digits, two
/// MOD11 check digits. A D-number adds 4 to the first digit of the day.
///
/// The value itself is child data (PRIV-R2): it is validated, encrypted and never logged.
public enum NationalIdentityNumber {
    private static let firstWeights = [3, 7, 6, 1, 8, 9, 4, 5, 2]
    private static let secondWeights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]

    /// What kind of number a valid input is.
    public enum Kind: Sendable, Hashable {
        case birthNumber
        case dNumber
    }

    /// The kind of a valid number, or nil when `text` is not one.
    public static func validate(_ text: String) -> Kind? {
        let digits = text.utf8.map { Int($0) - 48 }
        guard digits.count == 11, digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        guard checkDigit(Array(digits[0..<9]), firstWeights) == digits[9],
            checkDigit(Array(digits[0..<10]), secondWeights) == digits[10]
        else { return nil }
        var day = digits[0] * 10 + digits[1]
        let kind: Kind = day > 40 ? .dNumber : .birthNumber
        if kind == .dNumber { day -= 40 }
        let month = digits[2] * 10 + digits[3]
        guard (1...31).contains(day), (1...12).contains(month) else { return nil }
        return kind
    }

    /// Whether `text` is a valid fødselsnummer or D-number.
    public static func isValid(_ text: String) -> Bool { validate(text) != nil }

    /// The check digit for `digits` with `weights`, or nil when none exists (remainder 1).
    static func checkDigit(_ digits: [Int], _ weights: [Int]) -> Int? {
        let remainder = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
        switch remainder {
        case 0: return 0
        case 1: return nil
        default: return 11 - remainder
        }
    }

    /// Both check digits for 9 leading digits, or nil when the number cannot exist.
    public static func checkDigits(for nine: [Int]) -> (Int, Int)? {
        guard nine.count == 9, let k1 = checkDigit(nine, firstWeights),
            let k2 = checkDigit(nine + [k1], secondWeights)
        else { return nil }
        return (k1, k2)
    }
}
