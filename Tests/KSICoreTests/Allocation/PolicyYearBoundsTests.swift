import KSICore
import Testing

/// The built-in policy answers for any year a request can name: GetPolicyConfig and the allocation simulator
/// resolve the request's `year` (an int32) before validating it, over gRPC and over HTTPS. Int32.max used to
/// trap on `year + 1` and take AllocationService down (schemathesis on `POST /api/v1/allocation:simulate`).
@Suite("Built-in policy at the ends of the year range")
struct PolicyYearBoundsTests {
    @Test(
        "the built-in governor policy for Int32.max and Int32.min is made without trapping, its report deadline in a representable year"
    )
    func extremeYears() {
        let last = BuiltInPolicy.governor(governorOfficeId: "agder", year: .max, scheme: .ksi)
        #expect(last.year == .max)
        #expect(last.reportDeadline?.year == .max)
        let first = BuiltInPolicy.governor(governorOfficeId: "agder", year: .min, scheme: .ksi)
        #expect(first.reportDeadline?.year == Int32.min + 1)
        // An ordinary year keeps the next January as its report deadline (DOMAIN.md §4.5).
        #expect(
            BuiltInPolicy.governor(governorOfficeId: "agder", year: 2025, scheme: .ksi).reportDeadline
                == LocalDate(year: 2026, month: 1, day: 31)
        )
    }
}
