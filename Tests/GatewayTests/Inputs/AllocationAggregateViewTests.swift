import Gateway
import KSICore
import KSIDemoData
import KSITestSupport
import Testing

/// Issue 17: V1 and V3 read the decided, precommitted, disbursed and reclaimed amounts as sums grouped in SQL
/// (`AggregateAllocation`) instead of every grant decision, grant, multi-year commitment, disbursement and
/// reclaim case. For several callers and every kind of split, the views are the ones computed from the lists
/// as before, on both engines.
@Suite("V1 and V3 from allocation aggregates equal V1 and V3 from the allocation lists")
struct AllocationAggregateViewTests {
    static func grant(_ role: Role, _ scope: String = "") -> Caller {
        Caller(orgNumber: "999999999", grants: [RoleGrant(role, scope: scope)])
    }

    /// The default page budget, and one small enough that every aggregate the views read comes in several pages.
    static let budgets = [AggregatePage.defaultBudgetBytes, 2_048]

    @Test(
        "same demand vs budget, totals and splits, for owners, the embete, another embete and Udir, the aggregates in one page or many",
        arguments: TestDatabase.Engine.allCases,
        budgets
    )
    func sameFiguresForEveryCaller(engine: TestDatabase.Engine, budget: Int) async throws {
        try await DemoContexts.with(engine) { demo in
            try await AggregatePage.$budgetBytes.withValue(budget) {
                try await Self.compare(demo, paged: budget != AggregatePage.defaultBudgetBytes)
            }
        }
    }

    static func compare(_ demo: DemoContexts, paged: Bool) async throws {
        do {
            let reference = demo.reference
            let owners = reference.set.owners.filter { $0.governorOfficeId == "agder" }.map(\.id).sorted()
            try #require(owners.count >= 2)
            // Beside the demo's: a 2024 grant to an owner with commitments for 2025 — confirmed, reduced,
            // indicative, cancelled — and one for 2026, and a 2025 grant whose own-year commitment is not
            // precommitted.
            let grants = [
                Grant.with {
                    $0.id = "extra-g2024"
                    $0.year = 2024
                    $0.recipientOrgId = owners[0]
                    $0.recipientType = .owner
                    $0.lineIds = ["extra-line-b", "extra-line-a"]
                },
                Grant.with {
                    $0.id = "extra-g2025"
                    $0.year = 2025
                    $0.recipientOrgId = owners[1]
                    $0.recipientType = .owner
                },
            ].map { grant in
                var grant = grant
                grant.governorOfficeId = "agder"
                grant.scheme = .ksi
                grant.status = .committed
                return grant
            }
            let commitments: [MultiYearCommitment] = [
                (
                    "extra-c1", "extra-g2024", Int32(2025), MultiYearCommitmentStatus.confirmed, Int64(600_000),
                    Int64(600_000)
                ),
                ("extra-c2", "extra-g2024", 2025, .reduced, 400_000, 250_000),
                ("extra-c3", "extra-g2024", 2025, .indicative, 300_000, 0),
                ("extra-c4", "extra-g2024", 2025, .cancelled, 200_000, 0),
                ("extra-c5", "extra-g2024", 2026, .indicative, 100_000, 0),
                ("extra-c6", "extra-g2025", 2025, .confirmed, 50_000, 50_000),
            ].map { id, grant, year, status, amount, confirmed in
                MultiYearCommitment.with {
                    $0.id = id
                    $0.grantId = grant
                    $0.year = year
                    $0.status = status
                    $0.amountOre = amount
                    $0.confirmedAmountOre = confirmed
                    $0.recommendationLineId = "extra-line-a"
                }
            }
            // Paid on both extra grants; reclaimed on the 2025 one: decided, settled and (not counted) open.
            let payments = [("extra-p1", "extra-g2024", Int64(500_000)), ("extra-p2", "extra-g2025", 70_000)].map {
                id,
                grant,
                amount in
                Disbursement.with {
                    $0.id = id
                    $0.grantId = grant
                    $0.amountOre = amount
                }
            }
            let reclaims = [
                ("extra-r1", ReclaimCaseStatus.decided, Int64(10_000)), ("extra-r2", .settled, 5_000),
                ("extra-r3", .open, 1_000),
            ].map { id, status, amount in
                ReclaimCase.with {
                    $0.id = id
                    $0.grantId = "extra-g2025"
                    $0.status = status
                    $0.amountOre = amount
                }
            }
            try await demo.databases.allocation.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "allocation")
                for grant in grants { try await store.insert(grant, at: 1_000) }
                for commitment in commitments { try await store.insert(commitment, at: 1_000) }
                for payment in payments { try await store.insert(payment, at: 1_000) }
                for reclaim in reclaims { try await store.insert(reclaim, at: 1_000) }
            }
            let source = ServiceViewDataSource(
                needs: demo.needs,
                partnerships: demo.partnerships,
                allocation: demo.allocation,
                referral: demo.referral,
                reference: reference
            )
            let views = GatewayViews(
                source: source,
                simulator: ContextViewSimulator(allocation: demo.allocation),
                reference: reference,
                time: demo.time
            )
            let callers: [(String, Caller)] = [
                ("owner", Self.grant(.ownerAdmin, owners[0])),
                ("embete caseworker", Self.grant(.sfCaseworker, "agder")),
                ("other embete", Self.grant(.sfCaseworker, "vestland")),
                ("Udir", Self.grant(.udirAdmin)),
            ]
            let splits: [[ViewDimension]] = [
                [], [.sector, .ownerType], [.sizeBand], [.network], [.region, .year], [.sector, .network],
            ]
            for office in ["agder", ""] {
                for (name, caller) in callers {
                    for split in splits {
                        let request = GetDemandVsBudgetRequest.with {
                            $0.governorOfficeId = office
                            $0.scheme = office.isEmpty ? .unspecified : .ksi
                            $0.year = 2025
                            $0.breakdowns = split
                        }
                        var fromAggregates = try await views.demandVsBudget(request, caller: caller)
                        // As before issue 17: every decision, grant and commitment read.
                        let listed = try await views.inputs(
                            .demandVsBudget,
                            caller: caller,
                            query: ViewQuery(governorOfficeId: office, scheme: request.scheme, years: 2025...2025),
                            sources: [.allocation, .needs]
                        )
                        var fromList = DemandVsBudgetView.make(request, inputs: listed)
                        fromAggregates.generatedAt = 0
                        fromList.generatedAt = 0
                        #expect(fromAggregates == fromList, "\(name) \(office) \(split)")
                        #expect(fromAggregates.allocationSection?.available == true, "\(name) \(office) \(split)")
                        let overviewRequest = GetRegionOverviewRequest.with {
                            $0.governorOfficeId = office
                            $0.scheme = request.scheme
                            $0.year = 2025
                            $0.breakdowns = split
                        }
                        var overview = try await views.regionOverview(overviewRequest, caller: caller)
                        let listedOverview = try await views.inputs(
                            .regionOverview,
                            caller: caller,
                            query: ViewQuery(governorOfficeId: office, scheme: request.scheme, years: 2025...2025),
                            sources: [.allocation, .needs, .partnerships]
                        )
                        var overviewFromList = RegionOverviewView.make(overviewRequest, inputs: listedOverview)
                        overview.generatedAt = 0
                        overviewFromList.generatedAt = 0
                        #expect(overview == overviewFromList, "V1 \(name) \(office) \(split)")
                    }
                }
            }
            // Independently of the grouping code, for Agder KSI 2025 with the extra commitments: precommitted
            // counts 600 000 + 250 000 (confirmed amounts) + 300 000 (indicative) on the 2024 grant beside the
            // demo's own.
            let request = GetDemandVsBudgetRequest.with {
                $0.governorOfficeId = "agder"
                $0.scheme = .ksi
                $0.year = 2025
            }
            let listed = try await views.inputs(
                .demandVsBudget,
                caller: Self.grant(.udirAdmin),
                query: ViewQuery(governorOfficeId: "agder", scheme: .ksi, years: 2025...2025),
                sources: [.allocation]
            )
            let data = try #require(listed.allocation.value)
            let grantsById = Dictionary(data.grants.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let demoPrecommitted = data.commitments.filter { !$0.id.hasPrefix("extra-") }.reduce(Int64(0)) {
                total,
                commitment in
                guard commitment.year == 2025, commitment.status != .cancelled,
                    let grant = grantsById[commitment.grantId], grant.year < 2025,
                    grant.governorOfficeId == "agder", grant.scheme == .ksi
                else { return total }
                let confirmed = commitment.status == .confirmed || commitment.status == .reduced
                return total + (confirmed ? commitment.confirmedAmountOre : commitment.amountOre)
            }
            let totals = try #require(
                try await views.demandVsBudget(request, caller: Self.grant(.udirAdmin)).totals
            )
            #expect(totals.precommittedOre == demoPrecommitted + 1_150_000)
            #expect(totals.decidedOre > 0)
            // V1: the extra 2025 grant's 70 000 paid and 10 000 + 5 000 reclaimed beside the demo's own.
            let overviewData = try #require(
                try await views.inputs(
                    .regionOverview,
                    caller: Self.grant(.udirAdmin),
                    query: ViewQuery(governorOfficeId: "agder", scheme: .ksi, years: 2025...2025),
                    sources: [.allocation]
                ).allocation.value
            )
            let grants2025 = Set(
                overviewData.grants.filter { $0.governorOfficeId == "agder" && $0.scheme == .ksi && $0.year == 2025 }
                    .map(\.id)
            )
            let demoPaid = overviewData.disbursements.filter {
                grants2025.contains($0.grantId) && !$0.id.hasPrefix("extra-")
            }.reduce(Int64(0)) { $0 + $1.amountOre }
            let overviewTotals = try #require(
                try await views.regionOverview(
                    .with {
                        $0.governorOfficeId = "agder"
                        $0.scheme = .ksi
                        $0.year = 2025
                    },
                    caller: Self.grant(.udirAdmin)
                ).totals
            )
            #expect(overviewTotals.disbursedOre == demoPaid + 70_000)
            #expect(overviewTotals.reclaimedOre >= 15_000)
            if paged {
                // The views above did read pages: V1's national allocation groups take more than one.
                var pages = 0
                let acting = AllocationServiceActing(demo.allocation, as: .system("gateway"))
                _ = try await AggregateAllocationRequest.with {
                    $0.fromYear = 2025
                    $0.toYear = 2025
                    $0.byLines = true
                }.allGroups { request in
                    pages += 1
                    return try await acting.aggregateAllocation(request)
                }
                #expect(pages > 1)
            }
        }
    }
}
