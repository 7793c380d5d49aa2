import Foundation
import KSICore
import KSITestSupport
import Testing

/// The authorization matrix in-process (AUTH-R5, AUTH-R3): every RPC of the four context services, called
/// through its generated `…ServiceActing` with real SQLite contexts, × every role (a caller holding only that
/// role, nationally) × {a person at `high`, no person, a person below the child-data minimum}. "Passed" means
/// the access gate let the call through (the handler may then fail for domain reasons: an empty request is
/// INVALID_ARGUMENT, NOT_FOUND, or its own finer PERMISSION_DENIED); "refused" means the gate's
/// PERMISSION_DENIED naming AUTH-R5 or AUTH-R3. The expectation is read from the declared policy with the
/// rules of docs/security.md ("Access policy"), not from the gate.
@Suite("Access matrix through the Acting layer")
struct AccessMatrixTests {
    enum Verdict: Equatable, CustomStringConvertible {
        case passed
        case refused(String)
        var description: String {
            switch self {
            case .passed: "passed"
            case .refused(let rule): "refused \(rule)"
            }
        }
    }

    static let roles = Role.allCases.filter { $0 != .unspecified }
    static let minimum = AssuranceLevel.substantial

    /// What the declaration says for a caller holding `role`, with or without a person, at `assurance`.
    static func expected(_ policy: AccessPolicy, _ role: Role, person: Bool, assurance: AssuranceLevel) -> Verdict {
        guard policy.roles.contains(role) else { return .refused("AUTH-R5") }
        let personLevel = role != .system && role != .public
        let needsPerson = personLevel && (policy.operation == .write || policy.operation == .childDataRead)
        if needsPerson && !person { return .refused("AUTH-R5") }
        if policy.operation == .childDataRead && person && assurance < minimum { return .refused("AUTH-R3") }
        return .passed
    }

    static func caller(_ role: Role, person: Bool, assurance: AssuranceLevel) -> Caller {
        Caller(
            orgNumber: "matrix-\(role.name)",
            grants: [RoleGrant(role)],
            personId: person ? "person-a" : "",
            assurance: person ? assurance : .none
        )
    }

    /// The gate's verdict on one call: refused only by the gate's own error.
    static func verdict(_ call: () async throws -> Void) async -> Verdict {
        do {
            try await call()
            return .passed
        } catch let error as DomainError where error.code == .notPermitted {
            if let rule = error.violations.map(\.rule.value).first(where: { $0 == "AUTH-R5" || $0 == "AUTH-R3" }) {
                return .refused(rule)
            }
            return .passed
        } catch {
            return .passed
        }
    }

    /// The cases of one RPC: every role with a person at `high`; for the allowed roles also without a person and,
    /// for child-data reads, at `low`.
    static func cases(_ policy: AccessPolicy) -> [(role: Role, person: Bool, assurance: AssuranceLevel)] {
        var cases: [(role: Role, person: Bool, assurance: AssuranceLevel)] = roles.map { ($0, true, .high) }
        for role in policy.roles {
            cases.append((role, false, .none))
            if policy.operation == .childDataRead {
                cases.append((role, true, .low))
                cases.append((role, true, .substantial))
            }
        }
        return cases
    }

    struct Mismatch: CustomStringConvertible {
        var rpc: String, role: Role, person: Bool, assurance: AssuranceLevel, expected: Verdict, actual: Verdict
        var description: String {
            "\(rpc) as \(role.name) person=\(person) acr=\(assurance): expected \(expected), got \(actual)"
        }
    }

    @Test(
        "every NeedsService, PartnershipService, AllocationService and ReferralService RPC × role × person × assurance (AUTH-R5, AUTH-R3)"
    )
    func everyRPCThroughActing() async throws {
        try await TestDatabase.withContexts { databases in
            let reference = try TestRegion.reference()
            let time = FixedTimeSource(date: LocalDate(year: 2025, month: 2, day: 1))
            let needs = NeedsContext(database: databases.needs, reference: reference, time: time)
            let partnerships = PartnershipContext(database: databases.partnerships, reference: reference, time: time)
            let allocation = AllocationContext(
                database: databases.allocation,
                reference: reference,
                time: time,
                needsReports: needs
            )
            let referralContext = ReferralContext(
                database: databases.referral,
                reference: reference,
                time: time,
                keyRing: try ReferralFixtures.keyRing(),
                childDataMinimumAssurance: Self.minimum
            )
            var mismatches: [Mismatch] = []
            var calls = 0
            func walk<RPC: AccessControlledRPC>(_ type: RPC.Type, _ call: (RPC, Caller) async throws -> Void) async {
                for rpc in RPC.allCases {
                    for c in Self.cases(rpc.policy) {
                        let caller = Self.caller(c.role, person: c.person, assurance: c.assurance)
                        let actual = await Self.verdict { try await call(rpc, caller) }
                        let expected = Self.expected(rpc.policy, c.role, person: c.person, assurance: c.assurance)
                        calls += 1
                        if actual != expected {
                            mismatches.append(
                                Mismatch(
                                    rpc: rpc.fullName,
                                    role: c.role,
                                    person: c.person,
                                    assurance: c.assurance,
                                    expected: expected,
                                    actual: actual
                                )
                            )
                        }
                    }
                }
            }
            await walk(NeedsServiceRPC.self) { try await $0.probe(NeedsServiceActing(needs, as: $1)) }
            await walk(PartnershipServiceRPC.self) {
                try await $0.probe(PartnershipServiceActing(partnerships, as: $1))
            }
            await walk(AllocationServiceRPC.self) { try await $0.probe(AllocationServiceActing(allocation, as: $1)) }
            await walk(ReferralServiceRPC.self) { try await $0.probe(ReferralServiceActing(referralContext, as: $1)) }
            #expect(
                mismatches.isEmpty,
                "\(mismatches.count) of \(calls) cases differ:\n\(mismatches.prefix(40).map(\.description).joined(separator: "\n"))"
            )
            // Every RPC of the four services was walked: ~200 RPCs × 19 roles at least.
            let rpcs =
                NeedsServiceRPC.allCases.count + PartnershipServiceRPC.allCases.count
                + AllocationServiceRPC.allCases.count
                + ReferralServiceRPC.allCases.count
            #expect(calls >= rpcs * Self.roles.count)
        }
    }

    @Test("a refusal stores nothing and is PERMISSION_DENIED with the rule as a violation on `caller` (AUTH-R5)")
    func refusalShape() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let needs = NeedsContext(
                database: database,
                reference: try TestRegion.reference(),
                time: FixedTimeSource(date: LocalDate(year: 2025, month: 2, day: 1))
            )
            let before = try await database.dataVersion()
            let unitLeader = Self.caller(.unitLeader, person: true, assurance: .high)
            let request = CreateNeedsRoundRequest.with {
                $0.requestId = "r1"
                $0.governorOfficeId = TestRegion.governorOfficeId
                $0.year = 2025
                $0.scheme = .ksi
            }
            let error = await #expect(throws: DomainError.self) {
                try await NeedsServiceActing(needs, as: unitLeader).createNeedsRound(request)
            }
            #expect(error?.code == .notPermitted)
            #expect(error?.violations.map(\.rule.value) == ["AUTH-R5"])
            #expect(error?.violations.first?.field == "caller")
            #expect(error?.message.contains("ksi.v1.NeedsService/CreateNeedsRound") == true)
            #expect(try await database.dataVersion().version == before.version)
        }
    }

    @Test("the configured child-data minimum is what the gate applies (AUTH-R3)")
    func configuredMinimum() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let time = FixedTimeSource(date: LocalDate(year: 2025, month: 2, day: 1))
            let referral = ReferralContext(
                database: database,
                reference: try TestRegion.reference(),
                time: time,
                keyRing: try ReferralFixtures.keyRing()
            )
            let substantial = Self.caller(.statpedIntake, person: true, assurance: .substantial)
            // well-formed (ID-R2), unknown
            let get = GetReferralRequest.with { $0.id = "0b7e4c1d-2f3a-4b5c-8d6e-7f8091a2b3c4" }
            // At the default (substantial) the gate lets the read through to the handler: NOT_FOUND.
            let passed = await #expect(throws: DomainError.self) {
                try await ReferralServiceActing(referral, as: substantial).getReferral(get)
            }
            #expect(passed?.code == .notFound)
            let raised = ReferralContext(
                database: database,
                reference: try TestRegion.reference(),
                time: time,
                keyRing: try ReferralFixtures.keyRing(),
                childDataMinimumAssurance: .high
            )
            let refused = await #expect(throws: DomainError.self) {
                try await ReferralServiceActing(raised, as: substantial).getReferral(get)
            }
            #expect(refused?.code == .notPermitted)
            #expect(refused?.violations.map(\.rule.value) == ["AUTH-R3"])
        }
    }
}
