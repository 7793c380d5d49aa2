import Foundation
import KSICore
import KSIDemoData
import KSITestSupport
import Testing

/// LIM-R2: checked money arithmetic, against results computed independently (Decimal, full-width products).
@Suite("Money arithmetic (LIM-R2)")
struct MoneyArithmeticTests {
    /// Amounts near the edges of Int64 and of the input bound, plus ordinary ones.
    static func amount(_ random: inout SplitMix64) -> Int64 {
        let offset = random.next(upTo: 1_000_000)
        switch random.next(upTo: 6) {
        case 0: return Int64.max - offset
        case 1: return Int64.min + offset
        case 2: return Money.maximumInputOre - 500_000 + offset
        case 3: return Int64.max / 2 - 500_000 + offset
        case 4: return -(Int64.max / 2) + offset
        default: return Int64(bitPattern: random.next())
        }
    }

    /// The exact value as a Decimal (38 digits: every sum of a few Int64 and every Int64 product is exact).
    static func exact(_ value: Int64) -> Decimal { Decimal(string: String(value))! }

    static func fits(_ value: Decimal) -> Bool { value >= exact(Int64.min) && value <= exact(Int64.max) }

    static func isLimR2(_ error: DomainError, field: String) -> Bool {
        error.code == .ruleViolation && error.violations.contains { $0.rule == "LIM-R2" && $0.field == field }
    }

    @Test("LIM-R2 add and subtract equal the exact sum or refuse it naming the field, over 20 000 random pairs")
    func addAndSubtract() throws {
        var random = SplitMix64(seed: 0x11A2)
        var refused = 0
        for _ in 0..<20_000 {
            let a = Self.amount(&random)
            let b = Self.amount(&random)
            for (exact, result) in [
                (Self.exact(a) + Self.exact(b), Result { () throws(DomainError) in try Money.add(a, b, field: "x") }),
                (
                    Self.exact(a) - Self.exact(b),
                    Result { () throws(DomainError) in try Money.subtract(a, b, field: "x") }
                ),
            ] {
                switch result {
                case .success(let value):
                    #expect(Self.fits(exact) && Self.exact(value) == exact, "\(a) ± \(b)")
                case .failure(let error):
                    refused += 1
                    #expect(!Self.fits(exact), "\(a) ± \(b) fits but was refused")
                    #expect(Self.isLimR2(error, field: "x"))
                }
            }
        }
        #expect(refused > 1_000)  // the generator does reach the edges
    }

    @Test("LIM-R2 multiply equals the full-width product or refuses it")
    func multiply() {
        var random = SplitMix64(seed: 0x11A3)
        var refused = 0
        for _ in 0..<20_000 {
            let a = Self.amount(&random)
            let factor = random.next(upTo: 2) == 0 ? random.next(upTo: 10_001) : Self.amount(&random)
            let (high, low) = a.multipliedFullWidth(by: factor)
            // The product fits in Int64 exactly when the high word is the sign extension of the low word.
            let fits = high == (Int64(bitPattern: low) < 0 ? -1 : 0)
            do {
                let value = try Money.multiply(a, by: factor, field: "y")
                #expect(fits && value == Int64(bitPattern: low))
            } catch {
                refused += 1
                #expect(!fits)
                #expect(Self.isLimR2(error, field: "y"))
            }
        }
        #expect(refused > 1_000)
    }

    @Test("LIM-R2 sums of many amounts equal the Decimal sum, are refused when beyond Int64, and saturate in views")
    func sums() {
        var random = SplitMix64(seed: 0x11A4)
        for _ in 0..<2_000 {
            let amounts = (0..<Int(random.next(upTo: 40))).map { _ in Self.amount(&random) }
            let exact = amounts.reduce(Decimal(0)) { $0 + Self.exact($1) }
            do {
                let value = try Money.sum(amounts, field: "lines")
                #expect(Self.fits(exact) && Self.exact(value) == exact)
            } catch {
                #expect(!Self.fits(exact))
                #expect(Self.isLimR2(error, field: "lines"))
            }
            let saturated = Money.saturatingSum(amounts)
            if Self.fits(exact) {
                #expect(Self.exact(saturated) == exact)
            } else {
                #expect(saturated == (exact > 0 ? Money.saturatedOre : Int64.min))
            }
        }
    }

    @Test("LIM-R2 an overflowing intermediate does not refuse a sum whose total fits")
    func intermediateOverflow() throws {
        #expect(try Money.sum([Int64.max, 1, -2], field: "f") == Int64.max - 1)
        #expect(throws: DomainError.self) { try Money.sum([Int64.max, 1], field: "f") }
    }

    @Test("LIM-R2 multiplyDivide equals the exact floor quotient, saturating where the quotient is beyond Int64")
    func multiplyDivide() {
        var random = SplitMix64(seed: 0x11A5)
        for _ in 0..<20_000 {
            let value = Self.amount(&random)
            let numerator = random.next(upTo: 3) == 0 ? Self.amount(&random) : random.next(upTo: 20_001)
            let denominator =
                random.next(upTo: 3) == 0
                ? max(1, Int64(Self.amount(&random).magnitude / 2)) : 1 + random.next(upTo: 10_000)
            // Independently: the unsigned full-width product of the magnitudes and its quotient, then the sign.
            let (high, low) = value.magnitude.multipliedFullWidth(by: numerator.magnitude)
            let negative = (value < 0) != (numerator < 0) && (high, low) != (0, 0)
            let expected: Decimal
            if high >= UInt64(denominator) {
                expected = Self.exact(negative ? Int64.min : Int64.max)  // quotient ≥ 2^64: saturated
            } else {
                let (quotient, remainder) = UInt64(denominator).dividingFullWidth((high, low))
                let floored = negative ? -Decimal(quotient) - (remainder != 0 ? 1 : 0) : Decimal(quotient)
                expected = Self.fits(floored) ? floored : Self.exact(floored > 0 ? Int64.max : Int64.min)
            }
            #expect(
                Self.exact(Money.multiplyDivide(value, numerator, denominator)) == expected,
                "\(value) × \(numerator) ÷ \(denominator)"
            )
        }
    }

    @Test("LIM-R2 basis-point ratios of huge amounts do not trap")
    func hugeRatios() {
        #expect(BasisPoints.ratio(Int64.max, of: 1) == Int32.max)
        #expect(BasisPoints.ratio(Int64.max, of: Int64.max) == 10_000)
        #expect(Money.multiplyDivideRoundingUp(Int64.max, 3, 2) == Int64.max)
    }

    @Test("LIM-R2 whole kroner typed by a person: digits with spaces, the bound inclusive, never a trap")
    func parseKroner() throws {
        #expect(try Money.parseKroner("6 000 000", field: "frameKroner") == 600_000_000)
        #expect(try Money.parseKroner("6\u{00A0}000\u{202F}000", field: "frameKroner") == 600_000_000)
        #expect(try Money.parseKroner("10000000000", field: "frameKroner") == 1_000_000_000_000)
        #expect(try Money.parseKroner("0000000000000000000000000012", field: "frameKroner") == 1_200)
        for tooLarge in [
            "10000000001", "92233720368547758", "92233720368547758070", String(repeating: "9", count: 400), "-5",
        ] {
            #expect {
                try Money.parseKroner(tooLarge, field: "frameKroner")
            } throws: { error in
                Self.isLimR2(error as! DomainError, field: "frameKroner")
            }
        }
        for malformed in ["", "12,5", "1e9", "abc", "٣٣", "１２"] {
            #expect {
                try Money.parseKroner(malformed, field: "frameKroner")
            } throws: { error in
                let domain = error as! DomainError
                return domain.code == .invalidArgument && domain.violations.first?.field == "frameKroner"
            }
        }
    }

    @Test("LIM-R2 an input amount is within 0 … 10 000 000 000 kr")
    func bound() throws {
        #expect(try Money.bounded(0, field: "a") == 0)
        #expect(try Money.bounded(1_000_000_000_000, field: "a") == 1_000_000_000_000)
        #expect(throws: DomainError.self) { try Money.bounded(1_000_000_000_001, field: "a") }
        #expect(throws: DomainError.self) { try Money.bounded(-1, field: "a") }
        #expect(throws: DomainError.self) { try Money.ore(kroner: Int64.max, field: "a") }
    }

    @Test("COM-R3 largest remainder with weights whose sum is beyond Int64 still sums to the total")
    func largestRemainderHugeWeights() {
        let parts = Money.largestRemainder(totalOre: 1_000_000_00, weights: [Int64.max, Int64.max, 1])
        #expect(parts.reduce(Int64(0), +) == 1_000_000_00)
        #expect(parts[0] == parts[1])
    }
}
