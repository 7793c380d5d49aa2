import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSIDemoData
import KSITestSupport
import SQLKit
import Services
import StackTestSupport
import Testing

/// Issue 17 item 4: two replicas of every service over one PostgreSQL database per service, behind the gateway's
/// round-robin (and the relays' and followers' clients'), over real gRPC and mutual TLS. Writes give what one
/// replica gives, every event is applied once, a due job runs once, reads spread over both replicas, and what a
/// replica keeps in memory (the live registry) follows what the other stored.
@Suite("Two replicas of every service over one PostgreSQL", .serialized)
struct ReplicasOverPostgresTests {
    typealias Referrals = ReferralServiceRemote<HTTP2ClientTransport.Posix>

    static let pptOffice = DemoRegion.pptOfficeId("4204")
    static let udir = DemoRegion.identities.first { $0.name == "udir" }!.orgNumber
    /// The relays, with the service that consumes and the one that produces each.
    static let relays: [(consumer: KSIServiceKind, producer: KSIServiceKind, name: RelayName)] = [
        (.needs, .allocation, .allocationToNeeds),
        (.partnerships, .allocation, .allocationToPartnerships),
        (.allocation, .partnerships, .partnershipsToAllocation),
    ]

    // MARK: - The demo year through two replicas, against one

    @Test(
        "the demo year through two replicas of every service ends as through one; every event applied once; reads spread over both"
    )
    func demoYearOnTwoReplicas() async throws {
        let single = try await TestStack.with(storage: .postgres) { stack in
            (try await stack.loadDemoYear(), try await Self.fingerprint(stack))
        }
        try await TestStack.with(storage: .postgres, withGateway: true, replicas: 2) { stack in
            let summary = try await stack.loadDemoYear()
            #expect(summary == single.0)
            let fingerprint = try await Self.fingerprint(stack)
            #expect(fingerprint == single.1)
            for kind in fingerprint.keys.sorted() { #expect(fingerprint[kind] == single.1[kind], "\(kind)") }

            // The commands were spread over both replicas of every service.
            for kind in KSIServiceKind.allCases {
                let calls = stack.replicas[kind]!.map { $0.metric("ksi_rpc_requests_total") ?? 0 }
                #expect(calls.allSatisfy { $0 > 0 }, "\(kind): calls per replica \(calls)")
            }

            // Every event of each producer was handled once, by one replica or the other; the cursor is at its last.
            for relay in Self.relays {
                let events = try await Self.feed(stack, of: relay.producer, as: "\(relay.consumer.rawValue)-client")
                let handled = stack.replicas[relay.consumer]!.map { replica in
                    (replica.metric("ksi_relay_applied_total", ["relay": relay.name.rawValue]) ?? 0)
                        + (replica.metric("ksi_relay_rejected_total", ["relay": relay.name.rawValue]) ?? 0)
                }
                #expect(!events.isEmpty)
                #expect(Int(handled.reduce(0, +)) == events.count, "\(relay.name): \(handled) for \(events.count)")
                let cursor = try await stack.databases[relay.consumer]!.read { sql in
                    try await StoreTransaction(sql: sql, context: "relay").relayCursor(relay.name)
                }
                #expect(cursor == events.max())
            }

            // Reads through the gateway and directly: each replica serves a fair share.
            let before = Self.okCalls(stack)
            try await stack.gatewayClient(as: "statsforvalter-agder", person: DemoPersons.dashboardDefault) { gateway in
                for _ in 0..<20 {
                    _ = try await gateway.getRegionOverview(
                        .with {
                            $0.governorOfficeId = "agder"
                            $0.year = 2025
                        },
                        options: .timeout(.seconds(30))
                    )
                }
            }
            for kind in KSIServiceKind.allCases {
                try await stack.client(kind, as: "gateway-client") { client in
                    for _ in 0..<20 { try await Self.readDataVersion(kind, client) }
                }
            }
            let after = Self.okCalls(stack)
            for kind in KSIServiceKind.allCases {
                let served = zip(after[kind]!, before[kind]!).map { $0 - $1 }
                let total = served.reduce(0, +)
                #expect(total >= 20, "\(kind): \(served)")
                #expect(served.allSatisfy { $0 >= total / 4 }, "\(kind): reads per replica \(served)")
            }
        }
    }

    // MARK: - Concurrent commands, jobs and the registry

    @Test(
        "through both replicas at once: an expected version admits one writer, a request id replays on the other replica, a due job runs once, an import reaches the other replica's registry"
    )
    func concurrentWritesJobsAndRegistry() async throws {
        try await TestStack.with(storage: .postgres, today: LocalDate(year: 2025, month: 3, day: 3), replicas: 2) {
            stack in
            try await stack.client(.referral, replica: 0, as: "ppt-kristiansand") { first in
                try await stack.client(.referral, replica: 1, as: "ppt-kristiansand") { second in
                    let a = Self.adviser(stack, first)
                    let b = Self.adviser(stack, second)

                    // IDEM-R1 across replicas: a retry landing on the other replica replays the first answer.
                    let requestId = UUID().uuidString
                    let created = try await a.createReferral(Self.create(requestId, child: "Testbarn En"))
                    let retried = try await b.createReferral(Self.create(requestId, child: "Testbarn En"))
                    #expect(retried == created)

                    // The same new request at once on both replicas: one referral, the same answer twice.
                    let both = UUID().uuidString
                    async let onA = a.createReferral(Self.create(both, child: "Testbarn To"))
                    async let onB = b.createReferral(Self.create(both, child: "Testbarn To"))
                    let (answerA, answerB) = try await (onA, onB)
                    #expect(answerA == answerB)
                    let drafts = try await a.listReferrals(.with { $0.statuses = [.draft] }).items.map(\.id)
                    #expect(Set(drafts) == [created.id, answerA.id])
                    #expect(drafts.count == 2)

                    // Optimistic versions across replicas: each round, two writers with the same expected version,
                    // one per replica; one wins, the other is refused ABORTED (VERSION_CONFLICT).
                    var version = created.version
                    let rounds = 8
                    for round in 1...rounds {
                        let expected = version
                        async let writeA = Self.outcome {
                            try await a.updateReferralDraft(
                                Self.update(created.id, expected, child: "Testbarn A\(round)")
                            )
                        }
                        async let writeB = Self.outcome {
                            try await b.updateReferralDraft(
                                Self.update(created.id, expected, child: "Testbarn B\(round)")
                            )
                        }
                        let outcomes = await [writeA, writeB]
                        let won = outcomes.compactMap { try? $0.get() }
                        let refused = outcomes.compactMap { outcome -> RPCError.Code? in
                            if case .failure(let error) = outcome { return (error as? RPCError)?.code }
                            return nil
                        }
                        #expect(won.count == 1, "round \(round): \(outcomes)")
                        #expect(refused == [.aborted], "round \(round): \(outcomes)")
                        version = try #require(won.first).version
                    }
                    let stored = try await b.getReferral(.with { $0.id = created.id })
                    #expect(stored.version == created.version + Int64(rounds))
                    #expect(version == stored.version)
                }
            }

            // A due job, four checks at once over two replicas of each service: it runs once.
            stack.time.advance(days: Int64(IdempotencyExpiry.defaultRetentionDays) + 1)
            for kind in KSIServiceKind.allCases {
                let schedulers = stack.replicas[kind]!.map(\.scheduler)
                async let a1 = schedulers[0].runDueJobs()
                async let b1 = schedulers[1].runDueJobs()
                async let a2 = schedulers[0].runDueJobs()
                async let b2 = schedulers[1].runDueJobs()
                let runs = try await a1 + b1 + a2 + b2
                let expiry = runs.filter { $0.job == "idempotency-expiry" }
                #expect(expiry.count == 1, "\(kind): \(runs.map(\.job))")
                #expect(Set(runs.map(\.job)).count == runs.count, "\(kind): a job ran twice: \(runs.map(\.job))")
                let stored = try await schedulers[1].states().first { $0.name == "idempotency-expiry" }
                #expect(stored?.runs == 2)  // the start-up check, and this one
            }

            // The live registry: an organisation imported through one AllocationService replica reaches the other's
            // registry (and the other services') without a restart.
            let orgNumber = OrgNumber.fictitious(8_810_017).value
            let allocation = stack.replicas[.allocation]!
            #expect(allocation[1].registry.current.organisation(orgNumber: orgNumber) == nil)
            try await stack.client(.allocation, replica: 0, as: "gateway-client") { client in
                _ = try await AllocationServiceClient(wrapping: client).upsertReferenceData(
                    .with {
                        $0.requestId = UUID().uuidString
                        $0.data = ReferenceDataSet.with {
                            $0.organisations = [
                                Organisation.with {
                                    $0.id = "ny-organisasjon-17"
                                    $0.orgNumber = orgNumber
                                    $0.name = "Ny organisasjon (replikaer)"
                                    $0.kind = .other
                                    $0.roleGrants = [RoleGrant(.public)]
                                }
                            ]
                        }
                    },
                    metadata: stack.metadata(
                        for: Caller(orgNumber: Self.udir, grants: [RoleGrant(.udirAdmin)], personId: "demo-udir")
                    ),
                    options: .timeout(.seconds(10))
                )
            }
            #expect(allocation[0].registry.current.organisation(orgNumber: orgNumber) != nil)
            let everywhere = try await Self.eventually {
                stack.replicas.values.joined().allSatisfy {
                    $0.registry.current.organisation(orgNumber: orgNumber) != nil
                }
            }
            #expect(everywhere, "the import did not reach every replica's registry")
        }
    }

    // MARK: - Helpers

    static func adviser(_ stack: TestStack, _ client: GRPCClient<HTTP2ClientTransport.Posix>) -> Referrals {
        Referrals(ReferralServiceClient(wrapping: client), metadata: stack.person("demo-ppt-radgiver-\(pptOffice)"))
    }

    static func child(_ name: String) -> ChildInput {
        ReferralFixtures.child(
            name: name,
            nationalId: ReferralFixtures.nationalId(year: 2014, month: 3, day: 15, seed: 717),
            municipality: "4204",
            unit: "unit-4204-school-1"
        )
    }

    static func create(_ requestId: String, child name: String) -> CreateReferralRequest {
        .with {
            $0.requestId = requestId
            $0.kind = .individual
            $0.referringPptOfficeId = pptOffice
            $0.child = child(name)
            $0.content = ReferralFixtures.content()
        }
    }

    static func update(_ id: String, _ version: Int64, child name: String) -> UpdateReferralDraftRequest {
        .with {
            $0.requestId = UUID().uuidString
            $0.referralId = id
            $0.expectedVersion = version
            $0.child = child(name)
            $0.content = ReferralFixtures.content()
        }
    }

    /// `Get…DataVersion` of `kind`, as the gateway's system identity asks it before every view.
    static func readDataVersion(_ kind: KSIServiceKind, _ client: GRPCClient<HTTP2ClientTransport.Posix>) async throws {
        let request = GetDataVersionRequest()
        switch kind {
        case .needs: _ = try await NeedsServiceClient(wrapping: client).getDataVersion(request)
        case .partnerships: _ = try await PartnershipServiceClient(wrapping: client).getDataVersion(request)
        case .allocation: _ = try await AllocationServiceClient(wrapping: client).getDataVersion(request)
        case .referral: _ = try await ReferralServiceClient(wrapping: client).getDataVersion(request)
        }
    }

    static func outcome<T: Sendable>(_ call: @Sendable () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await call()) } catch { return .failure(error) }
    }

    /// Polls `condition` for up to 30 s (the 2 s follow interval with room for a slow machine).
    static func eventually(_ condition: @Sendable () -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(30))
        while clock.now < end {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }

    /// Successful calls each replica of each service has served so far (its `ksi_rpc_requests_total{code="ok"}`).
    static func okCalls(_ stack: TestStack) -> [KSIServiceKind: [Double]] {
        stack.replicas.mapValues { $0.map { $0.metric("ksi_rpc_requests_total", ["code": "ok"]) ?? 0 } }
    }

    /// The sequences of every event `producer`'s feed gives `identity` (the consuming service's own), as its relay reads them.
    static func feed(_ stack: TestStack, of producer: KSIServiceKind, as identity: String) async throws -> [Int64] {
        try await stack.client(producer, as: identity) { client in
            var sequences: [Int64] = []
            while true {
                let after = sequences.last ?? 0
                let page: [Int64]
                switch producer {
                case .allocation:
                    page = try await AllocationServiceClient(wrapping: client).listAllocationEvents(
                        .with {
                            $0.afterSequence = after
                            $0.pageSize = 500
                        }
                    ).events.map(\.sequence)
                case .partnerships:
                    page = try await PartnershipServiceClient(wrapping: client).listPartnershipEvents(
                        .with {
                            $0.afterSequence = after
                            $0.pageSize = 500
                        }
                    ).events.map(\.sequence)
                default:
                    page = []
                }
                if page.isEmpty { return sequences }
                sequences += page
            }
        }
    }

    /// What each service's database holds, counted: entities by kind and status, audit records by action and
    /// states, outbox events by type, dead letters with their attempts.
    static func fingerprint(_ stack: TestStack) async throws -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for kind in KSIServiceKind.allCases {
            result[kind.rawValue] = try await stack.databases[kind]!.read { sql in
                var counts: [String: Int] = [:]
                let queries: [(String, SQLQueryString)] = [
                    (
                        "entity",
                        "SELECT kind || ':' || COALESCE(status, '') AS k, COUNT(*) AS n FROM entities GROUP BY 1"
                    ),
                    (
                        "audit",
                        "SELECT action || ':' || entity_kind || ':' || COALESCE(before_state, '') || '>' || COALESCE(after_state, '') AS k, COUNT(*) AS n FROM audit_log GROUP BY 1"
                    ),
                    ("event", "SELECT context || ':' || type AS k, COUNT(*) AS n FROM events GROUP BY 1"),
                    (
                        "dead",
                        "SELECT relay AS k, CAST(SUM(attempts) AS BIGINT) AS n FROM relay_dead_letters GROUP BY 1"
                    ),
                ]
                for (prefix, query) in queries {
                    for row in try await sql.raw(query).all() {
                        let key = try row.decode(column: "k", as: String.self)
                        counts["\(prefix) \(key)"] = Int(try row.decode(column: "n", as: Int64.self))
                    }
                }
                return counts
            }
        }
        return result
    }
}
