/// Deterministic, plainly fictitious national identity numbers (`pid`) for demo and test persons.
///
/// The month field is the real month + 80, the convention of the Norwegian synthetic test population
/// (Skatteetaten's «syntetiske fødselsnumre»): no real person has such a number. The same seed always
/// gives the same 11 digits, so a token minted for a demo person today matches it tomorrow.
public enum SyntheticPid {
    /// The synthetic `pid` for a stable seed (a person id).
    public static func make(_ seed: String) -> String {
        // FNV-1a, 64 bits: stable across processes (Swift's `hashValue` is not).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let day = hash % 28 + 1
        let month = (hash / 28) % 12 + 1 + 80
        let year = (hash / 336) % 100
        let individual = (hash / 33_600) % 100_000
        return two(day) + two(month) + two(year) + String(String(individual + 100_000).dropFirst())
    }

    /// Whether `pid` is a synthetic number (month field 81–92).
    public static func isSynthetic(_ pid: String) -> Bool {
        guard pid.count == 11, pid.allSatisfy(\.isASCIIDigit), let month = Int(pid.dropFirst(2).prefix(2)) else {
            return false
        }
        return (81...92).contains(month)
    }

    private static func two(_ value: UInt64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
