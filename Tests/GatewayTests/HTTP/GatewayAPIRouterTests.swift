import Foundation
import GRPCCore
import Hummingbird
import HummingbirdTesting
import KSICore
import KSITestSupport
import Services
import Testing

@testable import Gateway

/// The JSON API in memory (HummingbirdTesting `.router`), as the statsforvalter caseworker of Agder.
@Suite("Gateway HTTP API: routes, JSON shape and errors")
struct GatewayAPIRouterTests {
    func app(as actor: TestRegion.Actor = .sfCaseworker, needsDown: Bool = false) throws -> some ApplicationProtocol {
        let router = try GatewayRouter.router(
            views: try HTTPFixture.views(needsDown: needsDown),
            commands: nil,
            authentication: .fixed(orgNumber: HTTPFixture.org(actor))
        )
        return Application(router: router)
    }

    @Test(
        "V1 region overview answers canonical proto3 JSON: lowerCamelCase fields, enums by proto value name, the query's year and scheme"
    )
    func regionOverviewJSON() async throws {
        try await app().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/regions/agder/overview?scheme=ksi&year=2025&breakdowns=sector,ownerType",
                method: .get
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let body = try HTTPFixture.json(response.body)
                #expect(body["governorOfficeId"] as? String == "agder")
                #expect(body["scheme"] as? String == "SCHEME_KSI")
                #expect(body["year"] as? Int == 2025)
                let section = try #require(body["allocationSection"] as? [String: Any])
                #expect(section["available"] as? Bool == true)
            }
        }
    }

    @Test("the national route asks for every embete (governorOfficeId empty) and the year defaults to today's")
    func nationalOverview() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/national/overview", method: .get) { response in
                #expect(response.status == .ok)
                let body = try HTTPFixture.json(response.body)
                #expect((body["governorOfficeId"] as? String ?? "") == "")
                #expect(body["year"] as? Int == 2025)
            }
        }
    }

    @Test("a stopped needs service marks its section unavailable with a reason and the view still answers 200 (§5)")
    func unavailableSection() async throws {
        try await app(needsDown: true).test(.router) { client in
            try await client.execute(uri: "/api/v1/regions/agder/overview?year=2025", method: .get) { response in
                #expect(response.status == .ok)
                let body = try HTTPFixture.json(response.body)
                let needs = try #require(body["needsSection"] as? [String: Any])
                #expect(needs["available"] == nil)  // false, the default: proto3 JSON omits it
                #expect((needs["reason"] as? String ?? "").contains("needs is stopped"))
                let allocation = try #require(body["allocationSection"] as? [String: Any])
                #expect(allocation["available"] as? Bool == true)
            }
        }
    }

    @Test("a bad query parameter is 400 with the error body naming the field and COM-INPUT")
    func badQuery() async throws {
        try await app().test(.router) { client in
            for (uri, field) in [
                ("/api/v1/regions/agder/overview?scheme=nope", "scheme"),
                ("/api/v1/regions/agder/overview?year=abc", "year"),
                ("/api/v1/national/overview?breakdowns=sector,colour", "breakdowns"),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest)
                    let error = try #require(try HTTPFixture.json(response.body)["error"] as? [String: Any])
                    #expect(error["code"] as? Int == 400 && error["status"] as? String == "INVALID_ARGUMENT")
                    let violation = try #require(HTTPFixture.violations(error).first)
                    #expect(violation.field == field)
                    #expect(violation.rule == "COM-INPUT")
                }
            }
        }
    }

    @Test("an unknown embete or municipality in the path is 404")
    func unknownPathIds() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/regions/atlantis/overview", method: .get) { response in
                #expect(response.status == .notFound)
                let status = try HTTPFixture.errorCode(response.body)
                #expect(status == "NOT_FOUND")
                let error = try HTTPFixture.json(response.body)["error"] as? [String: Any]
                #expect(HTTPFixture.detail(error, "ResourceInfo")?["resourceName"] as? String == "atlantis")
            }
            try await client.execute(uri: "/api/v1/municipalities/0000/profile", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("an organisation with no role gets 403 on V1 but reads V10, the public transparency page (PRIV-R12)")
    func publicCaller() async throws {
        try await app(as: .publicViewer).test(.router) { client in
            try await client.execute(uri: "/api/v1/regions/agder/overview", method: .get) { response in
                #expect(response.status == .forbidden)
                let status = try HTTPFixture.errorCode(response.body)
                #expect(status == "PERMISSION_DENIED")
            }
            try await client.execute(uri: "/api/v1/national/transparency", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("V13 referral queue is refused to a municipality (403) and served to the statsforvalter (PRIV-R5)")
    func referralQueueAccess() async throws {
        try await app(as: .kristiansandOwnerAdmin).test(.router) { client in
            try await client.execute(uri: "/api/v1/regions/agder/referral-queue", method: .get) { response in
                #expect(response.status == .forbidden)
            }
        }
        try await app(as: .sfCaseworker).test(.router) { client in
            try await client.execute(uri: "/api/v1/regions/agder/referral-queue", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("POST /api/v1/simulations returns one scenario per method × split rule; malformed JSON is 400")
    func simulation() async throws {
        let body =
            #"{"governorOfficeId":"agder","scheme":"SCHEME_KSI","year":2025,"frameOre":1000,"#
            + #""methods":[{"method":"ALLOCATION_METHOD_NEEDS_BASED"},{"method":"ALLOCATION_METHOD_PRO_RATA_PER_COUNTY"}],"splitRules":[{"kind":"OWNER_UH_SPLIT_RULE_KIND_EQUAL"}]}"#
        try await app().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/simulations",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
                let result = try #require(try HTTPFixture.json(response.body)["result"] as? [String: Any])
                let scenarios = try #require(result["scenarios"] as? [[String: Any]])
                #expect(
                    scenarios.map { $0["method"] as? String } == [
                        "ALLOCATION_METHOD_NEEDS_BASED", "ALLOCATION_METHOD_PRO_RATA_PER_COUNTY",
                    ]
                )
                #expect(scenarios.map { $0["totalLinesOre"] as? String } == ["500", "500"])
            }
            try await client.execute(
                uri: "/api/v1/simulations",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"methods":[{"method":"dice"}]}"#)
            ) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try HTTPFixture.json(response.body)["error"] as? [String: Any])
                #expect((error["message"] as? String ?? "").contains("methods"))
            }
        }
    }

    @Test(
        "domain and gRPC errors take the HTTP status of google/rpc/code.proto (AIP-193): a rule violation is 400 INVALID_ARGUMENT with the rule as ErrorInfo reason"
    )
    func errorMapping() {
        let rule = DomainError.violations([
            RuleViolation(field: "content.title", rule: "NEED-R1", message: "title missing")
        ])
        let mapped = APIError.from(rule)
        #expect(mapped.status == .badRequest && mapped.reason == "NEED-R1")
        #expect(mapped.violations == [.init(field: "content.title", rule: "NEED-R1", message: "title missing")])
        #expect(APIError.from(DomainError.notFound("needs report", "x")).status == .notFound)
        #expect(APIError.from(DomainError.notPermitted("no")).status == .forbidden)
        #expect(APIError.from(DomainError.illegalTransition("no")).status == .badRequest)  // FAILED_PRECONDITION
        #expect(APIError.from(DomainError.versionConflict(expected: 1, actual: 2)).status == .conflict)  // ABORTED
        #expect(APIError.from(DomainError.alreadyExists("twice")).status == .conflict)
        #expect(APIError.from(DomainError.invalidArgument(field: "id", "missing")).status == .badRequest)
        #expect(APIError.from(SourceUnavailable("down")).status == .serviceUnavailable)
        // The services send a rule violation as INVALID_ARGUMENT with google.rpc.Status (DomainError+RPC).
        let rpc = RPCError(code: rule.rpcErrorCode, message: rule.rpcErrorMessage, metadata: rule.rpcErrorMetadata)
        let fromRPC = APIError.from(rpc)
        #expect(fromRPC.status == .badRequest && fromRPC.reason == "NEED-R1")
        #expect(fromRPC.violations.map(\.rule) == ["NEED-R1"])
        // The standard mapping, code by code (google/rpc/code.proto comments).
        let expected: [(RPCError.Code, Int)] = [
            (.invalidArgument, 400), (.failedPrecondition, 400), (.outOfRange, 400), (.unauthenticated, 401),
            (.permissionDenied, 403),
            (.notFound, 404), (.alreadyExists, 409), (.aborted, 409), (.resourceExhausted, 429), (.cancelled, 499),
            (.internalError, 500), (.unknown, 500), (.dataLoss, 500), (.unimplemented, 501), (.unavailable, 503),
            (.deadlineExceeded, 504),
        ]
        for (code, status) in expected {
            #expect(APIError.from(RPCError(code: code, message: "x")).status.code == status, "\(code)")
        }
    }

    @Test("a proto field path becomes the JSON names a client sends")
    func jsonFieldPaths() {
        #expect(APIError.jsonFieldPath("content.lines[3].amount_ore") == "content.lines[3].amountOre")
        #expect(APIError.jsonFieldPath("content.requested_amount_ore") == "content.requestedAmountOre")
        #expect(APIError.jsonFieldPath("draft_lines[1].amount_ore") == "draftLines[1].amountOre")
        #expect(APIError.jsonFieldPath("trendYears") == "trendYears")
        #expect(APIError.jsonFieldPath("Content-Type") == "Content-Type")
        // A key quoted by ProtoJSON.path (an unknown key as the client wrote it) stays as written.
        #expect(APIError.jsonFieldPath(#"content["round_idx"]"#) == #"content["round_idx"]"#)
        #expect(APIError.jsonFieldPath(#"draft_lines[0]["a\"_b"].x_y"#) == #"draftLines[0]["a\"_b"].xY"#)
    }
}
