import Foundation
import KSICore
import KSITestSupport
import Testing

/// ID-R1 (issue 14): synthetic test fødselsnummer and D-numbers in the Skatteetaten "Tenor" convention
/// (month + 80) are accepted only in a test environment. The numbers are computed here from the MOD11
/// algorithm itself, not by the code under test.
@Suite("Synthetic (Tenor) national identity numbers, test and production")
struct NationalIdentityValidatorTests {
    /// The two MOD11 check digits of the published algorithm, or nil when a remainder of 1 leaves none.
    static func checkDigits(_ nine: [Int]) -> [Int]? {
        func digit(_ digits: [Int], _ weights: [Int]) -> Int? {
            let sum = zip(digits, weights).map { $0 * $1 }.reduce(0, +)
            let k = 11 - sum % 11
            return k == 11 ? 0 : (k == 10 ? nil : k)
        }
        guard let k1 = digit(nine, [3, 7, 6, 1, 8, 9, 4, 5, 2]),
            let k2 = digit(nine + [k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
        else { return nil }
        return [k1, k2]
    }

    /// The first number with valid check digits for day `dd`, month field `mm` and year `yy`, trying
    /// individual numbers from 500.
    static func number(dd: Int, mm: Int, yy: Int) -> String {
        for individual in 500...999 {
            let nine = [
                dd / 10, dd % 10, mm / 10, mm % 10, yy / 10, yy % 10, individual / 100, individual / 10 % 10,
                individual % 10,
            ]
            if let check = checkDigits(nine) { return (nine + check).map(String.init).joined() }
        }
        preconditionFailure("no number for \(dd) \(mm) \(yy)")
    }

    /// A Tenor fødselsnummer (15 March 2014: month 03 + 80 = 83) and D-number (day + 40, month + 80).
    static let tenorBirthNumber = number(dd: 15, mm: 83, yy: 14)
    static let tenorDNumber = number(dd: 55, mm: 83, yy: 14)
    static let realBirthNumber = number(dd: 15, mm: 3, yy: 14)

    static let test = NationalIdentityValidator(environment: .test)
    static let production = NationalIdentityValidator(environment: .production)

    @Test("ID-R1: a test environment accepts Tenor fødselsnummer and D-numbers, and real ones")
    func testEnvironmentAccepts() throws {
        #expect(try Self.test.check(Self.tenorBirthNumber, field: "child.national_id") == .birthNumber)
        #expect(try Self.test.check(Self.tenorDNumber, field: "child.national_id") == .dNumber)
        #expect(try Self.test.check(Self.realBirthNumber, field: "child.national_id") == .birthNumber)
    }

    @Test(
        "ID-R1: production refuses a Tenor number with its own rule and accepts a real one",
        arguments: [tenorBirthNumber, tenorDNumber]
    )
    func productionRefusesSynthetic(number: String) throws {
        let error = #expect(throws: DomainError.self) { try Self.production.check(number, field: "child.national_id") }
        #expect(error?.code == .invalidArgument)
        #expect(error?.violations.map(\.rule) == ["ID-R1"])
        #expect(error?.violations.map(\.field) == ["child.national_id"])
        #expect(error?.message.contains(number) == false)  // child data is never repeated
        #expect(try Self.production.check(Self.realBirthNumber, field: "child.national_id") == .birthNumber)
    }

    @Test("a real-looking invalid number, or a month past the Tenor range, is refused in both environments")
    func invalidRefusedEverywhere() throws {
        let wrongCheck =
            String(Self.realBirthNumber.dropLast()) + String((Int(String(Self.realBirthNumber.last!))! + 1) % 10)
        let tenorWrongCheck =
            String(Self.tenorBirthNumber.dropLast()) + String((Int(String(Self.tenorBirthNumber.last!))! + 1) % 10)
        let month93 = Self.number(dd: 15, mm: 93, yy: 14)  // 80 + 13: no such month
        let month80 = Self.number(dd: 15, mm: 80, yy: 14)  // 80 + 0
        for validator in [Self.test, Self.production] {
            for number in [wrongCheck, tenorWrongCheck, month93, month80, "1503145001"] {
                let error = #expect(throws: DomainError.self) { try validator.check(number, field: "pid") }
                #expect(error?.violations.map(\.rule) == ["COM-INPUT"])
            }
        }
    }

    @Test("ID-R1: a referral's child with a Tenor number is created in a test environment and refused in production")
    func referralContextUsesTheEnvironment() async throws {
        let child = ReferralFixtures.child(nationalId: Self.tenorDNumber)
        try await ReferralHarness.with(environment: .test) { harness in
            let draft = try await harness.draft(child: child)
            #expect(draft.status == .draft)
        }
        try await ReferralHarness.with(environment: .production) { harness in
            let error = await #expect(throws: DomainError.self) { _ = try await harness.draft(child: child) }
            #expect(error?.violations.map(\.rule) == ["ID-R1"])
            #expect(error?.violations.map(\.field) == ["child.national_id"])
            let real = try await harness.draft()  // a real number still passes
            #expect(real.status == .draft)
        }
    }
}
