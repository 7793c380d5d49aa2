import Foundation
import GRPCCore
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// The four services started together, as `ksi dev` and compose run them, over real mTLS.
@Suite("The four services on loopback")
struct StackTests {
    @Test("every service reports SERVING on grpc.health.v1 once migrated")
    func everyServiceIsHealthy() async throws {
        try await TestStack.with { stack in
            for kind in KSIServiceKind.allCases {
                // The status is the assertion, not the latency: under the parallel run's load a first call's TLS
                // handshake has taken longer than 5 s (CI), so the deadline only bounds a hang.
                let status = try await stack.client(kind, as: "gateway-client") { client in
                    try await HealthClient(wrapping: client).check(
                        HealthCheckRequest(),
                        options: .timeout(.seconds(30))
                    )
                    .status
                }
                #expect(status == .serving, "\(kind.rawValue)")
            }
        }
    }

    @Test(
        "an independent Python grpcio client calls every service over mTLS and reads the google.rpc.Status error details"
    )
    func pythonClientCallsEveryService() async throws {
        try await TestStack.with { stack in
            let out = try RepositoryPaths.temporaryDirectory("grpcio")
            defer { try? FileManager.default.removeItem(at: out) }
            let script = RepositoryPaths.root.appendingPathComponent("scripts/grpc_client_check.py").path
            let ports = KSIServiceKind.allCases.map { "\($0.rawValue)=\(stack.ports[$0]!)" }
            // Each certificate's organisation acts through a demo person's token (AUTH-R1).
            let tokens = [
                ("statsforvalter-agder", DemoPersons.dashboardDefault),
                ("kommune-kristiansand", "demo-eier-owner-4204"),
                ("ppt-kristiansand", "demo-ppt-radgiver-ppt-4204"),
            ].map { "token.\($0)=\(stack.personTokens[$1]!)" }
            let result = try await runProgramOffPool(
                RepositoryPaths.python,
                [script, stack.pki.directory.path, out.path] + ports + tokens
            )
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("7 passed, 0 failed"), "\(result.output)")
        }
    }

    @Test(
        "stock grpcio (grpc_status.rpc_status) decodes the google.rpc.Status of every error kind: ErrorInfo, BadRequest, PreconditionFailure, ResourceInfo"
    )
    func pythonClientReadsTheStandardErrorModel() async throws {
        try await TestStack.with { stack in
            let out = try RepositoryPaths.temporaryDirectory("grpc-errors")
            defer { try? FileManager.default.removeItem(at: out) }
            let script = RepositoryPaths.root.appendingPathComponent("scripts/grpc_error_model_check.py").path
            let ports = KSIServiceKind.allCases.map { "\($0.rawValue)=\(stack.ports[$0]!)" }
            let tokens = [
                ("statsforvalter-agder", DemoPersons.dashboardDefault),
                ("kommune-kristiansand", "demo-eier-owner-4204"),
            ]
            .map { "token.\($0)=\(stack.personTokens[$1]!)" }
            let result = try await runProgramOffPool(
                RepositoryPaths.python,
                [script, stack.pki.directory.path, out.path] + ports + tokens
            )
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("9 passed, 0 failed"), "\(result.output)")
        }
    }

    @Test(
        "stock grpc++ (Debian's libgrpc++) parses Status::error_details() into google::rpc::Status for every error kind"
    )
    func cppClientReadsTheStandardErrorModel() async throws {
        try await TestStack.with { stack in
            let out = try RepositoryPaths.temporaryDirectory("grpcxx")
            defer { try? FileManager.default.removeItem(at: out) }
            let script = RepositoryPaths.root.appendingPathComponent("scripts/grpcxx/build-and-run")
            let result = try await runProgramOffPool(
                script,
                [
                    out.path, stack.pki.directory.path, "\(stack.ports[.needs]!)",
                    stack.personTokens[DemoPersons.dashboardDefault]!, "2034",
                ]
            )
            #expect(result.status == 0, "\(result.output)")
            let lines = Dictionary(
                result.output.split(separator: "\n").compactMap { line -> (String, String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]), String(line[line.index(after: colon)...]))
                },
                uniquingKeysWith: { first, _ in first }
            )
            // Each line: the call's code, then what google::rpc::Status says (its code, ErrorInfo, detail types, …).
            let expected: [String: [String]] = [
                "duplicate": ["ALREADY_EXISTS", "status.code=6", "reason=ALREADY_EXISTS", "resource=needs round/"],
                "close planned": [
                    "FAILED_PRECONDITION", "status.code=9", "reason=ILLEGAL_TRANSITION", "precondition=STATE",
                ],
                "stale version": ["ABORTED", "status.code=10", "reason=VERSION_CONFLICT", "precondition=VERSION"],
                "missing id": ["INVALID_ARGUMENT", "status.code=3", "reason=INVALID_ARGUMENT", "field=needs_round_id"],
                "not found": [
                    "NOT_FOUND", "status.code=5", "reason=NOT_FOUND",
                    "resource=needs report/00000000-0000-4000-8000-000000000404",
                ],
                "no person": ["PERMISSION_DENIED", "status.code=7", "reason=AUTH-R5"],
                "forged token": ["UNAUTHENTICATED", "status.code=16", "reason=AUTH-R1", "field=authorization"],
            ]
            for (name, parts) in expected {
                let line = lines[name] ?? ""
                #expect(line.contains("domain=ksi.no") && line.contains("details=ErrorInfo"), "\(name): \(line)")
                for part in parts { #expect(line.contains(part), "\(name): \(line) lacks \(part)") }
            }
        }
    }

    @Test("the services run on PostgreSQL too: a write through gRPC reads back")
    func servicesRunOnPostgres() async throws {
        try await TestStack.with(storage: .postgres) { stack in
            let kommune = DemoRegion.ownerId("4204")
            let created = try await stack.client(
                .partnerships,
                as: "kommune-kristiansand",
                person: "demo-eier-owner-4204"
            ) { client in
                try await PartnershipServiceClient(wrapping: client).createPartnership(
                    .with {
                        $0.requestId = "pg-1"
                        $0.content = PartnershipContent.with {
                            $0.scheme = .ksi
                            $0.governorOfficeId = DemoRegion.governorOfficeId
                            $0.name = "Inkluderende praksis"
                            $0.ownerIds = [kommune]
                            $0.uhInstitutionIds = ["uia"]
                            $0.validFrom = LocalDate(year: 2025, month: 1, day: 1)
                            $0.validTo = LocalDate(year: 2026, month: 12, day: 31)
                            $0.expectations = PartnershipExpectations.with {
                                $0.what = "Inkluderende praksis"
                                $0.how = "Veiledning"
                                $0.uhHours = 100
                                $0.ownerHours = 100
                            }
                        }
                    }
                )
            }
            let read = try await stack.client(.partnerships, as: "kommune-kristiansand", person: "demo-eier-owner-4204")
            { client in
                try await PartnershipServiceClient(wrapping: client).getPartnership(.with { $0.id = created.id })
            }
            #expect(read == created)
        }
    }
}
