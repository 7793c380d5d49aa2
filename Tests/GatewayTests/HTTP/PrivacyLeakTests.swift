import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Hummingbird
import KSICore
import KSIDemoData
import Services
import StackTestSupport
import Testing

/// The leaks of issue 12 item 3 that go through the gateway, closed over the wire: the four real services
/// and the gateway (`StackTestSupport`), each organisation with its own client certificate.
/// - V2 (and every view) shows another owner's drafts to no one but those the owning service lets read
///   them (PRIV-R12, `ViewVisibility`);
/// - `GET /api/v1/referrals/{id}` is answered by `GetReferralProgress`: no child data reaches the gateway
///   and a poll writes nothing to the access log (PRIV-R1, R8);
/// - the record-level milestone stream is for the system identities only; Udir gets suppressed aggregates
///   through the views (PRIV-R5).
@Suite("Issue 12 leaks closed over the wire (PRIV-R1, R5, R8, R12)", .serialized)
struct PrivacyLeakTests {
    static let today = CommandRoutesTests.today
    static let draftTitle = "Utkast fra Kristiansand (lekkasjetest)"
    static let submittedTitle = "Innsendt fra Kristiansand (lekkasjetest)"

    /// Kristiansand's draft and submitted report in the Agder KSI 2025 round, made through the HTTPS API.
    static func kristiansandReports(_ stack: TestStack) async throws -> (draft: String, submitted: String) {
        let (round, assessment) = try await CommandRoutesTests.prepareRound(stack)
        func body(_ requestId: String, _ title: String) -> String {
            CommandRoutesTests.needsReportJSON(requestId: requestId, round: round, assessment: assessment)
                .replacingOccurrences(of: "Inkluderende praksis i Kristiansand (test)", with: title)
        }
        return try await StackHTTPSClient.with(stack, as: "kommune-kristiansand", personId: "demo-eier-owner-4204") {
            https in
            let draft = try await https.post("/api/v1/needsReports", json: body("leak-draft", Self.draftTitle))
            #expect(draft.status == .ok, "\(draft.text)")
            #expect(draft.json?["status"] as? String == "NEEDS_REPORT_STATUS_DRAFT")
            let second = try await https.post("/api/v1/needsReports", json: body("leak-submitted", Self.submittedTitle))
            #expect(second.status == .ok, "\(second.text)")
            let secondId = try #require(second.json?["id"] as? String)
            let version = try #require(Int64(second.json?["version"] as? String ?? ""))
            let submitted = try await https.post(
                "/api/v1/needsReports/\(secondId):submit",
                json: #"{"requestId":"leak-submitted-submit","expectedVersion":\#(version)}"#
            )
            #expect(submitted.status == .ok, "\(submitted.text)")
            #expect(submitted.json?["status"] as? String == "NEEDS_REPORT_STATUS_SUBMITTED")
            return (try #require(draft.json?["id"] as? String), try #require(submitted.json?["id"] as? String))
        }
    }

    /// The report ids V2 of Kristiansand lists for one caller, from the JSON API.
    static func profileReportIds(_ https: StackHTTPSClient) async throws -> Set<String> {
        let profile = try await https.get("/api/v1/municipalities/4204/profile?scheme=ksi&year=2025")
        #expect(profile.status == .ok, "\(profile.text)")
        let reports = profile.json?["reports"] as? [[String: Any]] ?? []
        return Set(reports.compactMap { $0["needsReportId"] as? String })
    }

    /// V1's count of Agder KSI 2025 reports in `status` for one caller (0 when absent); `status` is the
    /// proto value name and the count an int64 decimal string (proto3 JSON).
    static func overviewCount(_ https: StackHTTPSClient, _ status: String) async throws -> Int64 {
        let overview = try await https.get("/api/v1/regions/agder/overview?scheme=ksi&year=2025")
        #expect(overview.status == .ok, "\(overview.text)")
        let counts = (overview.json?["totals"] as? [String: Any])?["reportsByStatus"] as? [[String: Any]] ?? []
        return counts.first { $0["status"] as? String == status }.flatMap {
            ($0["count"] as? String).flatMap({ Int64($0) })
        } ?? 0
    }

    @Test(
        "PRIV-R12: kommune B sees kommune A's submitted report in V2 (API, page and gRPC) but never its draft, not even as a V1 count; A and the embete see both"
    )
    func municipalityProfileHidesOtherOwnersDrafts() async throws {
        try await TestStack.with(today: Self.today, withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            let (draft, submitted) = try await Self.kristiansandReports(stack)

            try await StackHTTPSClient.with(stack, as: "kommune-arendal", personId: "demo-eier-owner-4203") { https in
                #expect(try await Self.profileReportIds(https) == [submitted])
                let page = try await https.get("/kommuner/4204?scheme=ksi&year=2025")
                #expect(page.status == .ok)
                #expect(page.text.contains(Self.submittedTitle))
                #expect(!page.text.contains(Self.draftTitle))
                #expect(try await Self.overviewCount(https, "NEEDS_REPORT_STATUS_DRAFT") == 0)
                #expect(try await Self.overviewCount(https, "NEEDS_REPORT_STATUS_SUBMITTED") == 1)
            }
            let overGRPC = try await stack.gatewayClient(as: "kommune-arendal", person: "demo-eier-owner-4203") {
                gateway in
                try await gateway.getMunicipalityProfile(
                    .with {
                        $0.municipalityId = "4204"
                        $0.scheme = .ksi
                        $0.year = 2025
                    }
                )
            }
            #expect(overGRPC.reports.map(\.needsReportId) == [submitted])

            // The owner itself and the embete's staff (PRIV-R12: they read everything in their embete) see the draft too.
            for (entitled, person) in [
                ("kommune-kristiansand", "demo-eier-owner-4204"),
                ("statsforvalter-agder", DemoPersons.dashboardDefault),
            ] {
                try await StackHTTPSClient.with(stack, as: entitled, personId: person) { https in
                    #expect(try await Self.profileReportIds(https) == [draft, submitted], "\(entitled)")
                    let page = try await https.get("/kommuner/4204?scheme=ksi&year=2025")
                    #expect(
                        page.text.contains(Self.draftTitle) && page.text.contains(Self.submittedTitle),
                        "\(entitled)"
                    )
                    #expect(try await Self.overviewCount(https, "NEEDS_REPORT_STATUS_DRAFT") == 1, "\(entitled)")
                }
            }
        }
    }

    /// The child-data reads logged for a referral, read from ReferralService as Statped (the DPO's list, PRIV-R8).
    static func accessLog(_ stack: TestStack, _ referralId: String) async throws -> [ChildDataAccessRecord] {
        try await stack.client(.referral, as: "statped", person: "demo-statped-leder") { client in
            try await ReferralServiceClient(wrapping: client).listChildDataAccess(.with { $0.referralId = referralId })
                .items
        }
    }

    @Test(
        "PRIV-R1, R8: polling GET /api/v1/referrals/{id}/progress (GetReferralProgress) answers the status and milestones, holds no child data, and writes nothing to the referral's access log; GET /api/v1/referrals/{id} (GetReferral) is authorised and logged by the service as over gRPC"
    )
    func referralProgressIsNotAChildDataRead() async throws {
        try await TestStack.with(today: Self.today, withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            try await StackHTTPSClient.with(stack, as: "ppt-kristiansand", personId: "demo-ppt-leder-ppt-4204") {
                https in
                let created = try await CommandRoutesTests.submitReferral(https)
                #expect(created.status == .ok, "\(created.text)")
                let id = try #require(created.json?["id"] as? String)
                let logBefore = try await Self.accessLog(stack, id)

                for _ in 0..<3 {
                    let read = try await https.get("/api/v1/referrals/\(id)/progress")
                    #expect(read.status == .ok, "\(read.text)")
                    let progress = try #require(read.json)
                    #expect(progress["id"] as? String == id)
                    #expect(progress["status"] as? String == "REFERRAL_STATUS_SUBMITTED")
                    let milestones = try #require(progress["milestones"] as? [String: Any])
                    #expect(milestones["submittedAt"] as? String == String(stack.time.nowMillis()))
                    // Only the contract's ReferralProgress fields: no child, guardians, case content or free-text reason.
                    #expect(
                        Set(progress.keys).isSubset(of: [
                            "id", "version", "kind", "status", "phase", "governorOfficeId", "milestones",
                            "startupSlaBreached", "returnedAt", "withdrawnAt", "updatedAt",
                        ]),
                        "\(progress.keys.sorted())"
                    )
                    let child = CommandRoutesTests.child
                    for secret in [
                        child.nationalId, child.name, "Demo Foresatt Sju", "2016-03-14", #""year":2016"#, "hørsel",
                        child.unitId, "Treng rettleiing",
                    ] {
                        #expect(!read.text.contains(secret), "the answer contains \(secret)")
                    }
                }
                // The service never opened the record for the gateway: the access log is unchanged (it was 3 more
                // entries when the gateway read the whole referral with GetReferral).
                let logAfter = try await Self.accessLog(stack, id)
                #expect(logAfter.map(\.id) == logBefore.map(\.id))

                // A full read by the PPT office over gRPC is still logged: the log is live, not switched off.
                try await stack.client(.referral, as: "ppt-kristiansand", person: "demo-ppt-leder-ppt-4204") { client in
                    _ = try await ReferralServiceClient(wrapping: client).getReferral(
                        .with {
                            $0.id = id
                            $0.purpose = "case work"
                        }
                    )
                }
                #expect(try await Self.accessLog(stack, id).count == logBefore.count + 1)

                // GetReferral over HTTPS is the same RPC: the service authorises it and logs the read (PRIV-R8).
                let full = try await https.get("/api/v1/referrals/\(id)?purpose=case%20work")
                #expect(full.status == .ok, "\(full.text)")
                #expect(try await Self.accessLog(stack, id).count == logBefore.count + 2)

                // Progress has the referral's readers: a municipality that is not the referring PPT office is refused.
                try await StackHTTPSClient.with(stack, as: "kommune-arendal", personId: "demo-eier-owner-4203") {
                    other in
                    let refused = try await other.get("/api/v1/referrals/\(id)/progress")
                    #expect(refused.status == .forbidden, "\(refused.text)")
                    let refusedRead = try await other.get("/api/v1/referrals/\(id)?purpose=curiosity")
                    #expect(refusedRead.status == .forbidden, "\(refusedRead.text)")
                    #expect(!refusedRead.text.contains(CommandRoutesTests.child.name))
                }
            }
        }
    }

    @Test(
        "PRIV-R5: Udir reading the milestone stream directly is refused (also through the gateway identity), while the gateway's aggregate views work for Udir, suppressed below 5"
    )
    func udirGetsAggregatesOnly() async throws {
        try await TestStack.with(today: Self.today, withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            let referral = try await StackHTTPSClient.with(
                stack,
                as: "ppt-kristiansand",
                personId: "demo-ppt-leder-ppt-4204"
            ) { https in
                let created = try await CommandRoutesTests.submitReferral(https)
                #expect(created.status == .ok, "\(created.text)")
                return try #require(created.json?["id"] as? String)
            }

            // Directly, with Udir's own certificate.
            let direct = await #expect(throws: RPCError.self) {
                try await stack.client(.referral, as: "udir", person: "demo-udir") { client in
                    try await ReferralServiceClient(wrapping: client).listReferralMilestones(.init())
                }
            }
            #expect(direct?.code == .permissionDenied)
            // Through the gateway's identity with Udir as the forwarded principal: the principal decides.
            let udirOrg = try #require(DemoRegion.identities.first { $0.name == "udir" }?.orgNumber)
            let udir = try stack.reference.caller(orgNumber: udirOrg, personId: "demo-udir", on: Self.today)
            let forwarded = await #expect(throws: RPCError.self) {
                try await stack.client(.referral, as: "gateway-client") { client in
                    try await ReferralServiceRemote(
                        ReferralServiceClient(wrapping: client),
                        metadata: stack.metadata(for: udir)
                    )
                    .listReferralMilestones(.init())
                }
            }
            #expect(forwarded?.code == .permissionDenied)
            // The gateway itself reads the stream: one milestone, the submission of the referral made above.
            let stream = try await stack.client(.referral, as: "gateway-client") { client in
                try await ReferralServiceClient(wrapping: client).listReferralMilestones(.init())
            }
            #expect(stream.events.map(\.referralId) == [referral])

            // The aggregates: one open referral, shown to Udir as "<5" (PRIV-R5) and to Statped intake as 1 (PRIV-R4).
            let (waiting, queue) = try await stack.gatewayClient(as: "udir", person: "demo-udir") { gateway in
                (
                    try await gateway.getReferralWaitingTimes(
                        .with {
                            $0.governorOfficeId = "agder"
                            $0.year = 2025
                        }
                    ),
                    try await gateway.getReferralQueue(.with { $0.governorOfficeId = "agder" })
                )
            }
            #expect(waiting.referralSection?.available == true)
            #expect(waiting.totals?.openCases == SuppressedCount.with { $0.suppressed = true })
            #expect(waiting.totals?.openCaseAgeMedianDays == 0)
            #expect(queue.byStatus.map(\.status) == [.submitted])
            #expect(queue.byStatus.map(\.count) == [SuppressedCount.with { $0.suppressed = true }])
            let statped = try await stack.gatewayClient(as: "statped", person: "demo-statped-inntak") { gateway in
                try await gateway.getReferralQueue(.with { $0.governorOfficeId = "agder" })
            }
            #expect(statped.byStatus.map(\.count) == [SuppressedCount.with { $0.value = 1 }])
            try await StackHTTPSClient.with(stack, as: "udir", personId: "demo-udir") { https in
                let queue = try await https.get("/api/v1/regions/agder/referral-queue")
                #expect(queue.status == .ok, "\(queue.text)")
                #expect(!queue.text.contains(referral))
                let byStatus = queue.json?["byStatus"] as? [[String: Any]] ?? []
                #expect(byStatus.map { ($0["count"] as? [String: Any])?["suppressed"] as? Bool } == [true])
            }
        }
    }
}
