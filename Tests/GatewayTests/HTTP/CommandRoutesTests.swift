import Foundation
import GRPCCore
import Hummingbird
import KSICore
import KSIDemoData
import Services
import StackTestSupport
import Testing

/// The HTTP API's commands against the four real services over mutual TLS (the stack, without the demo
/// year): each caller presents its own client certificate to the gateway, which forwards it as the
/// principal, so the services' own rules decide (docs/gateway.md "Commands through the gateway").
///
/// The needs round (Agder, KSI 2025, open 10 January to 14 February) and a needs assessment are made
/// directly on NeedsService; the clock stands at 20 January 2025.
@Suite("Gateway HTTP command routes over mutual TLS", .serialized)
struct CommandRoutesTests {
    static let today = LocalDate(year: 2025, month: 1, day: 20)
    static let kristiansand = "owner-4204"

    /// Opens the Agder KSI 2025 round as the statsforvalter and records Kristiansand's needs assessment;
    /// returns (round id, assessment id).
    static func prepareRound(_ stack: TestStack) async throws -> (round: String, assessment: String) {
        let round = try await stack.client(.needs, as: "statsforvalter-agder", person: DemoPersons.dashboardDefault) {
            client in
            let needs = NeedsServiceClient(wrapping: client)
            let planned = try await needs.createNeedsRound(
                .with {
                    $0.requestId = "cmd-round"
                    $0.governorOfficeId = "agder"
                    $0.scheme = .ksi
                    $0.year = 2025
                    $0.opensOn = LocalDate(year: 2025, month: 1, day: 10)
                    $0.submissionDeadline = LocalDate(year: 2025, month: 2, day: 14)
                }
            )
            return try await needs.openNeedsRound(
                .with {
                    $0.requestId = "cmd-open"
                    $0.needsRoundId = planned.id
                    $0.expectedVersion = planned.version
                }
            )
        }
        let assessment = try await stack.client(.needs, as: "kommune-kristiansand", person: "demo-eier-owner-4204") {
            client in
            try await NeedsServiceClient(wrapping: client).createNeedsAssessment(
                .with {
                    $0.requestId = "cmd-assessment"
                    $0.content = .with {
                        $0.ownerId = kristiansand
                        $0.unitIds = ["unit-4204-school-1"]
                        $0.conductedOn = LocalDate(year: 2024, month: 10, day: 1)
                        $0.tool = .pedagogicalAnalysis
                        $0.staffInvolved = true
                        $0.pptInvolved = true
                        $0.unionRepConsultedOn = LocalDate(year: 2024, month: 10, day: 1)
                        $0.findings = "Behov for inkluderende praksis (test)."
                        $0.themes = [.inclusivePractice]
                    }
                }
            )
        }
        return (round.id, assessment.id)
    }

    /// A needs report as a municipal system writes it: the documented JSON (lowerCamelCase, enums by case
    /// name, dates as YYYY-MM-DD, øre as integers). `uhPartners` empty breaks NEED-R2.
    static func needsReportJSON(
        requestId: String,
        round: String,
        assessment: String,
        uhPartners: [String] = ["uia"]
    ) -> String {
        let partners = uhPartners.map { "\"\($0)\"" }.joined(separator: ",")
        return """
            {"requestId":"\(requestId)","roundId":"\(round)","leadOwnerId":"\(kristiansand)",
             "content":{"networkId":"network-kristiansandsregionen","title":"Inkluderende praksis i Kristiansand (test)",
              "participatingUnitIds":["unit-4204-school-1"],"sectors":["SECTOR_COMPULSORY_SCHOOL"],"themes":["THEME_CODE_INCLUSIVE_PRACTICE"],
              "targetGroups":["TARGET_GROUP_TEACHERS","TARGET_GROUP_PPT_STAFF"],"assessmentIds":["\(assessment)"],
              "ownerPlanReference":"Kvalitetsplan for oppvekst (test)","uhPartnerIds":[\(partners)],"uhContactedOn":{"year":2024,"month":11,"day":1},
              "pptInvolvement":"PPT_INVOLVEMENT_PARTICIPATING","pptOfficeIds":["ppt-4204"],
              "requestedAmountOre":50000000,"requestedYears":2}}
            """
    }

    @Test(
        "a municipality creates a needs report and submits it over the transcoded RPCs (200, AIP-133/136) and reads its status back; a retry of both is idempotent; another municipality cannot read it"
    )
    func needsReportRoundTrip() async throws {
        try await TestStack.with(today: Self.today, withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            let (round, assessment) = try await Self.prepareRound(stack)
            let id = try await StackHTTPSClient.with(
                stack,
                as: "kommune-kristiansand",
                personId: "demo-eier-owner-4204"
            ) { https in
                let created = try await https.post(
                    "/api/v1/needsReports",
                    json: Self.needsReportJSON(requestId: "cmd-report-1", round: round, assessment: assessment)
                )
                #expect(created.status == .ok, "\(created.text)")
                let body = try #require(created.json)
                let id = try #require(body["id"] as? String)
                #expect(body["status"] as? String == "NEEDS_REPORT_STATUS_DRAFT")
                let version = try #require(Int64(body["version"] as? String ?? ""))
                let submitted = try await https.post(
                    "/api/v1/needsReports/\(id):submit",
                    json: #"{"requestId":"cmd-report-1-submit","expectedVersion":\#(version)}"#
                )
                #expect(submitted.status == .ok, "\(submitted.text)")
                #expect(submitted.json?["status"] as? String == "NEEDS_REPORT_STATUS_SUBMITTED")

                let read = try await https.get("/api/v1/needsReports/\(id)")
                #expect(read.status == .ok)
                let report = try #require(read.json)
                #expect(report["status"] as? String == "NEEDS_REPORT_STATUS_SUBMITTED")
                #expect(report["leadOwnerId"] as? String == Self.kristiansand)
                #expect(report["governorOfficeId"] as? String == "agder")
                #expect(report["requestedAmountOre"] as? String == "50000000")
                #expect(report["roundId"] as? String == round)

                // The same calls again (a retry) are idempotent in both steps: the same report, still submitted.
                let retried = try await https.post(
                    "/api/v1/needsReports",
                    json: Self.needsReportJSON(requestId: "cmd-report-1", round: round, assessment: assessment)
                )
                #expect(retried.status == .ok, "\(retried.text)")
                #expect(retried.json?["id"] as? String == id)
                let resubmitted = try await https.post(
                    "/api/v1/needsReports/\(id):submit",
                    json: #"{"requestId":"cmd-report-1-submit","expectedVersion":\#(version)}"#
                )
                #expect(resubmitted.status == .ok, "\(resubmitted.text)")
                #expect(resubmitted.json?["status"] as? String == "NEEDS_REPORT_STATUS_SUBMITTED")
                return id
            }
            try await StackHTTPSClient.with(stack, as: "kommune-arendal") { https in
                let refused = try await https.get("/api/v1/needsReports/\(id)")
                #expect(
                    refused.status == .forbidden || refused.status == .notFound,
                    "\(refused.status) \(refused.text)"
                )
                #expect(!refused.text.contains("Inkluderende praksis i Kristiansand"))
            }
        }
    }

    @Test(
        "a needs report without a UH partner is refused on submit with 400 INVALID_ARGUMENT naming the field and NEED-R2 and stays a draft; the draft is corrected over HTTPS (UpdateNeedsReport, PATCH) and then submits; malformed JSON is a 400"
    )
    func needsReportViolations() async throws {
        try await TestStack.with(today: Self.today, withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            let (round, assessment) = try await Self.prepareRound(stack)
            try await StackHTTPSClient.with(stack, as: "kommune-kristiansand", personId: "demo-eier-owner-4204") {
                https in
                let draft = try await https.post(
                    "/api/v1/needsReports",
                    json: Self.needsReportJSON(
                        requestId: "cmd-report-2",
                        round: round,
                        assessment: assessment,
                        uhPartners: []
                    )
                )
                #expect(draft.status == .ok, "\(draft.text)")
                let id = try #require(draft.json?["id"] as? String)
                #expect(draft.json?["status"] as? String == "NEEDS_REPORT_STATUS_DRAFT")
                let version = try #require(Int64(draft.json?["version"] as? String ?? ""))

                let refused = try await https.post(
                    "/api/v1/needsReports/\(id):submit",
                    json: #"{"requestId":"cmd-submit-2","expectedVersion":\#(version)}"#
                )
                #expect(refused.status == .badRequest, "\(refused.text)")
                #expect(
                    (refused.json?["error"] as? [String: Any])?["status"] as? String == "INVALID_ARGUMENT"
                        && refused.reason == "NEED-R2"
                )
                #expect(
                    refused.violations.contains { $0.rule == "NEED-R2" && $0.field.contains("uhPartner") },
                    "\(refused.violations)"
                )

                let read = try await https.get("/api/v1/needsReports/\(id)")
                #expect(read.json?["status"] as? String == "NEEDS_REPORT_STATUS_DRAFT")

                // Query parameters (the standard transcoding rules): JSON or proto names, a repeated field by repeating it.
                let listed = try await https.get(
                    "/api/v1/needsReports?round_id=\(round)&statuses=NEEDS_REPORT_STATUS_DRAFT&statuses=NEEDS_REPORT_STATUS_SUBMITTED&pageSize=10"
                )
                #expect(listed.status == .ok, "\(listed.text)")
                #expect(
                    ((listed.json?["items"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String } == [id],
                    "\(listed.text)"
                )
                let unknown = try await https.get("/api/v1/needsReports?colour=red")
                #expect(
                    unknown.status == .badRequest && unknown.violations.map(\.field) == ["colour"],
                    "\(unknown.text)"
                )
                let notANumber = try await https.get("/api/v1/needsReports?pageSize=ten")
                #expect(
                    notANumber.status == .badRequest && notANumber.violations.map(\.field) == ["pageSize"],
                    "\(notANumber.text)"
                )
                let twice = try await https.get("/api/v1/needsReports?roundId=a&roundId=b")
                #expect(twice.status == .badRequest && twice.violations.map(\.field) == ["roundId"], "\(twice.text)")
                // With body "*" every field is in the body: a query parameter is refused, naming it.
                let queried = try await https.post(
                    "/api/v1/needsReports/\(id):submit?expectedVersion=\(version)",
                    json: #"{"requestId":"cmd-submit-q"}"#
                )
                #expect(
                    queried.status == .badRequest && queried.violations.map(\.field) == ["expectedVersion"],
                    "\(queried.text)"
                )
                #expect(
                    try await https.get("/api/v1/needsReports/\(id)").json?["status"] as? String
                        == "NEEDS_REPORT_STATUS_DRAFT"
                )

                // Issue 14: the draft can be fixed over HTTPS. The content with a UH partner, then a submit with a new request id.
                let corrected = try #require(
                    try JSONSerialization.jsonObject(
                        with: Data(Self.needsReportJSON(requestId: "x", round: round, assessment: assessment).utf8)
                    ) as? [String: Any]
                )
                let update: [String: Any] = [
                    "requestId": "cmd-update-2", "expectedVersion": version, "content": corrected["content"] as Any,
                ]
                let updated = try await https.patch(
                    "/api/v1/needsReports/\(id)",
                    json: String(decoding: try JSONSerialization.data(withJSONObject: update), as: UTF8.self)
                )
                #expect(updated.status == .ok, "\(updated.text)")
                let newVersion = try #require(Int64(updated.json?["version"] as? String ?? ""))
                let submitted = try await https.post(
                    "/api/v1/needsReports/\(id):submit",
                    json: #"{"requestId":"cmd-submit-2b","expectedVersion":\#(newVersion)}"#
                )
                #expect(submitted.status == .ok, "\(submitted.text)")
                #expect(submitted.json?["status"] as? String == "NEEDS_REPORT_STATUS_SUBMITTED")

                let malformed = try await https.post("/api/v1/needsReports", json: #"{"requestId": 12, "content": "#)
                #expect(malformed.status == .badRequest)
                #expect((malformed.json?["error"] as? [String: Any])?["status"] as? String == "INVALID_ARGUMENT")
            }
        }
    }

    @Test(
        "request limits over HTTPS: every out-of-bounds field is a 400 naming its JSON path and rule, an impossible date a 400 naming it (LIM-R3), a request id over 128 characters a 422 (LIM-R4), and nothing is stored; the simulator's amounts too (LIM-R2)"
    )
    func needsReportRequestLimits() async throws {
        try await TestStack.with(today: Self.today, withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            let (round, assessment) = try await Self.prepareRound(stack)
            try await StackHTTPSClient.with(stack, as: "kommune-kristiansand", personId: "demo-eier-owner-4204") {
                https in
                // LIM-R4 empty request id, LIM-R2 one øre over 10 000 000 000 kr, LIM-R5 a 129-character unit id.
                let bounded = Self.needsReportJSON(requestId: "", round: round, assessment: assessment)
                    .replacingOccurrences(
                        of: #""requestedAmountOre":50000000"#,
                        with: #""requestedAmountOre":1000000000001"#
                    )
                    .replacingOccurrences(
                        of: #""participatingUnitIds":["unit-4204-school-1"]"#,
                        with: #""participatingUnitIds":["unit-4204-school-1","\#(String(repeating: "u", count: 129))"]"#
                    )
                let refused = try await https.post("/api/v1/needsReports", json: bounded)
                #expect(refused.status == .badRequest, "\(refused.text)")
                #expect(
                    Set(refused.violations.map { "\($0.rule) \($0.field)" }) == [
                        "LIM-R4 requestId", "LIM-R2 content.requestedAmountOre",
                        "LIM-R5 content.participatingUnitIds[1]",
                    ],
                    "\(refused.violations)"
                )

                let impossibleDate = Self.needsReportJSON(
                    requestId: "cmd-limits-1",
                    round: round,
                    assessment: assessment
                )
                .replacingOccurrences(
                    of: #""uhContactedOn":{"year":2024,"month":11,"day":1}"#,
                    with: #""uhContactedOn":{"year":2024,"month":11,"day":31}"#
                )
                let badDate = try await https.post("/api/v1/needsReports", json: impossibleDate)
                #expect(badDate.status == .badRequest, "\(badDate.text)")
                #expect(
                    badDate.violations.map { "\($0.rule) \($0.field)" } == ["LIM-R3 content.uhContactedOn"],
                    "\(badDate.violations)"
                )

                // 129 characters: one over LIM-R4, so no draft is left.
                let longId = Self.needsReportJSON(
                    requestId: String(repeating: "r", count: 129),
                    round: round,
                    assessment: assessment
                )
                let tooLong = try await https.post("/api/v1/needsReports", json: longId)
                #expect(tooLong.status == .badRequest, "\(tooLong.text)")
                #expect(
                    tooLong.violations.map { "\($0.rule) \($0.field)" } == ["LIM-R4 requestId"],
                    "\(tooLong.violations)"
                )
            }
            let stored = try await stack.client(.needs, as: "kommune-kristiansand", person: "demo-eier-owner-4204") {
                client in
                try await NeedsServiceClient(wrapping: client).listNeedsReports(.with { $0.roundId = round })
            }
            #expect(stored.items.isEmpty, "\(stored.items.map(\.id))")

            // The simulator (V12) over HTTPS: AllocationService refuses the amounts, the gateway passes the paths on.
            try await StackHTTPSClient.with(stack, as: "statsforvalter-agder", personId: DemoPersons.dashboardDefault) {
                https in
                let simulation =
                    #"{"governorOfficeId":"agder","scheme":"SCHEME_KSI","year":2025,"frameOre":1000000000001,"#
                    + #""methods":[{"method":"ALLOCATION_METHOD_NEEDS_BASED"}],"draftLines":[{"draftLineRef":"a","amountOre":100},{"draftLineRef":"b","amountOre":-5}]}"#
                let refused = try await https.post("/api/v1/simulations", json: simulation)
                #expect(refused.status == .badRequest, "\(refused.text)")
                #expect(
                    Set(refused.violations.map { "\($0.rule) \($0.field)" }) == [
                        "LIM-R2 frameOre", "LIM-R2 draftLines[1].amountOre",
                    ],
                    "\(refused.violations)"
                )
            }
        }
    }

    /// A referral as a PPT office's system sends it; the child's identity goes in, never comes back out.
    static let child = ChildInput.with {
        $0.nationalId = DemoPeople.dNumber(born: LocalDate(year: 2016, month: 3, day: 14), serial: 7)
        $0.name = "Testbarn Sju"
        $0.birthDate = LocalDate(year: 2016, month: 3, day: 14)
        $0.residenceMunicipalityId = "4204"
        $0.unitId = "unit-4204-school-1"
    }

    static let referral = CreateReferralRequest.with {
        $0.requestId = "cmd-referral-1"
        $0.kind = .individual
        $0.referringPptOfficeId = "ppt-4204"
        $0.child = child
        $0.content = .with {
            $0.guardians = [
                .with {
                    $0.name = "Demo Foresatt Sju"
                    $0.relation = "mor"
                    $0.hasParentalResponsibility = true
                    $0.phone = "+47 400 00 007"
                }
            ]
            $0.subjectAreas = [.hearing]
            $0.grounds = [.triedLocallyWithoutResult]
            $0.needDescription = "Treng rettleiing innan hørsel (test)."
            $0.triedMeasures = "Tilpassa opplæring gjennom eitt år (test)."
            $0.attachmentChecklist = [
                AttachmentKind.expertAssessment, .individualDecision, .individualEducationPlan, .individualPlan,
                .pedagogicalReport, .audiogram, .visionAssessment,
            ].map { kind in
                AttachmentChecklistItem.with {
                    $0.kind = kind
                    $0.availability = .doesNotExist
                }
            }
        }
    }

    /// Creates `referral` and submits it with the guardians' agreement (REF-R6a): CreateReferral, then
    /// SubmitReferral, as a PPT system calls them over HTTPS. Returns the submit's answer (or the create's refusal).
    static func submitReferral(
        _ https: StackHTTPSClient,
        _ referral: CreateReferralRequest = referral
    ) async throws -> StackHTTPSClient.Reply {
        let created = try await https.post("/api/v1/referrals", body: referral)
        guard created.status == .ok, let id = created.json?["id"] as? String,
            let version = Int64(created.json?["version"] as? String ?? "")
        else { return created }
        return try await https.post(
            "/api/v1/referrals/\(id):submit",
            json:
                #"{"requestId":"\#(referral.requestId)-submit","expectedVersion":\#(version),"guardianAgreementConfirmed":true}"#
        )
    }

    @Test(
        "a PPT office creates and submits a referral and polls its status and milestones at /progress (GetReferralProgress) with no child data in the answer (PRIV-R1)"
    )
    func referralProgress() async throws {
        try await TestStack.with(today: Self.today, withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            // Submitting is the PPT leader's (REF state machine): the leader's token, AUTH-R4.
            try await StackHTTPSClient.with(stack, as: "ppt-kristiansand", personId: "demo-ppt-leder-ppt-4204") {
                https in
                let created = try await https.post("/api/v1/referrals", body: Self.referral)
                #expect(created.status == .ok, "\(created.text)")
                let id = try #require(created.json?["id"] as? String)
                let version = try #require(Int64(created.json?["version"] as? String ?? ""))
                let submitted = try await https.post(
                    "/api/v1/referrals/\(id):submit",
                    json:
                        #"{"requestId":"cmd-referral-1-submit","expectedVersion":\#(version),"guardianAgreementConfirmed":true}"#
                )
                #expect(submitted.status == .ok, "\(submitted.text)")
                #expect(submitted.json?["status"] as? String == "REFERRAL_STATUS_SUBMITTED")

                let read = try await https.get("/api/v1/referrals/\(id)/progress")
                #expect(read.status == .ok, "\(read.text)")
                let progress = try #require(read.json)
                #expect(progress["status"] as? String == "REFERRAL_STATUS_SUBMITTED")
                #expect(progress["governorOfficeId"] as? String == "agder")
                let milestones = try #require(progress["milestones"] as? [String: Any])
                // Submitted at the stack's fixed clock (noon, 20 January 2025); nothing later has happened yet.
                #expect(milestones["submittedAt"] as? String == String(stack.time.nowMillis()))
                // Proto3 JSON omits default values: nothing later is written at all.
                for later in ["triagedAt", "acceptedAt", "startupHeldAt", "inServiceAt", "closedAt"] {
                    #expect(milestones[later] == nil, "\(later) is \(milestones[later] ?? "absent")")
                }
                // PRIV-R1: only the progress fields, and nothing of the child, the guardians or the case content.
                #expect(
                    Set(progress.keys).isSubset(of: [
                        "id", "version", "kind", "status", "phase", "governorOfficeId", "milestones",
                        "startupSlaBreached", "returnedAt", "withdrawnAt", "updatedAt",
                    ]),
                    "\(progress.keys.sorted())"
                )
                for secret in [
                    Self.child.nationalId, "Testbarn Sju", "Demo Foresatt Sju", "2016-03-14", #""year":2016"#, "hørsel",
                    "unit-4204-school-1",
                ] {
                    #expect(!read.text.contains(secret), "the answer contains \(secret)")
                }
            }
            // A municipality is not the referring PPT office: it cannot create the referral.
            try await StackHTTPSClient.with(stack, as: "kommune-arendal") { https in
                let created = try await https.post("/api/v1/referrals", body: Self.referral)
                #expect(created.status == .forbidden, "\(created.text)")
            }
        }
    }

    @Test("a request without a client certificate is refused in the TLS handshake, for commands as for views")
    func noCertificate() async throws {
        try await TestStack.with(today: Self.today, withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            await #expect(throws: (any Error).self) {
                try await StackHTTPSClient.with(stack, as: nil) { https in
                    _ = try await https.post("/api/v1/referrals", body: Self.referral)
                }
            }
            await #expect(throws: (any Error).self) {
                try await StackHTTPSClient.with(stack, as: nil) { https in
                    _ = try await https.get("/api/v1/needsReports/anything")
                }
            }
            // The same server answers a caller with a certificate (so the refusal above is the missing certificate).
            let answered = try await StackHTTPSClient.with(
                stack,
                as: "kommune-kristiansand",
                personId: "demo-eier-owner-4204"
            ) { https in
                // a UUID nobody has (a slug is 400, ID-R2)
                try await https.get("/api/v1/needsReports/\(UUID().uuidString.lowercased())")
            }
            #expect(answered.status == .notFound)
        }
    }
}
