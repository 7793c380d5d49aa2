import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSITestSupport
import Logging
import Services
import StackTestSupport
import Testing

/// Every error kind, over real gRPC with mutual TLS, against the real PartnershipService.
@Suite("Service errors and identity over the wire")
struct ServiceErrorsOverTLSTests {
    static let kommune = DevelopmentPKI.Client(
        name: "kommune",
        orgNumber: TestRegion.orgNumber(.kristiansandOwnerAdmin)
    )
    static let arendal = DevelopmentPKI.Client(name: "arendal", orgNumber: TestRegion.orgNumber(.arendalOwnerAdmin))
    static let caseworker = DevelopmentPKI.Client(name: "caseworker", orgNumber: TestRegion.orgNumber(.sfCaseworker))
    static let unknown = DevelopmentPKI.Client(name: "unknown", orgNumber: OrgNumber.fictitious(7_777_000).value)

    struct Stack: Sendable {
        let pki: DevelopmentPKI
        let port: Int
        /// The development token of the person each client certificate's organisation acts through (AUTH-R1).
        let tokens: [String: String]

        /// A client acting with the certificate `name`, sending `metadata` with every call.
        func partnerships(
            _ name: String,
            metadata: Metadata = [:]
        ) throws -> (GRPCClient<HTTP2ClientTransport.Posix>, PartnershipServiceRemote<HTTP2ClientTransport.Posix>) {
            let transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: port),
                transportSecurity: TransportSecurity.client(pki.tls(name))
            )
            let client = GRPCClient(transport: transport)
            return (
                client,
                PartnershipServiceRemote(
                    PartnershipServiceClient(wrapping: client),
                    metadata: metadata,
                    options: .timeout(.seconds(10))
                )
            )
        }
    }

    /// Starts PartnershipService on an ephemeral loopback port over a temporary SQLite database.
    func withStack<R: Sendable>(_ body: @Sendable (Stack) async throws -> R) async throws -> R {
        let pki = DevelopmentPKI(directory: try LoopbackTLS.directory())
        try pki.create(clients: [Self.kommune, Self.arendal, Self.caseworker, Self.unknown] + ServiceIdentities.all)
        let reference = try PartnershipFixtures.reference().merging(
            ReferenceDataSet.with { $0.organisations = ServiceIdentities.organisations() }
        )
        let time = FixedTimeSource(date: PartnershipFixtures.today)
        let issuer = try DevelopmentTokenIssuer(directory: pki.directory).create()
        var minted: [String: String] = [:]
        for (name, actor) in [
            ("kommune", TestRegion.Actor.kristiansandOwnerAdmin), ("arendal", .arendalOwnerAdmin),
            ("caseworker", .sfCaseworker),
        ] {
            minted[name] = try await issuer.mint(pid: TestRegion.person(actor).pid)
        }
        let tokens = minted
        return try await TestDatabase.with(.sqlite) { database in
            let context = PartnershipContext(database: database, reference: reference, time: time)
            let identity = CallerIdentity(
                reference: reference,
                time: time,
                trustedGateways: [ServiceIdentities.gateway],
                tokens: try PersonTokenVerifier(issuer.config())
            )
            let health = HealthService()
            health.setServing(true)
            let config = ServiceConfig(
                listen: .init(host: "127.0.0.1", port: 0),
                tls: pki.tls("partnerships-server"),
                storage: .sqlite(path: ":memory:")
            )
            let server = try GRPCServerService(
                name: "partnerships",
                config: config,
                services: [PartnershipService(partnerships: context, identity: identity)],
                health: health,
                interceptors: [ObservabilityInterceptor(logger: Logger(label: "test"))],
                logger: Logger(label: "test")
            )
            return try await GracefulServices.with([server]) {
                try await body(Stack(pki: pki, port: try await server.boundPort(), tokens: tokens))
            }
        }
    }

    /// Runs `body` with a connected client for `name`, acting through its organisation's person unless
    /// `metadata` carries its own `authorization`.
    func call<R: Sendable>(
        _ stack: Stack,
        as name: String,
        metadata: Metadata = [:],
        _ body: @Sendable (PartnershipServiceRemote<HTTP2ClientTransport.Posix>) async throws -> R
    ) async throws -> R {
        var metadata = metadata
        if metadata[stringValues: "authorization"].first(where: { _ in true }) == nil, let token = stack.tokens[name] {
            metadata.addString("Bearer \(token)", forKey: "authorization")
        }
        let (client, remote) = try stack.partnerships(name, metadata: metadata)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.runConnections() }
            defer { client.beginGracefulShutdown() }
            return try await body(remote)
        }
    }

    func create(
        _ requestId: String,
        content: PartnershipContent = PartnershipFixtures.content()
    ) -> CreatePartnershipRequest {
        CreatePartnershipRequest.with {
            $0.requestId = requestId
            $0.content = content
        }
    }

    @Test("a valid command succeeds, and a retry with the same request id returns the first result")
    func createAndRetry() async throws {
        try await withStack { stack in
            try await call(stack, as: "kommune") { partnerships in
                let first = try await partnerships.createPartnership(create("req-1"))
                let retry = try await partnerships.createPartnership(create("req-1"))
                #expect(first.status == .draft)
                #expect(retry == first)
                let listed = try await partnerships.listPartnerships(ListPartnershipsRequest())
                #expect(listed.items.map(\.id) == [first.id])
            }
        }
    }

    @Test("a broken rule is INVALID_ARGUMENT with the field and rule id in the error detail (PART-R1)")
    func ruleViolationCarriesDetail() async throws {
        try await withStack { stack in
            let error = await #expect(throws: RPCError.self) {
                try await call(stack, as: "kommune") { partnerships in
                    try await partnerships.createPartnership(
                        create("req-2", content: PartnershipFixtures.content(uh: []))
                    )
                }
            }
            #expect(error?.code == .invalidArgument)
            let violations = error.map(RPCStatusDetails.violations(of:)) ?? []
            #expect(violations.contains { $0.ruleId == "PART-R1" && !$0.field.isEmpty })
        }
    }

    @Test("a negative page size or a garbled page token is INVALID_ARGUMENT naming the field and LIM-R7")
    func pagingViolationCarriesDetail() async throws {
        try await withStack { stack in
            for (field, request) in [
                ("page_size", ListPartnershipsRequest.with { $0.pageSize = -1 }),
                ("page_token", ListPartnershipsRequest.with { $0.pageToken = "not-a-token" }),
            ] {
                let error = await #expect(throws: RPCError.self) {
                    try await call(stack, as: "caseworker") { partnerships in
                        try await partnerships.listPartnerships(request)
                    }
                }
                #expect(error?.code == .invalidArgument)
                let violations = error.map(RPCStatusDetails.violations(of:)) ?? []
                #expect(violations.map(\.field) == [field])
                #expect(violations.map(\.ruleId) == ["LIM-R7"])
            }
        }
    }

    @Test("the right certificate of the wrong organisation is PERMISSION_DENIED")
    func wrongOrganisationIsDenied() async throws {
        try await withStack { stack in
            let error = await #expect(throws: RPCError.self) {
                try await call(stack, as: "arendal") { partnerships in
                    try await partnerships.createPartnership(create("req-3"))
                }
            }
            #expect(error?.code == .permissionDenied)
        }
    }

    @Test("an organisation the registry does not know is PERMISSION_DENIED")
    func unknownOrganisationIsDenied() async throws {
        try await withStack { stack in
            let error = await #expect(throws: RPCError.self) {
                try await call(stack, as: "unknown") { partnerships in
                    try await partnerships.listPartnerships(ListPartnershipsRequest())
                }
            }
            #expect(error?.code == .permissionDenied)
            // Every error carries google.rpc.Status with ErrorInfo, refusals of the caller's identity too.
            let status = error.flatMap(RPCStatusDetails.status(of:))
            #expect(
                status?.code == 7 && status?.errorInfo?.domain == "ksi.no"
                    && status?.errorInfo?.reason.isEmpty == false,
                "\(String(describing: status))"
            )
        }
    }

    @Test(
        "an unknown id is NOT_FOUND; an id that is not a UUID where the contract says UUID is INVALID_ARGUMENT naming the field (ID-R2)"
    )
    func unknownIdIsNotFound() async throws {
        try await withStack { stack in
            let error = await #expect(throws: RPCError.self) {
                try await call(stack, as: "kommune") { partnerships in
                    try await partnerships.getPartnership(.with { $0.id = UUID().uuidString.lowercased() })
                }
            }
            #expect(error?.code == .notFound)
            // Issue 14: `GetPartnershipRequest.id` holds a server-assigned UUID (its `// Id:` comment); a slug is refused at the edge.
            let malformed = await #expect(throws: RPCError.self) {
                try await call(stack, as: "kommune") { partnerships in
                    try await partnerships.getPartnership(.with { $0.id = "no-such-partnership" })
                }
            }
            #expect(malformed?.code == .invalidArgument)
            let violations = malformed.map(RPCStatusDetails.violations(of:)) ?? []
            #expect(violations.map(\.field) == ["id"])
            #expect(violations.map(\.ruleId) == ["ID-R2"])
        }
    }

    @Test(
        "a stale expected version is ABORTED, an absent one INVALID_ARGUMENT, an illegal transition FAILED_PRECONDITION"
    )
    func versionConflictAndIllegalTransition() async throws {
        try await withStack { stack in
            let created = try await call(stack, as: "kommune") { partnerships in
                try await partnerships.createPartnership(create("req-4"))
            }
            let stale = await #expect(throws: RPCError.self) {
                try await call(stack, as: "kommune") { partnerships in
                    try await partnerships.signAgreement(
                        .with {
                            $0.requestId = "req-5"
                            $0.partnershipId = created.id
                            $0.expectedVersion = created.version + 5
                            $0.party = .owner
                            $0.signedOn = PartnershipFixtures.today
                        }
                    )
                }
            }
            #expect(stale?.code == .aborted)
            // protos/README.md "Versions": a change without expected_version is INVALID_ARGUMENT on that field.
            let absent = await #expect(throws: RPCError.self) {
                try await call(stack, as: "kommune") { partnerships in
                    try await partnerships.signAgreement(
                        .with {
                            $0.requestId = "req-5b"
                            $0.partnershipId = created.id
                            $0.party = .owner
                            $0.signedOn = PartnershipFixtures.today
                        }
                    )
                }
            }
            #expect(absent?.code == .invalidArgument)
            #expect(absent.map { RPCStatusDetails.violations(of: $0).map(\.field) } == ["expected_version"])
            let illegal = await #expect(throws: RPCError.self) {
                try await call(stack, as: "caseworker") { partnerships in
                    try await partnerships.resumePartnership(
                        .with {
                            $0.requestId = "req-6"
                            $0.partnershipId = created.id
                            $0.expectedVersion = created.version
                            $0.reason = "the conflict is resolved"
                        }
                    )
                }
            }
            #expect(illegal?.code == .failedPrecondition)
        }
    }

    @Test("the gateway may act for an organisation; nobody else may forward a principal")
    func onlyTheGatewayForwardsAPrincipal() async throws {
        try await withStack { stack in
            var forwarded = Metadata()
            forwarded.addString(Self.kommune.orgNumber, forKey: CallerIdentity.principalKey)
            forwarded.addString("Bearer \(stack.tokens["kommune"]!)", forKey: "authorization")
            let created = try await call(stack, as: "gateway-client", metadata: forwarded) { partnerships in
                try await partnerships.createPartnership(create("req-7"))
            }
            #expect(created.status == .draft)
            let error = await #expect(throws: RPCError.self) {
                try await call(stack, as: "arendal", metadata: forwarded) { partnerships in
                    try await partnerships.createPartnership(create("req-8"))
                }
            }
            #expect(error?.code == .permissionDenied)
        }
    }

    @Test("a request over the message size limit is RESOURCE_EXHAUSTED")
    func oversizedRequestIsRefused() async throws {
        try await withStack { stack in
            var oversized = PartnershipFixtures.content()
            oversized.name = String(repeating: "x", count: 5 * 1024 * 1024)
            let content = oversized
            let error = await #expect(throws: RPCError.self) {
                try await call(stack, as: "kommune") { partnerships in
                    try await partnerships.createPartnership(create("req-9", content: content))
                }
            }
            #expect(error?.code == .resourceExhausted)
        }
    }
}
