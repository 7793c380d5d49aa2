/// Validates Norwegian national identity numbers (fødselsnummer) and D-numbers: 11 digits, two
/// MOD11 check digits. A D-number adds 4 to the first digit of the day.
///
/// Synthetic test numbers (the Skatteetaten "Tenor" convention) add 80 to the month, also on D-numbers,
/// and pass the same check digits: `parse` reports them as synthetic, `validate` refuses them, and
/// `NationalIdentityValidator` accepts them only in a test environment (ID-R1, issue 14).
///
/// The value itself is child data (PRIV-R2): it is validated, encrypted and never logged.
public enum NationalIdentityNumber {
    private static let firstWeights = [3, 7, 6, 1, 8, 9, 4, 5, 2]
    private static let secondWeights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]

    /// What kind of number a valid input is.
    public enum Kind: Sendable, Hashable {
        /// A fødselsnummer.
        case birthNumber
        /// A D-number (day + 40), for people without a fødselsnummer.
        case dNumber
    }

    /// A number with valid check digits and a possible day and month: its kind, and whether it is a
    /// synthetic test number (month + 80).
    public struct Parsed: Sendable, Hashable {
        /// Fødselsnummer or D-number.
        public var kind: Kind
        /// A synthetic test number (month + 80).
        public var synthetic: Bool
    }

    /// The kind of a valid real (not synthetic) number, or nil when `text` is not one.
    public static func validate(_ text: String) -> Kind? {
        guard let parsed = parse(text), !parsed.synthetic else { return nil }
        return parsed.kind
    }

    /// A real or synthetic number, or nil when `text` is neither (wrong length, a non-digit, a check
    /// digit, or a day or month that cannot be).
    public static func parse(_ text: String) -> Parsed? {
        let digits = text.utf8.map { Int($0) - 48 }
        guard digits.count == 11, digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        guard checkDigit(Array(digits[0..<9]), firstWeights) == digits[9],
            checkDigit(Array(digits[0..<10]), secondWeights) == digits[10]
        else { return nil }
        var day = digits[0] * 10 + digits[1]
        let kind: Kind = day > 40 ? .dNumber : .birthNumber
        if kind == .dNumber { day -= 40 }
        var month = digits[2] * 10 + digits[3]
        let synthetic = month > 80
        if synthetic { month -= syntheticMonthOffset }
        guard (1...31).contains(day), (1...12).contains(month) else { return nil }
        return Parsed(kind: kind, synthetic: synthetic)
    }

    /// Tenor: a synthetic number's month is the real month + 80.
    public static let syntheticMonthOffset = 80

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
