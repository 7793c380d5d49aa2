/// LIM-R2: the money bound and the checked arithmetic every money sum and product goes through.
///
/// Amounts are `Int64` øre (COM-R1). An input amount is at most 10 000 000 000 kr; a sum or product that
/// does not fit in `Int64` is never formed with the trapping operators: commands and the simulator refuse
/// it (`checked…`, a LIM-R2 rule violation naming the field), views over stored data saturate it
/// (`saturating…`) to `Money.saturatedOre`, which pages show as beyond range.
extension Money {
    /// LIM-R2: the rule id of the money bound and of checked money arithmetic.
    public static let boundRule: RuleID = .moneyBound

    /// LIM-R2: the largest amount a money input may carry, 10 000 000 000 kr.
    public static let maximumInputOre: Int64 = RequestLimits.maxMoneyOre

    /// LIM-R2: the largest amount a money input may carry, in kroner.
    public static let maximumInputKroner: Int64 = maximumInputOre / orePerKrone

    /// The value of a saturated view figure: its exact sum is beyond `Int64` (LIM-R2).
    public static let saturatedOre = Int64.max

    /// The LIM-R2 violation for a sum or product beyond the money range, naming the field.
    public static func overflow(field: String) -> DomainError {
        Findings.rejection(
            boundRule,
            field: field,
            "the amounts add up to more than KSI can count; each amount is at most 10 000 000 000 kr"
        )
    }

    /// The LIM-R2 violation for an input amount outside 0 … 10 000 000 000 kr, naming the field.
    public static func outOfBound(field: String) -> DomainError {
        Findings.rejection(boundRule, field: field, "an amount must be between 0 and 10 000 000 000 kr")
    }

    // MARK: Checked (commands, simulator)

    /// `a + b`, or LIM-R2 naming `field` when it does not fit.
    public static func add(_ a: Int64, _ b: Int64, field: String) throws(DomainError) -> Int64 {
        let (value, overflow) = a.addingReportingOverflow(b)
        if overflow { throw Money.overflow(field: field) }
        return value
    }

    /// `a − b`, or LIM-R2 naming `field` when it does not fit.
    public static func subtract(_ a: Int64, _ b: Int64, field: String) throws(DomainError) -> Int64 {
        let (value, overflow) = a.subtractingReportingOverflow(b)
        if overflow { throw Money.overflow(field: field) }
        return value
    }

    /// `amount × factor`, or LIM-R2 naming `field` when it does not fit.
    public static func multiply(_ amount: Int64, by factor: Int64, field: String) throws(DomainError) -> Int64 {
        let (value, overflow) = amount.multipliedReportingOverflow(by: factor)
        if overflow { throw Money.overflow(field: field) }
        return value
    }

    /// The sum of `amounts`, or LIM-R2 naming `field` when it does not fit.
    public static func sum<S: Sequence>(_ amounts: S, field: String) throws(DomainError) -> Int64
    where S.Element == Int64 {
        try sum(amounts, field: field) { $0 }
    }

    /// The sum of `amount(item)` over `items`, or LIM-R2 naming `field` when it does not fit.
    public static func sum<S: Sequence>(
        _ items: S,
        field: String,
        of amount: (S.Element) -> Int64
    ) throws(DomainError) -> Int64 {
        var total = Total()
        for item in items { total.add(amount(item)) }
        return try total.checked(field: field)
    }

    /// LIM-R2: `amountOre` itself, or the violation naming `field` when it is outside 0 … 10 000 000 000 kr.
    public static func bounded(_ amountOre: Int64, field: String) throws(DomainError) -> Int64 {
        guard amountOre >= 0 && amountOre <= maximumInputOre else { throw outOfBound(field: field) }
        return amountOre
    }

    /// LIM-R2: whole kroner as øre, refusing amounts outside 0 … 10 000 000 000 kr before multiplying.
    public static func ore(kroner: Int64, field: String) throws(DomainError) -> Int64 {
        guard kroner >= 0 && kroner <= maximumInputKroner else { throw outOfBound(field: field) }
        return kroner * orePerKrone
    }

    /// Whole kroner typed by a person ("6 000 000", thin or no-break spaces allowed) as øre.
    /// Not a whole number: `invalidArgument` (COM-INPUT); a number outside the bound, however long: LIM-R2.
    /// Never traps: the digits are checked before any arithmetic.
    public static func parseKroner(_ text: String, field: String) throws(DomainError) -> Int64 {
        let digits = text.filter { !$0.isWhitespace }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            if digits.first == "-", digits.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }), digits.count > 1 {
                throw outOfBound(field: field)
            }
            throw DomainError.invalidArgument(field: field, "the amount must be a whole number of kroner")
        }
        let significant = digits.drop { $0 == "0" }
        // More digits than the bound has cannot be in range (and could not be parsed into Int64).
        guard significant.count <= String(maximumInputKroner).count,
            let kroner = Int64(significant.isEmpty ? "0" : String(significant))
        else {
            throw outOfBound(field: field)
        }
        return try ore(kroner: kroner, field: field)
    }

    // MARK: Saturating (views over stored data)

    /// The sum of `amount(item)` over `items`, saturated to `saturatedOre` (or `Int64.min`) when beyond range.
    public static func saturatingSum<S: Sequence>(_ items: S, of amount: (S.Element) -> Int64) -> Int64 {
        var total = Total()
        for item in items { total.add(amount(item)) }
        return total.saturated
    }

    /// The sum of `amounts`, saturated when beyond range.
    public static func saturatingSum<S: Sequence>(_ amounts: S) -> Int64 where S.Element == Int64 {
        saturatingSum(amounts) { $0 }
    }

    /// `a + b`, saturated when beyond range.
    public static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? saturatedOre : Int64.min) : value
    }

    /// `a − b`, saturated when beyond range; a saturated operand stays saturated.
    public static func saturatingSubtract(_ a: Int64, _ b: Int64) -> Int64 {
        if a == saturatedOre { return saturatedOre }
        let (value, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b < 0 ? saturatedOre : Int64.min) : value
    }

    /// A running money total that is exact in `Int128` (any number of `Int64` amounts below 2^63 fit).
    public struct Total: Sendable, Hashable {
        /// The sum so far, exact.
        public private(set) var exact: Int128 = 0

        /// A total of 0.
        public init() {}

        /// Adds `amount` (øre).
        public mutating func add(_ amount: Int64) { exact += Int128(amount) }

        /// Whether the total fits in `Int64`.
        public var fits: Bool { Int64(exactly: exact) != nil }

        /// The total, or LIM-R2 naming `field` when it does not fit.
        public func checked(field: String) throws(DomainError) -> Int64 {
            guard let value = Int64(exactly: exact) else { throw Money.overflow(field: field) }
            return value
        }

        /// The total, saturated to `Money.saturatedOre` (or `Int64.min`) when it does not fit.
        public var saturated: Int64 { Int64(exactly: exact) ?? (exact > 0 ? Money.saturatedOre : Int64.min) }
    }
}

extension Findings {
    /// LIM-R2 inside a rule: the checked sum, or nil with the LIM-R2 violation recorded (so the command is
    /// refused with every other violation at once).
    public mutating func sum<S: Sequence>(_ items: S, field: String, of amount: (S.Element) -> Int64) -> Int64? {
        do { return try Money.sum(items, field: field, of: amount) } catch { return recordOverflow(field: field) }
    }

    /// LIM-R2 inside a rule: the checked sum of `amounts`, or nil with the violation recorded.
    public mutating func sum(_ amounts: [Int64], field: String) -> Int64? { sum(amounts, field: field) { $0 } }

    private mutating func recordOverflow(field: String) -> Int64? {
        for violation in Money.overflow(field: field).violations {
            reject(violation.rule, field: violation.field, violation.message)
        }
        return nil
    }
}
