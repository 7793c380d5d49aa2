import GRPCCore
import KSICore
import KSITestSupport
import Services
import Testing

/// The request limits (LIM-R3…R6) over real gRPC with mutual TLS: the generated adapter goes through
/// `PartnershipServiceActing`, which refuses before anything is stored.
extension ServiceErrorsOverTLSTests {
    @Test(
        "a request outside the limits is INVALID_ARGUMENT listing every field path and rule id in the detail trailer, and nothing is stored"
    )
    func requestLimitsOverTheWire() async throws {
        try await withStack { stack in
            var content = PartnershipFixtures.content(
                owners: [TestRegion.kristiansandKommune, String(repeating: "o", count: 129)],
                validFrom: LocalDate(year: 2025, month: 2, day: 30)
            )
            content.name = String(repeating: "n", count: 501)
            content.expectations?.what = String(repeating: "w", count: 10_001)
            let refusedRequest = create("", content: content)
            let error = await #expect(throws: RPCError.self) {
                try await call(stack, as: "kommune") { partnerships in
                    try await partnerships.createPartnership(refusedRequest)
                }
            }
            #expect(error?.code == .invalidArgument)
            let violations = error.map(RPCStatusDetails.violations(of:)) ?? []
            #expect(
                Set(violations.map { "\($0.ruleId) \($0.field)" }) == [
                    "LIM-R4 request_id", "LIM-R3 content.valid_from", "LIM-R5 content.owner_ids[1]",
                    "LIM-R5 content.name",
                    "LIM-R5 content.expectations.what",
                ]
            )
            let stored = try await call(stack, as: "kommune") { partnerships in
                try await partnerships.listPartnerships(ListPartnershipsRequest())
            }
            #expect(stored.items.isEmpty)
        }
    }

    @Test(
        "an empty request_id on a write is refused (LIM-R4) even when everything else is valid; with one the write is stored"
    )
    func emptyRequestIdIsRefused() async throws {
        try await withStack { stack in
            let error = await #expect(throws: RPCError.self) {
                try await call(stack, as: "kommune") { partnerships in
                    try await partnerships.createPartnership(create(""))
                }
            }
            #expect(error?.code == .invalidArgument)
            #expect(
                (error.map(RPCStatusDetails.violations(of:)) ?? []).map { "\($0.ruleId) \($0.field)" } == [
                    "LIM-R4 request_id"
                ]
            )
            let created = try await call(stack, as: "kommune") { partnerships in
                try await partnerships.createPartnership(create("limits-ok"))
            }
            let stored = try await call(stack, as: "kommune") { partnerships in
                try await partnerships.listPartnerships(ListPartnershipsRequest())
            }
            #expect(stored.items.map(\.id) == [created.id])
        }
    }
}
