import GRPCCore
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// The standard gRPC error model over the real stack (docs/services.md "Errors"): each error kind
/// provoked, its google.rpc.Status decoded from `grpc-status-details-bin`. ErrorInfo (domain ksi.no) is on
/// every error; BadRequest carries proto field paths, PreconditionFailure STATE / VERSION, ResourceInfo
/// the unknown or existing resource. scripts/grpc_error_model_check.py reads the same with stock grpcio.
@Suite("google.rpc.Status over gRPC")
struct ErrorModelOverGRPCTests {
    static let caseworker = DemoPersons.dashboardDefault

    /// The status of a refused call, after checking its code matches the call's and ErrorInfo's domain.
    static func status(
        _ error: RPCError?,
        _ code: RPCError.Code,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Google_Rpc_Status? {
        #expect(error?.code == code, "\(String(describing: error))", sourceLocation: sourceLocation)
        let status = error.flatMap(RPCStatusDetails.status(of:))
        #expect(status?.code == Int32(code.rawValue), sourceLocation: sourceLocation)
        #expect(status?.errorInfo?.domain == "ksi.no", "\(String(describing: status))", sourceLocation: sourceLocation)
        return status
    }

    @Test(
        "already exists, illegal transition, stale version, missing id, not found, refused, unauthenticated and a broken rule each carry their google.rpc details"
    )
    func everyKind() async throws {
        try await TestStack.with(withGateway: true) { stack in
            try await stack.client(.needs, as: "statsforvalter-agder") { client in
                let needs = NeedsServiceClient(wrapping: client)
                let person = stack.person(Self.caseworker)
                let create = CreateNeedsRoundRequest.with {
                    $0.requestId = "err-round"
                    $0.governorOfficeId = "agder"
                    $0.scheme = .ksi
                    $0.year = 2033
                }
                let round = try await needs.createNeedsRound(create, metadata: person)

                // A duplicate is ALREADY_EXISTS (was INVALID_ARGUMENT COM-INPUT), with the resource kind and the field.
                let duplicate = await #expect(throws: RPCError.self) {
                    try await needs.createNeedsRound(
                        .with {
                            $0 = create
                            $0.requestId = "err-round-2"
                        },
                        metadata: person
                    )
                }
                let exists = Self.status(duplicate, .alreadyExists)
                #expect(exists?.errorInfo?.reason == "ALREADY_EXISTS" && exists?.errorInfo?.metadata["field"] == "year")
                #expect(exists?.resourceInfo?.resourceType == "needs round")

                let close = await #expect(throws: RPCError.self) {
                    try await needs.closeNeedsRound(
                        .with {
                            $0.requestId = "err-close"
                            $0.needsRoundId = round.id
                            $0.expectedVersion = round.version
                        },
                        metadata: person
                    )
                }
                let state = Self.status(close, .failedPrecondition)
                #expect(
                    state?.errorInfo?.reason == "ILLEGAL_TRANSITION" && state?.errorInfo?.metadata["state"] == "planned"
                )
                #expect(state?.preconditionFailure?.violations.map(\.type) == ["STATE"])

                let stale = await #expect(throws: RPCError.self) {
                    try await needs.openNeedsRound(
                        .with {
                            $0.requestId = "err-open"
                            $0.needsRoundId = round.id
                            $0.expectedVersion = round.version + 2
                        },
                        metadata: person
                    )
                }
                let version = Self.status(stale, .aborted)
                #expect(version?.errorInfo?.reason == "VERSION_CONFLICT")
                #expect(
                    version?.errorInfo?.metadata["expected_version"] == "\(round.version + 2)"
                        && version?.errorInfo?.metadata["actual_version"] == "\(round.version)"
                )
                #expect(
                    version?.preconditionFailure?.violations.map { "\($0.type) \($0.subject)" } == [
                        "VERSION needs round/\(round.id)"
                    ]
                )

                // A missing needs_round_id is reported on needs_round_id, the request's own field (was `id`).
                let missing = await #expect(throws: RPCError.self) {
                    try await needs.closeNeedsRound(
                        .with {
                            $0.requestId = "err-close-2"
                            $0.expectedVersion = 1
                        },
                        metadata: person
                    )
                }
                let malformed = Self.status(missing, .invalidArgument)
                #expect(malformed?.errorInfo?.reason == "INVALID_ARGUMENT")
                #expect(malformed?.badRequest?.fieldViolations.map(\.field) == ["needs_round_id"])
                #expect(malformed?.badRequest?.fieldViolations.first?.description.hasPrefix("COM-INPUT: ") == true)

                let unknown = await #expect(throws: RPCError.self) {
                    try await needs.getNeedsReport(
                        .with { $0.id = "00000000-0000-4000-8000-000000000404" },
                        metadata: person
                    )
                }
                let notFound = Self.status(unknown, .notFound)
                #expect(notFound?.errorInfo?.reason == "NOT_FOUND")
                #expect(
                    notFound?.resourceInfo?.resourceType == "needs report"
                        && notFound?.resourceInfo?.resourceName == "00000000-0000-4000-8000-000000000404"
                )

                let personless = await #expect(throws: RPCError.self) { try await needs.createNeedsRound(create) }
                #expect(Self.status(personless, .permissionDenied)?.errorInfo?.reason == "AUTH-R5")

                var garbage = Metadata()
                garbage.addString("Bearer not-a-jwt", forKey: "authorization")
                let forged = await #expect(throws: RPCError.self) {
                    try await needs.listNeedsRounds(ListNeedsRoundsRequest(), metadata: garbage)
                }
                let unauthenticated = Self.status(forged, .unauthenticated)
                #expect(unauthenticated?.errorInfo?.reason == "AUTH-R1")
                #expect(unauthenticated?.badRequest?.fieldViolations.map(\.field) == ["authorization"])
            }
            try await stack.client(.partnerships, as: "kommune-kristiansand", person: "demo-eier-owner-4204") {
                client in
                let refused = await #expect(throws: RPCError.self) {
                    try await PartnershipServiceClient(wrapping: client).createPartnership(
                        .with {
                            $0.requestId = "err-partnership"
                            $0.content = .with {
                                $0.scheme = .ksi
                                $0.governorOfficeId = "agder"
                                $0.name = "Uten UH"
                                $0.ownerIds = ["owner-4204"]
                            }
                        }
                    )
                }
                let rule = Self.status(refused, .invalidArgument)
                #expect(rule?.errorInfo?.reason == "PART-R1")
                #expect(
                    rule?.badRequest?.fieldViolations.contains {
                        $0.field == "content.uh_institution_ids" && $0.description.hasPrefix("PART-R1: ")
                    } == true,
                    "\(String(describing: rule))"
                )
            }
            // The gateway's façade: an unknown embete is NOT_FOUND with ResourceInfo, as on HTTPS (was INVALID_ARGUMENT).
            try await stack.gatewayClient(as: "statsforvalter-agder", person: Self.caseworker) { gateway in
                let unknown = await #expect(throws: RPCError.self) {
                    try await gateway.getRegionOverview(
                        .with {
                            $0.governorOfficeId = "atlantis"
                            $0.year = 2025
                        }
                    )
                }
                let status = Self.status(unknown, .notFound)
                #expect(
                    status?.resourceInfo?.resourceType == "governor office"
                        && status?.resourceInfo?.resourceName == "atlantis"
                )
            }
        }
    }
}
