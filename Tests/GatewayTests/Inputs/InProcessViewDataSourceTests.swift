import Gateway
import KSICore
import KSIDemoData
import KSITestSupport
import Testing

/// `ServiceViewDataSource` over the four contexts in process reads what the gateway reads over gRPC from the
/// services: the demo embete-year (Agder, KSI 2025) loaded through the real commands on SQLite.
@Suite("Context view data source")
struct InProcessViewDataSourceTests {
    /// What the test reads after loading the demo year.
    struct Loaded: Sendable {
        var overview: RegionOverview
        /// Σ approved of the signed grant decisions for agder/2025, read from AllocationContext directly.
        var signedApprovedOre: Int64
        var signedDecisions: Int
    }

    static func loadDemoAndReadV1() async throws -> Loaded {
        try await DemoContexts.with { demo in
            let (reference, time) = (demo.reference, demo.time)
            let (needs, partnerships, allocation, referral) = (
                demo.needs, demo.partnerships, demo.allocation, demo.referral
            )

            let views = GatewayViews(
                source: ServiceViewDataSource(
                    needs: needs,
                    partnerships: partnerships,
                    allocation: allocation,
                    referral: referral,
                    reference: reference
                ),
                simulator: ContextViewSimulator(allocation: allocation),
                reference: reference,
                time: time
            )
            let overview = try await views.regionOverview(
                .with {
                    $0.governorOfficeId = "agder"
                    $0.year = 2025
                },
                caller: .system("test")
            )

            let decisions = try await ListGrantDecisionsRequest.with {
                $0.governorOfficeId = "agder"
                $0.year = 2025
            }
            .allPages(pageSize: 500) {
                try await allocation.recommendations.listGrantDecisions($0, as: .system("test"))
            }
            let signed = decisions.filter { $0.status == .signed }
            return Loaded(
                overview: overview,
                signedApprovedOre: signed.reduce(0) { $0 + $1.approvedAmountOre },
                signedDecisions: signed.count
            )
        }
    }

    @Test(
        "V1 for agder/2025 read in process counts every signed decision's approved amount as decided, with all sections available"
    )
    func regionOverviewFromContexts() async throws {
        let loaded = try await Self.loadDemoAndReadV1()
        let overview = loaded.overview
        #expect(overview.governorOfficeId == "agder")
        #expect(overview.year == 2025)
        #expect(overview.allocationSection?.available == true)
        #expect(overview.needsSection?.available == true)
        #expect(overview.partnershipsSection?.available == true)
        // The demo year signs decisions; without them this comparison would say nothing.
        #expect(loaded.signedDecisions > 0)
        let decidedOre = try #require(overview.totals).decidedOre
        #expect(decidedOre == loaded.signedApprovedOre)
        #expect(decidedOre > 0)
    }
}
