import KSICore
import KSIDemoData
import KSITestSupport
import Testing

@Suite("Organisation and national identity numbers")
struct ValidatorTests {
    @Test(
        "organisation numbers need 9 digits and a right MOD11 check digit",
        arguments: [
            ("974760673", true), ("974760672", false), ("97476067", false), ("9747606730", false), ("97476067a", false),
            ("", false),
        ]
    )
    func orgNumbers(text: String, valid: Bool) {
        #expect(OrgNumber.isValid(text) == valid)
        #expect((OrgNumber(text) != nil) == valid)
    }

    @Test("a base whose remainder is 1 has no check digit, so no organisation number ends it")
    func orgNumberWithoutCheckDigit() {
        // 9·3 + 0·2 + … : find a base with remainder 1 and confirm every tenth digit is rejected.
        var generator = SplitMix64(seed: 1)
        var found = false
        for _ in 0..<10_000 {
            let digits = (0..<8).map { _ in Int(generator.next() % 10) }
            guard OrgNumber.checkDigit(for: digits) == nil else { continue }
            found = true
            let base = digits.map(String.init).joined()
            #expect((0...9).allSatisfy { !OrgNumber.isValid(base + String($0)) })
            break
        }
        #expect(found)
    }

    @Test("fictitious organisation numbers are valid and distinct")
    func fictitiousNumbers() {
        let numbers = (0..<500).map { OrgNumber.fictitious($0 * 7).value }
        #expect(numbers.allSatisfy(OrgNumber.isValid))
        #expect(Set(numbers).count == numbers.count)
    }

    @Test(
        "national identity numbers: both check digits, fødselsnummer and D-number",
        arguments: [
            ("01010150056", NationalIdentityNumber.Kind.birthNumber), ("41010150041", .dNumber),
        ]
    )
    func validNationalIds(text: String, kind: NationalIdentityNumber.Kind) throws {
        // The fixtures are built from their first nine digits, so the check digits are computed, not typed.
        let nine = text.prefix(9).compactMap(\.wholeNumberValue)
        let digits = try #require(NationalIdentityNumber.checkDigits(for: nine))
        let number = text.prefix(9) + "\(digits.0)\(digits.1)"
        #expect(NationalIdentityNumber.validate(String(number)) == kind)
    }

    @Test("national identity numbers with a wrong check digit, a bad date or the wrong length are rejected")
    func invalidNationalIds() throws {
        let nine = [0, 1, 0, 1, 0, 1, 5, 0, 0]
        let digits = try #require(NationalIdentityNumber.checkDigits(for: nine))
        let valid = nine.map(String.init).joined() + "\(digits.0)\(digits.1)"
        #expect(NationalIdentityNumber.isValid(valid))
        let wrongSecond = valid.dropLast() + String((digits.1 + 1) % 10)
        #expect(!NationalIdentityNumber.isValid(String(wrongSecond)))
        #expect(!NationalIdentityNumber.isValid(String(valid.dropLast())))
        #expect(!NationalIdentityNumber.isValid("3201015005x"))
        // Day 32 does not exist, whatever the check digits.
        let badDay = [3, 2, 0, 1, 0, 1, 5, 0, 0]
        if let d = NationalIdentityNumber.checkDigits(for: badDay) {
            #expect(!NationalIdentityNumber.isValid(badDay.map(String.init).joined() + "\(d.0)\(d.1)"))
        }
    }
}

@Suite("Local dates in Europe/Oslo")
struct LocalDateTests {
    @Test("days since the epoch round-trip for every day of four years, leap day included")
    func daysRoundTrip() {
        let start = LocalDate(year: 2023, month: 1, day: 1)
        for offset in 0..<(366 + 365 * 3) {
            let date = start.adding(days: Int64(offset))
            #expect(date.isValid)
            #expect(LocalDate(daysSinceEpoch: date.daysSinceEpoch) == date)
        }
        #expect(LocalDate(year: 2024, month: 2, day: 28).adding(days: 1) == LocalDate(year: 2024, month: 2, day: 29))
        #expect(LocalDate(year: 2024, month: 2, day: 29).adding(years: 1) == LocalDate(year: 2025, month: 2, day: 28))
        #expect(LocalDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
    }

    @Test("ISO text parses and prints, and impossible dates are refused")
    func isoText() {
        #expect(LocalDate("2025-03-15")?.description == "2025-03-15")
        #expect(LocalDate("2025-02-29") == nil)
        #expect(LocalDate("2025-3-15") == nil)
    }

    @Test("an instant just after midnight in Oslo is already the next day there")
    func osloDayBoundary() {
        // 2025-06-30T22:30Z is 00:30 on 1 July in Oslo (summer time, UTC+2).
        let millis: Int64 = 1_751_322_600_000
        #expect(OsloCalendar.localDate(atMillis: millis) == LocalDate(year: 2025, month: 7, day: 1))
    }
}
