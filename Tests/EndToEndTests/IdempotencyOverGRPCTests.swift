import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// Issue 14 over the real stack (mTLS, gRPC over loopback, the services' schedulers): IDEM-R1 (a reused
/// request id with a different payload is ALREADY_EXISTS naming the first request), IDEM-R2 (the
/// `idempotency-expiry` job frees the id after the retention period) and ID-R1 (the test stack is a test
/// environment and accepts a Tenor number; a production stack refuses it).
@Suite("Idempotency and test identities over gRPC", .serialized)
struct IdempotencyOverGRPCTests {
    typealias Referrals = ReferralServiceRemote<HTTP2ClientTransport.Posix>

    static let today = LocalDate(year: 2025, month: 3, day: 3)
    static let pptOffice = DemoRegion.pptOfficeId("4204")

    /// A Tenor D-number (day 15 + 40, month 3 + 80, 2014), check digits by the MOD11 algorithm here.
    static let tenorDNumber: String = {
        func digit(_ digits: [Int], _ weights: [Int]) -> Int? {
            let k = 11 - zip(digits, weights).map { $0 * $1 }.reduce(0, +) % 11
            return k == 11 ? 0 : (k == 10 ? nil : k)
        }
        for individual in 500...999 {
            let nine = [5, 5, 8, 3, 1, 4, individual / 100, individual / 10 % 10, individual % 10]
            if let k1 = digit(nine, [3, 7, 6, 1, 8, 9, 4, 5, 2]),
                let k2 = digit(nine + [k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
            {
                return (nine + [k1, k2]).map(String.init).joined()
            }
        }
        preconditionFailure("no Tenor D-number")
    }()

    static func create(
        _ requestId: String,
        childName: String,
        nationalId: String = tenorDNumber
    ) -> CreateReferralRequest {
        .with {
            $0.requestId = requestId
            $0.kind = .individual
            $0.referringPptOfficeId = pptOffice
            $0.child = ReferralFixtures.child(
                name: childName,
                nationalId: nationalId,
                municipality: "4204",
                unit: "unit-4204-school-1"
            )
            $0.content = ReferralFixtures.content()
        }
    }

    static func adviser(_ stack: TestStack, _ client: GRPCClient<HTTP2ClientTransport.Posix>) -> Referrals {
        Referrals(ReferralServiceClient(wrapping: client), metadata: stack.person("demo-ppt-radgiver-\(pptOffice)"))
    }

    @Test(
        "IDEM-R1 and IDEM-R2 over gRPC: replay, ALREADY_EXISTS naming the first request, and reuse after the expiry job; ID-R1: a Tenor child in the test stack"
    )
    func requestIdsOverTheStack() async throws {
        try await TestStack.with(today: Self.today) { stack in
            try await stack.client(.referral, as: "ppt-kristiansand") { client in
                let adviser = Self.adviser(stack, client)
                let requestId = UUID().uuidString
                let first = try await adviser.createReferral(Self.create(requestId, childName: "Testbarn Tenor"))
                #expect(first.status == .draft)
                let replayed = try await adviser.createReferral(Self.create(requestId, childName: "Testbarn Tenor"))
                #expect(replayed == first)

                let refused = await #expect(throws: RPCError.self) {
                    try await adviser.createReferral(Self.create(requestId, childName: "Et annet barn"))
                }
                #expect(refused?.code == .alreadyExists)
                #expect(refused?.message.contains("CreateReferral") == true)
                #expect(refused?.message.contains(first.id) == true)
                // Nothing was created: the caller's drafts are still the one.
                let drafts = try await adviser.listReferrals(.with { $0.statuses = [.draft] })
                #expect(drafts.items.map(\.id) == [first.id])

                // IDEM-R2: 31 days on, ReferralService's scheduler runs the expiry job; the id is free again.
                stack.time.advance(days: Int64(IdempotencyExpiry.defaultRetentionDays) + 1)
                let scheduler = try #require(stack.schedulers[.referral])
                let runs = try await scheduler.runDueJobs()
                #expect(runs.contains { $0.job == "idempotency-expiry" && $0.outcome == .succeeded })
                let second = try await adviser.createReferral(Self.create(requestId, childName: "Et annet barn"))
                #expect(second.id != first.id)
            }
        }
    }

    @Test("ID-R1 over gRPC: a production stack refuses a Tenor child with INVALID_ARGUMENT naming the rule")
    func productionRefusesTenor() async throws {
        try await TestStack.with(today: Self.today, environment: .production) { stack in
            try await stack.client(.referral, as: "ppt-kristiansand") { client in
                let adviser = Self.adviser(stack, client)
                let refused = await #expect(throws: RPCError.self) {
                    try await adviser.createReferral(Self.create(UUID().uuidString, childName: "Testbarn Tenor"))
                }
                #expect(refused?.code == .invalidArgument)
                #expect(refused?.message.contains("synthetic test number") == true)
                let real = ReferralFixtures.nationalId(year: 2014, month: 3, day: 15, seed: 700)
                let created = try await adviser.createReferral(
                    Self.create(UUID().uuidString, childName: "Testbarn", nationalId: real)
                )
                #expect(created.status == .draft)
            }
        }
    }
}
