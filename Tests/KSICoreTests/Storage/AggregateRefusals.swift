import KSICore
import Testing

/// What every aggregate request has: the year range `FactYears.check` validates.
protocol AggregateYearRange: Sendable {
    var fromYear: Int32 { get set }
    var toYear: Int32 { get set }
    init()
}

extension AggregateNeedsReportsRequest: AggregateYearRange {}
extension AggregatePartnershipsRequest: AggregateYearRange {}
extension AggregateAllocationRequest: AggregateYearRange {}

/// The refusals every aggregate RPC shares (issue 17): a bad year range is refused with its field, and only the
/// system may read aggregates — in the context and at the generated `…ServiceActing` gate.
enum AggregateRefusals {
    /// 2025–2025, the range the cases below change one end of.
    static func validRange<R: AggregateYearRange>() -> R {
        var request = R()
        request.fromYear = 2025
        request.toYear = 2025
        return request
    }

    /// Callers that are not the system: Udir and an embete caseworker.
    static let nonSystemCallers = [
        Caller(orgNumber: "udir", grants: [RoleGrant(.udirAdmin)]),
        Caller(orgNumber: "999999999", grants: [RoleGrant(.sfCaseworker, scope: "agder")]),
    ]

    /// `aggregate` (run as the system) refuses a year before 1900 or after 2200, a `to_year` before `from_year`
    /// and a range over 20 years, each with the field named.
    static func checkYears<R: AggregateYearRange>(
        _ type: R.Type,
        _ aggregate: (R) async throws -> Void
    ) async throws {
        let cases: [(change: (inout R) -> Void, field: String)] = [
            ({ $0.fromYear = 0 }, "from_year"),
            ({ $0.fromYear = 2201 }, "from_year"),
            ({ $0.toYear = 2024 }, "to_year"),
            ({ $0.toYear = 2046 }, "to_year"),
        ]
        for (change, field) in cases {
            var request: R = validRange()
            change(&request)
            do {
                try await aggregate(request)
                Issue.record("accepted a bad \(field): \(request.fromYear)–\(request.toYear)")
            } catch let error as DomainError {
                #expect(error.code == .invalidArgument && error.violations.first?.field == field)
            }
        }
    }

    /// Every non-system caller is refused by the context (`inContext`) and by the generated gate (`atGate`).
    static func checkCallers<R: AggregateYearRange>(
        _ type: R.Type,
        inContext: (R, Caller) async throws -> Void,
        atGate: (R, Caller) async throws -> Void
    ) async {
        for caller in nonSystemCallers {
            await #expect(throws: DomainError.self) { try await inContext(validRange(), caller) }
            // The generated gate refuses before the context is asked.
            await #expect(throws: DomainError.self) { try await atGate(validRange(), caller) }
        }
    }
}
