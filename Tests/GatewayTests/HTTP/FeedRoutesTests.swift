import Foundation
import GRPCCore
import Hummingbird
import KSICore
import Services
import StackTestSupport
import Testing

/// The event feeds on HTTPS (`GET /api/v1/feeds/{needs,partnerships,allocation,referrals}`, issue 13) against the
/// real services over mutual TLS: the gateway forwards the caller, so the answer is the service's `List…Feed`
/// for the caller's own organisation, byte for byte the same events as over gRPC.
@Suite("Gateway HTTP event feeds over mutual TLS", .serialized)
struct FeedRoutesTests {
    @Test(
        "a kommune's system reads its needs feed on HTTPS: the round opening and its submitted report, the same as over gRPC; resuming is empty; another kommune sees the opening only; a negative cursor is 400 INVALID_ARGUMENT naming afterSequence (LIM-R7), a non-integer one 400"
    )
    func needsFeedMirrorsGRPC() async throws {
        try await TestStack.with(today: CommandRoutesTests.today, withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            let (round, assessment) = try await CommandRoutesTests.prepareRound(stack)
            let id = try await StackHTTPSClient.with(
                stack,
                as: "kommune-kristiansand",
                personId: "demo-eier-owner-4204"
            ) { https in
                let created = try await https.post(
                    "/api/v1/needsReports",
                    json: CommandRoutesTests.needsReportJSON(
                        requestId: "feed-report-1",
                        round: round,
                        assessment: assessment
                    )
                )
                #expect(created.status == .ok, "\(created.text)")
                let id = try #require(created.json?["id"] as? String)
                let version = try #require(Int64(created.json?["version"] as? String ?? ""))
                let submitted = try await https.post(
                    "/api/v1/needsReports/\(id):submit",
                    json: #"{"requestId":"feed-report-1-submit","expectedVersion":\#(version)}"#
                )
                #expect(submitted.status == .ok, "\(submitted.text)")
                return id
            }
            let overGRPC = try await stack.client(.needs, as: "kommune-kristiansand") { client in
                try await NeedsServiceClient(wrapping: client).listNeedsFeed(ListNeedsFeedRequest())
            }
            try await StackHTTPSClient.with(stack, as: "kommune-kristiansand") { https in
                let reply = try await https.get("/api/v1/feeds/needs")
                #expect(reply.status == .ok, "\(reply.text)")
                let overHTTPS = try JSONDecoder().decode(ListNeedsFeedResponse.self, from: reply.body)
                #expect(overHTTPS == overGRPC)
                // By hand: the opening of the round the test prepared (every owner of the embete hears of it) and the
                // submission of the report just made, nothing else.
                #expect(overHTTPS.events.map(\.type) == ["NeedsRoundOpened", "NeedsReportSubmitted"])
                #expect(overHTTPS.events.first?.roundId == round)
                let event = try #require(overHTTPS.events.last)
                #expect(event.type == "NeedsReportSubmitted")
                #expect(event.needsReportId == id)
                #expect(event.leadOwnerId == CommandRoutesTests.kristiansand)
                #expect(event.sequence > 0 && overHTTPS.nextAfterSequence == event.sequence)

                let resumed = try await https.get(
                    "/api/v1/feeds/needs?afterSequence=\(overHTTPS.nextAfterSequence)&pageSize=10"
                )
                #expect(resumed.status == .ok)
                let rest = try JSONDecoder().decode(ListNeedsFeedResponse.self, from: resumed.body)
                #expect(rest.events.isEmpty && rest.nextAfterSequence == overHTTPS.nextAfterSequence)

                let negative = try await https.get("/api/v1/feeds/needs?afterSequence=-1")
                // A negative cursor breaks LIM-R7: over HTTP a rule violation is 400 INVALID_ARGUMENT with the rule as reason (AIP-193).
                #expect(negative.status == .badRequest && negative.reason == "LIM-R7", "\(negative.text)")
                #expect(
                    negative.violations.contains { $0.field == "afterSequence" && $0.rule == "LIM-R7" },
                    "\(negative.violations)"
                )
                let garbled = try await https.get("/api/v1/feeds/allocation?afterSequence=abc")
                #expect(garbled.status == .badRequest)
                #expect(garbled.violations.map(\.field) == ["afterSequence"])
                let size = try await https.get("/api/v1/feeds/partnerships?pageSize=99999999999")
                #expect(size.status == .badRequest)

                for feed in ["partnerships", "allocation", "referrals"] {
                    let empty = try await https.get("/api/v1/feeds/\(feed)")
                    #expect(empty.status == .ok, "\(feed): \(empty.text)")
                    #expect((empty.json?["events"] as? [Any] ?? []).isEmpty, "\(feed)")
                }
            }
            try await StackHTTPSClient.with(stack, as: "kommune-arendal") { https in
                let other = try await https.get("/api/v1/feeds/needs")
                #expect(other.status == .ok)
                #expect(!other.text.contains(id))
                // Arendal hears of the round opening in its embete, not of Kristiansand's report.
                let otherFeed = try JSONDecoder().decode(ListNeedsFeedResponse.self, from: other.body)
                #expect(otherFeed.events.map(\.type) == ["NeedsRoundOpened"])
            }
        }
    }
}
