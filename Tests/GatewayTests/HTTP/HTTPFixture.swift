import Foundation
import Gateway
import Hummingbird
import KSICore
import KSITestSupport
import Services
import Testing

/// A small fixed world for the HTTP tests: Agder's KSI frame for 2025 (6 MNOK), one submitted report
/// asking 12 MNOK, and a needs source that can be switched off to see an unavailable section.
struct FixtureViewDataSource: ViewDataSource {
    var needsDown = false

    func allocation(_ query: ViewQuery) async throws -> AllocationData {
        var data = AllocationData()
        data.frames = [
            RegionalFrame.with {
                $0.id = "frame-agder-2025"
                $0.governorOfficeId = TestRegion.governorOfficeId
                $0.scheme = .ksi
                $0.year = 2025
                $0.amountOre = 600_000_000
                $0.status = .published
            }
        ]
        return data
    }

    func needs(_ query: ViewQuery) async throws -> NeedsData {
        if needsDown { throw SourceUnavailable("needs is stopped") }
        return NeedsData()
    }

    func partnerships(_ query: ViewQuery) async throws -> PartnershipsData { PartnershipsData() }
    func referral(_ query: ViewQuery) async throws -> ReferralData { ReferralData() }
}

/// A simulator that answers one scenario per method × split rule with a fixed total, so tests can
/// see the form's choices arrive and the scenarios come back side by side.
struct FixtureSimulator: ViewSimulator {
    func simulate(_ request: SimulateAllocationRequest, for caller: Caller) async throws -> SimulateAllocationResponse {
        var response = SimulateAllocationResponse()
        for method in request.methods {
            for rule in request.splitRules {
                response.scenarios.append(
                    .with {
                        $0.method = method.method
                        $0.splitRule = rule
                        $0.totalLinesOre = request.frameOre / 2
                        $0.remainingOre = request.frameOre - request.frameOre / 2
                    }
                )
            }
        }
        return response
    }
}

/// Commands that record what arrived and answer like a service would.
final class RecordingCommands: @unchecked Sendable {
    // @unchecked: `calls` is only touched under `lock`.
    private let lock = NSLock()
    private var _calls: [String] = []
    var calls: [String] { lock.withLock { _calls } }
    func record(_ call: String) { lock.withLock { _calls.append(call) } }
}

enum HTTPFixture {
    static let year: Int32 = 2025

    static func views(needsDown: Bool = false) throws -> GatewayViews {
        GatewayViews(
            source: FixtureViewDataSource(needsDown: needsDown),
            simulator: FixtureSimulator(),
            reference: try TestRegion.reference(),
            time: FixedTimeSource(date: LocalDate(year: 2025, month: 6, day: 2))
        )
    }

    /// The org number of an actor in TestRegion's registry.
    static func org(_ actor: TestRegion.Actor) -> String { TestRegion.orgNumber(actor) }

    /// A development token issuer in `directory`: how the servers verify tokens against TestRegion's
    /// persons (AUTH-R1), the Agder caseworker as the loopback dashboard's person, and `Authorization`
    /// with the caseworker's token for HTTPS clients.
    static func persons(
        in directory: URL
    ) async throws -> (persons: PersonAuthentication, caseworker: DevelopmentPerson, authorization: HTTPFields) {
        let issuer = try DevelopmentTokenIssuer(directory: directory).create()
        let persons = PersonAuthentication(
            reference: try TestRegion.reference(),
            tokens: try PersonTokenVerifier(issuer.config())
        )
        let pid = TestRegion.person(.sfCaseworker).pid
        let token = try await issuer.mint(pid: pid)
        return (persons, DevelopmentPerson(issuer: issuer, pid: pid), [.authorization: "Bearer \(token)"])
    }

    /// The `error.status` of an AIP-193 error body (the google.rpc.Code name, `NOT_FOUND`).
    static func errorCode(_ buffer: ByteBuffer) throws -> String? {
        let error = try json(buffer)["error"] as? [String: Any]
        return error?["status"] as? String
    }

    /// The details of an AIP-193 error object whose `@type` ends with `.<type>` (`ErrorInfo`, `BadRequest`).
    static func detail(_ error: [String: Any]?, _ type: String) -> [String: Any]? {
        (error?["details"] as? [[String: Any]] ?? []).first { ($0["@type"] as? String)?.hasSuffix("." + type) == true }
    }

    /// `ErrorInfo.reason` of an error object: the rule id, or the stable reason of the error's kind.
    static func reason(_ error: [String: Any]?) -> String? { detail(error, "ErrorInfo")?["reason"] as? String }

    /// The BadRequest field violations of an error object as (JSON field path, rule id); the description
    /// starts with the rule id (`LIM-R2: …`).
    static func violations(_ error: [String: Any]?) -> [(field: String, rule: String)] {
        (detail(error, "BadRequest")?["fieldViolations"] as? [[String: Any]] ?? []).map { violation in
            let description = violation["description"] as? String ?? ""
            return (violation["field"] as? String ?? "", String(description.prefix { $0 != ":" }))
        }
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }
}
