/// Money arithmetic in integer øre (COM-R1): no floating point anywhere.
public enum Money {
    /// 100 øre.
    public static let orePerKrone: Int64 = 100

    /// COM-R2: whether an amount is whole kroner.
    public static func isWholeKroner(_ amountOre: Int64) -> Bool { amountOre % orePerKrone == 0 }

    /// `amountOre` rounded down to whole kroner (toward zero for negatives).
    public static func floorToKroner(_ amountOre: Int64) -> Int64 { amountOre - amountOre % orePerKrone }

    /// COM-R3: splits `totalOre` between two parties. The first gets `floor(total × bp / 10 000)`
    /// rounded down to whole kroner; the last gets the remainder, so the parts sum exactly to the total.
    public static func split(totalOre: Int64, firstBp: Int32) -> (first: Int64, last: Int64) {
        let bp = Int64(min(max(firstBp, 0), BasisPoints.whole))
        let first = floorToKroner(multiplyDivide(totalOre, bp, Int64(BasisPoints.whole)))
        return (first, totalOre - first)
    }

    /// `value × numerator / denominator`, rounded down, without intermediate overflow (the product is
    /// exact in `Int128`). LIM-R2: a quotient beyond `Int64` (only possible when |numerator| > denominator)
    /// saturates to `Int64.max` / `Int64.min` instead of trapping.
    public static func multiplyDivide(_ value: Int64, _ numerator: Int64, _ denominator: Int64) -> Int64 {
        precondition(denominator > 0, "denominator must be positive")
        let product = Int128(value) * Int128(numerator)
        var quotient = product / Int128(denominator)
        // Int128 division truncates toward zero; step down for a negative inexact result.
        if product % Int128(denominator) != 0 && product < 0 { quotient -= 1 }
        return Int64(clamping: quotient)
    }

    /// `ceil(value × numerator / denominator)` for non-negative inputs (ALLOC-R12's pledge minimum);
    /// saturates like `multiplyDivide`.
    public static func multiplyDivideRoundingUp(_ value: Int64, _ numerator: Int64, _ denominator: Int64) -> Int64 {
        precondition(denominator > 0, "denominator must be positive")
        let product = Int128(value) * Int128(numerator)
        var quotient = product / Int128(denominator)
        if product % Int128(denominator) != 0 && product > 0 { quotient += 1 }
        return Int64(clamping: quotient)
    }

    /// COM-R3: divides `totalOre` between parties in proportion to `weights` by the largest-remainder
    /// method, in whole kroner. The parts always sum to `totalOre` exactly (any øre below a krone
    /// goes to the largest part), and a zero weight gets nothing unless every weight is zero.
    public static func largestRemainder(totalOre: Int64, weights: [Int64]) -> [Int64] {
        guard !weights.isEmpty else { return [] }
        var clean = weights.map { max($0, 0) }
        var total = Total()
        for weight in clean { total.add(weight) }
        if !total.fits {
            // LIM-R2: weights whose sum is beyond Int64 are scaled down by their count, so the sum fits;
            // the shares stay proportional to within one part in each weight.
            clean = clean.map { $0 / Int64(clean.count) }
        }
        let weightSum = Money.saturatingSum(clean)
        guard weightSum > 0 else {
            return largestRemainder(totalOre: totalOre, weights: Array(repeating: 1, count: weights.count))
        }
        let kroner = totalOre / orePerKrone
        let leftoverOre = totalOre - kroner * orePerKrone
        var parts = [Int64](repeating: 0, count: clean.count)  // each ≤ kroner, so every sum below fits
        var remainders: [(index: Int, remainder: Int64)] = []
        var assigned: Int64 = 0
        for (index, weight) in clean.enumerated() {
            let (high, low) = kroner.multipliedFullWidth(by: weight)
            let (quotient, remainder) = weightSum.dividingFullWidth((high, low))
            parts[index] = quotient
            assigned += quotient
            remainders.append((index, remainder))
        }
        // Ties go to the earlier party, so the result is deterministic.
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        var missing = kroner - assigned
        var cursor = 0
        while missing > 0 {
            parts[remainders[cursor % remainders.count].index] += 1
            missing -= 1
            cursor += 1
        }
        var result = parts.map { $0 * orePerKrone }
        if leftoverOre != 0, let largest = result.indices.max(by: { result[$0] < result[$1] }) {
            result[largest] += leftoverOre
        }
        return result
    }
}

/// Basis points: 10 000 = 100 % (DOMAIN.md naming: suffix `Bp`).
public enum BasisPoints {
    /// 100 %.
    public static let whole: Int32 = 10_000

    /// `part ÷ whole` in basis points, rounded down; 0 when `whole` is 0.
    public static func ratio(_ part: Int64, of whole: Int64) -> Int32 {
        guard whole > 0 else { return 0 }
        let value = Money.multiplyDivide(part, Int64(Self.whole), whole)
        return Int32(clamping: value)
    }

    /// Whether `bp` is within 0…10 000.
    public static func isValid(_ bp: Int32) -> Bool { bp >= 0 && bp <= whole }
}
