import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// The live registry over the wire (issue 12): an organisation or person imported through AllocationService's
/// `UpsertReferenceData` is known to the other services and the gateway within seconds, without a restart
/// (`ReferenceFollower`), with its effective dates (COM-R6); a follower keeps its data while AllocationService
/// is down and catches up when it is back; invalid imports are refused with field and rule.
@Suite("The live reference registry over gRPC", .serialized)
struct ReferenceRegistryOverGRPCTests {
    /// How long a change may take to reach every process: the 2 s follow interval with room for a slow machine.
    static let deadline: Duration = .seconds(30)
    static let udir = DemoRegion.identities.first { $0.name == "udir" }!.orgNumber

    /// Polls `condition` until it holds or `deadline` passes; returns whether it held.
    static func eventually(_ condition: @Sendable () async -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: deadline)
        while clock.now < end {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return await condition()
    }

    static func organisation(_ id: String, _ orgNumber: String, from: LocalDate? = nil) -> Organisation {
        Organisation.with {
            $0.id = id
            $0.orgNumber = orgNumber
            $0.name = "Ny organisasjon \(id)"
            $0.kind = .other
            $0.roleGrants = [RoleGrant(.public)]
            $0.validFrom = from
        }
    }

    /// Imports `data` as Udir through the gateway identity (its principal forwarded), over gRPC.
    static func upsert(
        _ stack: TestStack,
        _ requestId: String,
        _ data: ReferenceDataSet
    ) async throws -> UpsertReferenceDataResponse {
        try await stack.client(.allocation, as: "gateway-client") { client in
            try await AllocationServiceClient(wrapping: client).upsertReferenceData(
                .with {
                    $0.requestId = requestId
                    $0.data = data
                },
                metadata: stack.metadata(
                    for: Caller(orgNumber: udir, grants: [RoleGrant(.udirAdmin)], personId: "demo-udir")
                ),
                options: .timeout(.seconds(10))
            )
        }
    }

    /// Whether NeedsService accepts `caller` as a registered organisation (a read any registered caller may make).
    /// `token`: the person's bearer token, sent as is (a person the stack did not know at start).
    static func needsAccepts(_ stack: TestStack, _ caller: Caller, token: String? = nil) async -> Bool {
        var withToken = stack.metadata(for: caller)
        if let token { withToken.addString("Bearer \(token)", forKey: CallerIdentity.authorizationKey) }
        let metadata = withToken
        do {
            _ = try await stack.client(.needs, as: "gateway-client") { client in
                try await NeedsServiceClient(wrapping: client).listNeedsRounds(
                    ListNeedsRoundsRequest(),
                    metadata: metadata,
                    options: .timeout(.seconds(5))
                )
            }
            return true
        } catch {
            return false
        }
    }

    /// Whether the gateway's gRPC façade accepts the client certificate `identity` (the public transparency page).
    static func gatewayAccepts(_ stack: TestStack, as identity: String) async -> Bool {
        do {
            _ = try await stack.gatewayClient(as: identity) { gateway in
                try await gateway.getTransparencyPage(
                    .with { $0.governorOfficeId = DemoRegion.governorOfficeId },
                    // V10 reads three services' lists; a loaded parallel run (debug) has taken longer than 5 s.
                    options: .timeout(.seconds(30))
                )
            }
            return true
        } catch {
            return false
        }
    }

    @Test(
        "a new organisation and a new person added through the API are known to every service and the gateway within seconds, without restart"
    )
    func newOrganisationAndPersonGoLive() async throws {
        try await TestStack.with(withGateway: true) { stack in
            let orgNumber = OrgNumber.fictitious(8_810_010).value
            try stack.pki.create(clients: [.init(name: "ny-organisasjon", orgNumber: orgNumber)])
            let organisationCaller = Caller(orgNumber: orgNumber, grants: [RoleGrant(.public)])
            #expect(await !Self.needsAccepts(stack, organisationCaller))
            #expect(await !Self.gatewayAccepts(stack, as: "ny-organisasjon"))

            let pid = ReferralFixtures.nationalId(year: 1984, month: 8, day: 4, seed: 303)
            let person = Person.with {
                $0.id = "person-ny-leder"
                $0.pid = pid
                $0.name = "Ola Nordmann"
                $0.roles = [
                    PersonRole.with {
                        $0.orgNumber = orgNumber
                        $0.role = .public
                    }
                ]
            }
            // AUTH-R1: before the import the person's (validly signed) token names nobody in the registry.
            let token = try await stack.tokenIssuer.mint(pid: pid)
            let personCaller = Caller(orgNumber: orgNumber, grants: [RoleGrant(.public)], personId: person.id)
            #expect(await !Self.needsAccepts(stack, organisationCaller, token: token))
            let response = try await Self.upsert(
                stack,
                "registry-1",
                ReferenceDataSet.with {
                    $0.organisations = [Self.organisation("org-ny", orgNumber)]
                    $0.persons = [person]
                }
            )
            #expect(response.recordsChanged == 2)

            // Every process's registry takes the import; the services and the gateway then accept the organisation.
            for kind in KSIServiceKind.allCases {
                let registry = stack.registries[kind]!
                #expect(
                    try await Self.eventually { registry.importVersion >= response.datasetVersion },
                    "\(kind.rawValue)"
                )
                #expect(registry.current.set.persons.contains { $0.id == person.id }, "\(kind.rawValue)")
            }
            let gatewayRegistry = stack.gateway!.registry
            #expect(try await Self.eventually { gatewayRegistry.importVersion >= response.datasetVersion })
            #expect(await Self.needsAccepts(stack, organisationCaller))
            #expect(try await Self.eventually { await Self.gatewayAccepts(stack, as: "ny-organisasjon") })
            // The person's token now authenticates them for the organisation, on every service that follows the registry.
            #expect(try await Self.eventually { await Self.needsAccepts(stack, personCaller, token: token) })
        }
    }

    @Test("COM-R6 an organisation imported with a later start is known everywhere but acts only from that date")
    func effectiveDatesRespected() async throws {
        try await TestStack.with { stack in
            let orgNumber = OrgNumber.fictitious(8_810_020).value
            let start = stack.time.today().adding(days: 10)
            let response = try await Self.upsert(
                stack,
                "registry-dated",
                ReferenceDataSet.with {
                    $0.organisations = [Self.organisation("org-senere", orgNumber, from: start)]
                }
            )
            let needsRegistry = stack.registries[.needs]!
            #expect(try await Self.eventually { needsRegistry.importVersion >= response.datasetVersion })
            let caller = Caller(orgNumber: orgNumber, grants: [RoleGrant(.public)])
            #expect(await !Self.needsAccepts(stack, caller))
            stack.time.set(start)
            #expect(await Self.needsAccepts(stack, caller))
        }
    }

    @Test("a follower keeps its data while AllocationService is down and catches up after AllocationService restarts")
    func staleFollowerRecoversAfterRestart() async throws {
        try await TestStack.with { stack in
            let first = OrgNumber.fictitious(8_810_030).value
            let before = try await Self.upsert(
                stack,
                "registry-before",
                ReferenceDataSet.with { $0.organisations = [Self.organisation("org-for", first)] }
            )
            let needsRegistry = stack.registries[.needs]!
            #expect(try await Self.eventually { needsRegistry.importVersion >= before.datasetVersion })

            stack.stop(.allocation)
            // AllocationService is down: NeedsService still knows the organisation and answers.
            #expect(await Self.needsAccepts(stack, Caller(orgNumber: first, grants: [RoleGrant(.public)])))

            let second = OrgNumber.fictitious(8_810_040).value
            try await stack.restart(.allocation) { restarted in
                // The restarted AllocationService loaded its stored imports before serving.
                #expect(restarted.registry.importVersion == before.datasetVersion)
                let after = try await Self.upsert(
                    stack,
                    "registry-after",
                    ReferenceDataSet.with { $0.organisations = [Self.organisation("org-etter", second)] }
                )
                #expect(after.datasetVersion > before.datasetVersion)
                #expect(try await Self.eventually { needsRegistry.importVersion >= after.datasetVersion })
                #expect(await Self.needsAccepts(stack, Caller(orgNumber: second, grants: [RoleGrant(.public)])))
            }
        }
    }

    @Test(
        "a follower whose AllocationService comes back with another database (another epoch) drops the imports that database lacks"
    )
    func followerResetsOnNewEpoch() async throws {
        try await TestStack.with { stack in
            let orgNumber = OrgNumber.fictitious(8_810_060).value
            let caller = Caller(orgNumber: orgNumber, grants: [RoleGrant(.public)])
            let imported = try await Self.upsert(
                stack,
                "registry-epoch",
                ReferenceDataSet.with { $0.organisations = [Self.organisation("org-epoke", orgNumber)] }
            )
            let needsRegistry = stack.registries[.needs]!
            #expect(try await Self.eventually { needsRegistry.importVersion >= imported.datasetVersion })
            #expect(await Self.needsAccepts(stack, caller))

            stack.stop(.allocation)
            let fresh = try RepositoryPaths.temporaryDirectory("fresh-allocation")
            defer { try? FileManager.default.removeItem(at: fresh) }
            try await stack.restart(
                .allocation,
                storage: .sqlite(path: fresh.appendingPathComponent("allocation.sqlite").path)
            ) { _ in
                // The new database has no imports: NeedsService goes back to the bootstrap data.
                let reset = try await Self.eventually { needsRegistry.importVersion == 0 }
                #expect(reset)
                #expect(await !Self.needsAccepts(stack, caller))
            }
        }
    }

    @Test("an invalid import is refused over gRPC with field and rule, and nothing reaches the followers")
    func invalidImportRefused() async throws {
        try await TestStack.with { stack in
            let unknown = OrgNumber.fictitious(8_810_050).value
            let person = Person.with {
                $0.id = "person-ugyldig"
                $0.pid = ReferralFixtures.nationalId(year: 1990, month: 1, day: 9, seed: 404)
                $0.name = "Per Ugyldig"
                $0.roles = [
                    PersonRole.with {
                        $0.orgNumber = unknown
                        $0.role = .pptLeader
                    }
                ]
            }
            let error = await #expect(throws: RPCError.self) {
                _ = try await Self.upsert(stack, "registry-invalid", ReferenceDataSet.with { $0.persons = [person] })
            }
            #expect(error?.code == .invalidArgument)
            let violations = error.map(RPCStatusDetails.violations(of:)) ?? []
            #expect(violations.map { "\($0.field) \($0.ruleId)" } == ["data.persons[0].roles[0].org_number AUTH-R4"])
            #expect(stack.registries[.allocation]!.importVersion == 0)
        }
    }
}
