import Foundation
@testable import Gateway
import Hummingbird
import HummingbirdTesting
import KSICore
import KSITestSupport
import Testing

/// The JSON API in memory (HummingbirdTesting `.router`), as the statsforvalter caseworker of Agder.
@Suite("Gateway HTTP API: routes, JSON shape and errors")
struct GatewayAPIRouterTests {
    func app(as actor: TestRegion.Actor = .sfCaseworker, needsDown: Bool = false) throws -> some ApplicationProtocol {
        let router = try GatewayRouter.router(views: try HTTPFixture.views(needsDown: needsDown), commands: nil,
                                              authentication: .fixed(orgNumber: HTTPFixture.org(actor)))
        return Application(router: router)
    }

    @Test("V1 region overview answers canonical proto3 JSON: lowerCamelCase fields, enums by proto value name, the query's year and scheme")
    func regionOverviewJSON() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/regions/agder/overview?scheme=ksi&year=2025&breakdowns=sector,ownerType", method: .get) { response in
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
            for (uri, field) in [("/api/v1/regions/agder/overview?scheme=nope", "scheme"),
                                 ("/api/v1/regions/agder/overview?year=abc", "year"),
                                 ("/api/v1/national/overview?breakdowns=sector,colour", "breakdowns")] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest)
                    let error = try #require(try HTTPFixture.json(response.body)["error"] as? [String: Any])
                    #expect(error["code"] as? String == "invalidArgument")
                    let violation = try #require((error["violations"] as? [[String: Any]])?.first)
                    #expect(violation["field"] as? String == field)
                    #expect(violation["rule"] as? String == "COM-INPUT")
                }
            }
        }
    }

    @Test("an unknown embete or municipality in the path is 404")
    func unknownPathIds() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/regions/atlantis/overview", method: .get) { response in
                #expect(response.status == .notFound)
                let code = try HTTPFixture.errorCode(response.body)
                #expect(code == "notFound")
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
                let code = try HTTPFixture.errorCode(response.body)
                #expect(code == "notPermitted")
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
        let body = #"{"governorOfficeId":"agder","scheme":"SCHEME_KSI","year":2025,"frameOre":1000,"#
            + #""methods":[{"method":"ALLOCATION_METHOD_NEEDS_BASED"},{"method":"ALLOCATION_METHOD_PRO_RATA_PER_COUNTY"}],"splitRules":[{"kind":"OWNER_UH_SPLIT_RULE_KIND_EQUAL"}]}"#
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/simulations", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let result = try #require(try HTTPFixture.json(response.body)["result"] as? [String: Any])
                let scenarios = try #require(result["scenarios"] as? [[String: Any]])
                #expect(scenarios.map { $0["method"] as? String } == ["ALLOCATION_METHOD_NEEDS_BASED", "ALLOCATION_METHOD_PRO_RATA_PER_COUNTY"])
                #expect(scenarios.map { $0["totalLinesOre"] as? String } == ["500", "500"])
            }
            try await client.execute(uri: "/api/v1/simulations", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"methods":[{"method":"dice"}]}"#)) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try HTTPFixture.json(response.body)["error"] as? [String: Any])
                #expect((error["message"] as? String ?? "").contains("methods"))
            }
        }
    }

    @Test("domain and gRPC errors map to 400/403/404/409/422/503 with their violations")
    func errorMapping() {
        let rule = DomainError.violations([RuleViolation(field: "content.title", rule: "NEED-R1", message: "title missing")])
        let mapped = APIError.from(rule)
        #expect(mapped.status == .unprocessableContent && mapped.code == "ruleViolation")
        #expect(mapped.violations == [.init(field: "content.title", rule: "NEED-R1", message: "title missing")])
        #expect(APIError.from(DomainError.notFound("needs report", "x")).status == .notFound)
        #expect(APIError.from(DomainError.notPermitted("no")).status == .forbidden)
        #expect(APIError.from(DomainError.illegalTransition("no")).status == .conflict)
        #expect(APIError.from(DomainError.versionConflict(expected: 1, actual: 2)).status == .conflict)
        #expect(APIError.from(DomainError.invalidArgument(field: "id", "missing")).status == .badRequest)
        #expect(APIError.from(SourceUnavailable("down")).status == .serviceUnavailable)
        // The services send a rule violation as INVALID_ARGUMENT with the detail trailer (DomainError+RPC).
        let rpc = RPCError(code: rule.rpcErrorCode, message: rule.rpcErrorMessage, metadata: rule.rpcErrorMetadata)
        let fromRPC = APIError.from(rpc)
        #expect(fromRPC.status == .unprocessableContent)
        #expect(fromRPC.violations.map(\.rule) == ["NEED-R1"])
        #expect(APIError.from(RPCError(code: .unavailable, message: "down")).status == .serviceUnavailable)
        #expect(APIError.from(RPCError(code: .failedPrecondition, message: "state")).status == .conflict)
    }
}

import GRPCCore
import Services
