extension OrgNumber {
    /// A valid (MOD11) but made-up organisation number for demo and test data: `9` followed by
    /// `serial` in seven digits, then the check digit; serials without a check digit are skipped.
    public static func fictitious(_ serial: Int) -> OrgNumber {
        var candidate = serial
        while true {
            let seven = String(candidate % 10_000_000)
            let body = "9" + String(repeating: "0", count: 7 - seven.count) + seven
            let digits = body.compactMap { $0.wholeNumberValue }
            if let check = checkDigit(for: digits), let number = OrgNumber(body + String(check)) {
                return number
            }
            candidate += 1
        }
    }
}
