import Foundation
import GRPCCore
import KSICore
import KSIDemoData
import Services
import StackTestSupport
import Testing

/// ALLOC-R4 and PART-R7 across the real services: AllocationService reads the cited needs reports from
/// NeedsService over mTLS as its system identity, and GrantCommitted plans the lines' proposed measures in
/// PartnershipService through the relay.
@Suite("Recommendation lines against NeedsService, planned measures from grants, over gRPC")
struct CitedNeedsReportsOverGRPCTests {
    static let options = CallOptions.timeout(.seconds(30))

    static func caseworker(_ stack: TestStack) throws -> Caller {
        let org = try #require(DemoRegion.identities.first { $0.name == "statsforvalter-agder" }?.orgNumber)
        return try stack.reference.caller(
            orgNumber: org,
            personId: DemoPersons.dashboardDefault,
            on: stack.time.today()
        )
    }

    /// A complete line to Kristiansand kommune citing `reports`.
    static func line(citing reports: [String]) -> RecommendationLineContent {
        RecommendationLineContent.with {
            $0.recipientOrgId = DemoRegion.ownerId("4204")
            $0.recipientType = .owner
            $0.uhRecipientOrgId = "uia"
            $0.needsReportIds = reports
            $0.proposedMeasureIds = ["m-1"]
            $0.amountOre = 50_000_000
            $0.years = 1
            $0.ownerShareBp = 6000
            $0.uhShareBp = 4000
            $0.participants = "Alle lærarar ved to skular og PPT"
        }
    }

    @Test(
        "ALLOC-R4 a line citing an unknown report is refused with the field; with NeedsService down it is UNAVAILABLE and nothing is stored"
    )
    func needsServiceDownIsUnavailable() async throws {
        try await TestStack.with { stack in
            let sf = try Self.caseworker(stack)
            try await stack.client(.allocation, as: "gateway-client") { client in
                let allocation = AllocationServiceClient(wrapping: client)
                let metadata = stack.metadata(for: sf)
                let draft = try await allocation.createRecommendation(
                    .with {
                        $0.requestId = "rec-1"
                        $0.roundId = UUID().uuidString.lowercased()  // a needs round id is a UUID (ID-R2)
                        $0.governorOfficeId = DemoRegion.governorOfficeId
                        $0.scheme = .ksi
                        $0.year = 2025
                        $0.forumId = "forum-agder"
                        $0.author = .forum
                    },
                    metadata: metadata,
                    options: Self.options
                )
                let add = AddRecommendationLineRequest.with {
                    $0.requestId = "line-1"
                    $0.recommendationId = draft.id
                    $0.expectedVersion = draft.version
                    // well-formed (ID-R2), written by nobody
                    $0.line = Self.line(citing: [UUID().uuidString.lowercased()])
                }
                let refused = await #expect(throws: RPCError.self) {
                    _ = try await allocation.addRecommendationLine(add, metadata: metadata, options: Self.options)
                }
                #expect(refused?.code == .invalidArgument)
                let violations = refused.map(RPCStatusDetails.violations) ?? []
                #expect(
                    violations.contains { $0.ruleId == "ALLOC-R4" && $0.field == "line.needs_report_ids[0]" },
                    "\(violations)"
                )

                stack.stop(.needs)
                var retry = add
                retry.requestId = "line-2"
                let again = retry
                let down = await #expect(throws: RPCError.self) {
                    _ = try await allocation.addRecommendationLine(again, metadata: metadata, options: Self.options)
                }
                #expect(down?.code == .unavailable, "\(String(describing: down))")
                let stored = try await allocation.getRecommendation(
                    .with { $0.id = draft.id },
                    metadata: metadata,
                    options: Self.options
                )
                #expect(stored.lines.isEmpty)
                #expect(stored.version == draft.version)
            }
        }
    }

    @Test(
        "PART-R7 the demo year's lines carry their reports' measures, and each committed grant planned exactly those measures"
    )
    func committedGrantsPlanTheProposedMeasures() async throws {
        try await TestStack.with { stack in
            _ = try await stack.loadDemoYear()
            let sf = try Self.caseworker(stack)
            let metadata = stack.metadata(for: sf)
            let lines = try await stack.client(.allocation, as: "gateway-client") { client in
                try await AllocationServiceClient(wrapping: client).listRecommendations(
                    .with {
                        $0.governorOfficeId = DemoRegion.governorOfficeId
                        $0.pageSize = 50
                    },
                    metadata: metadata,
                    options: Self.options
                ).items.flatMap(\.lines)
            }
            #expect(!lines.isEmpty)
            // Each line's snapshot is the cited report's proposed measures, as NeedsService holds them.
            try await stack.client(.needs, as: "gateway-client") { client in
                let needs = NeedsServiceClient(wrapping: client)
                for line in lines {
                    let report = try await needs.getNeedsReport(
                        .with { $0.id = line.needsReportIds[0] },
                        metadata: metadata,
                        options: Self.options
                    )
                    #expect(
                        line.proposedMeasures
                            == report.proposedMeasures.filter { line.proposedMeasureIds.contains($0.id) }
                    )
                    #expect(!line.proposedMeasures.isEmpty)
                    #expect(Set(line.themes) == Set(report.themes))
                    #expect(line.requestedAmountOre == report.requestedAmountOre)
                }
            }
            let planned = try await stack.client(.partnerships, as: "gateway-client") { client in
                var planned = 0
                let partnerships = PartnershipServiceClient(wrapping: client)
                let all = try await partnerships.listPartnerships(
                    .with {
                        $0.governorOfficeId = DemoRegion.governorOfficeId
                        $0.pageSize = 200
                    },
                    metadata: metadata,
                    options: Self.options
                ).items
                for partnership in all {
                    for share in partnership.grantLineShares {
                        let line = try #require(lines.first { $0.id == share.recommendationLineId })
                        let measures = try await partnerships.listMeasures(
                            .with {
                                $0.partnershipId = partnership.id
                                $0.grantLineId = line.id
                                $0.pageSize = 200
                            },
                            metadata: metadata,
                            options: Self.options
                        ).items
                        #expect(Set(measures.map(\.proposedMeasureId)) == Set(line.proposedMeasures.map(\.id)))
                        for proposed in line.proposedMeasures {
                            let measure = try #require(measures.first { $0.proposedMeasureId == proposed.id })
                            #expect(measure.title == proposed.title)
                            #expect(measure.themes == proposed.themes)
                            #expect(measure.targetGroups == proposed.targetGroups)
                            #expect(measure.participatingUnitIds == proposed.unitIds)
                            #expect(measure.formats == proposed.formats)
                            #expect(measure.practiceComponents == proposed.practiceComponents)
                            // Created by the relay applying GrantCommitted, not by a person.
                            let audit = try await partnerships.listAuditRecords(
                                .with {
                                    $0.aggregateId = measure.id
                                    $0.pageSize = 100
                                },
                                metadata: metadata,
                                options: Self.options
                            ).items
                            #expect(
                                audit.first { $0.beforeState.isEmpty || $0.beforeState == "unspecified" }?.action
                                    == "ApplyGrantCommitted",
                                "\(audit.map(\.action))"
                            )
                            planned += 1
                        }
                    }
                }
                return planned
            }
            #expect(planned > 0)
        }
    }
}
