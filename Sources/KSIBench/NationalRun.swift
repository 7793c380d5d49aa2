import Foundation
import Gateway
import KSICore
import KSIDemoData

/// One measured pass over the national data set on one engine (see `DomainBenchmark`).
struct NationalRun: Sendable {
    let scale: Double
    let embete: String
    let runs: Int
    /// The views and the simulator look at this year; the set covers 2021–2025.
    static let year: Int32 = 2025

    struct Result: Sendable {
        var entities = 0
        var loadMs = 0.0
        var v1EmbeteMs = 0.0
        var v1NationalMs = 0.0
        var v1NationalFetchMs = 0.0
        var v1NationalComputeMs = 0.0
        /// V1 national through the gateway's view cache, nothing written since the first read.
        var v1NationalCachedMs = 0.0
        /// Issue 17 (V1 national): the old path (every report listed, then the view) and the new one (needs
        /// as SQL groups), both without a cache; through the view cache right after a write to NeedsService
        /// only, and right after a write to each of the three services V1 reads (the coldest case); the
        /// needs part alone read directly (list vs `AggregateNeedsReports`).
        var v1NationalListPathMs = 0.0
        var v1NationalAggregatePathMs = 0.0
        var v1NationalColdAfterNeedsWriteMs = 0.0
        var v1NationalColdAfterAllWritesMs = 0.0
        var needsListDirectMs = 0.0
        var needsAggregateDirectMs = 0.0
        /// Issue 17 (V1 national, no cache): the path before `AggregatePartnerships` — needs as groups, every
        /// partnership and measure listed; and the partnership part alone read directly (the partnership and
        /// measure lists vs `AggregatePartnerships`).
        var v1NationalPartnershipListsMs = 0.0
        var partnershipListsDirectMs = 0.0
        var partnershipAggregateDirectMs = 0.0
        /// Issue 17 (V3 national, no cache): the path before `AggregateAllocation` — needs as groups, every
        /// decision, grant and commitment listed — and the path now; the allocation part alone read directly
        /// (the decision, grant and commitment lists vs `AggregateAllocation`).
        var v3NationalAllocationListsMs = 0.0
        var v3NationalAggregatePathMs = 0.0
        var allocationListsDirectMs = 0.0
        var allocationAggregateDirectMs = 0.0
        /// Whether V3 national from the allocation lists equals V3 national from `AggregateAllocation`.
        var v3PathsAgree = false
        /// Whether V1 national from the report list equals V1 national from the aggregates.
        var pathsAgree = false
        /// Every cached view national, cold after writes to all four services and warm (`ColdViews`).
        var views: [ColdViews.Row] = []
        var simulatorMs = 0.0
        var assignMs = 0.0
        var assigned = 0
    }

    /// Udir's view of the country (V1 and V12 are open to it; no suppression applies to V1).
    static let udir = Caller(orgNumber: "bench-udir", grants: [RoleGrant(.udirAdmin)], personId: "bench-udir")
    static let statpedManager = Caller(
        orgNumber: "bench-statped",
        grants: [RoleGrant(.statpedManager)],
        personId: "bench-leiar"
    )

    func measure(_ databases: ContextDatabases, log: @Sendable (String) -> Void) async throws -> Result {
        var result = Result()
        let base = try ReferenceData.bundled()
        let national = NationalDataSet(scale: scale, base: base)
        let keys = try ReferralKeyRing.ephemeral()

        // 1. Load: the national set's bulk inserts, plus its allocation side (frames and signed decisions).
        let ((counts, allocationCounts), loadMs) = try await Measure.time {
            let counts = try await national.load(
                needs: databases.needs,
                partnerships: databases.partnerships,
                referral: databases.referral,
                keyRing: keys
            )
            return (counts, try await national.loadAllocation(into: databases.allocation))
        }
        result.loadMs = loadMs
        result.entities =
            counts.needsRounds + counts.needsReports + counts.partnerships + counts.measures + counts.referrals
            + allocationCounts.regionalFrames + allocationCounts.grantDecisions
        log(
            "loaded \(result.entities) entities (\(counts.needsReports) reports, \(counts.measures) measures, \(counts.referrals) referrals, "
                + "\(allocationCounts.grantDecisions) decisions, \(allocationCounts.regionalFrames) frames) in \((loadMs / 1000).format(2)) s"
        )

        let reference = base.merging(national.referenceDataSet())
        let time = FixedTimeSource(date: LocalDate(year: Self.year, month: 6, day: 30))
        let needs = NeedsContext(database: databases.needs, reference: reference, time: time)
        let partnerships = PartnershipContext(database: databases.partnerships, reference: reference, time: time)
        let allocation = AllocationContext(
            database: databases.allocation,
            reference: reference,
            time: time,
            needsReports: needs
        )
        let referral = ReferralContext(database: databases.referral, reference: reference, time: time, keyRing: keys)
        let contexts = ServiceViewDataSource(
            needs: needs,
            partnerships: partnerships,
            allocation: allocation,
            referral: referral,
            reference: reference
        )
        let views = GatewayViews(
            source: contexts,
            simulator: ContextViewSimulator(allocation: allocation),
            reference: reference,
            time: time
        )

        // 2. V1 through GatewayViews + ServiceViewDataSource in process: the four contexts' reads and the pure view.
        let embeteRequest = GetRegionOverviewRequest.with {
            $0.governorOfficeId = embete
            $0.year = Self.year
        }
        let nationalRequest = GetRegionOverviewRequest.with { $0.year = Self.year }
        result.v1EmbeteMs = try await Measure.median(runs: runs) {
            _ = try await views.regionOverview(embeteRequest, caller: Self.udir)
        }
        result.v1NationalMs = try await Measure.median(runs: runs) {
            _ = try await views.regionOverview(nationalRequest, caller: Self.udir)
        }
        let query = ViewQuery(governorOfficeId: "", scheme: .unspecified, years: Self.year...Self.year)
        result.v1NationalFetchMs = try await Measure.median(runs: runs) {
            _ = try await views.inputs(
                .regionOverview,
                caller: Self.udir,
                query: query,
                sources: [.allocation, .needs, .partnerships]
            )
        }
        let inputs = try await views.inputs(
            .regionOverview,
            caller: Self.udir,
            query: query,
            sources: [.allocation, .needs, .partnerships]
        )
        result.v1NationalComputeMs = try await Measure.median(runs: runs) {
            _ = RegionOverviewView.make(nationalRequest, inputs: inputs)
        }
        // The deployed gateway's path: the same source behind its view cache; the first read fills it (untimed).
        let cachedViews = GatewayViews(
            source: CachingViewDataSource(contexts, maxItems: GatewayConfig.defaultViewCacheItems),
            simulator: views.simulator,
            reference: reference,
            time: time
        )
        _ = try await cachedViews.regionOverview(nationalRequest, caller: Self.udir)
        result.v1NationalCachedMs = try await Measure.median(runs: runs) {
            _ = try await cachedViews.regionOverview(nationalRequest, caller: Self.udir)
        }
        try await measureCold(
            &result,
            databases: databases,
            views: views,
            cachedViews: cachedViews,
            needs: needs,
            partnerships: partnerships,
            allocation: allocation,
            request: nationalRequest,
            query: query
        )
        result.views = try await ColdViews(
            views: cachedViews,
            databases: databases,
            year: Self.year,
            municipalityId: reference.municipalities(inGovernorOffice: embete).first?.id ?? "",
            caller: Self.udir,
            runs: runs
        ).measure()
        let overview = try await views.regionOverview(nationalRequest, caller: Self.udir)
        let totals = overview.totals ?? RegionOverviewFigures()
        log(
            "V1 national \(Self.year): frame \(totals.frameOre / 100) kr, requested \(totals.requestedOre / 100) kr, "
                + "decided \(totals.decidedOre / 100) kr, utilisation \(totals.utilisationBp) bp, active partnerships \(totals.activePartnerships), "
                + "participation \(totals.participatingMunicipalities)/\(totals.totalMunicipalities)"
        )

        // 3. The simulator over one embete-year: every allocation method × every split-rule kind.
        let simulation = try await simulationRequest(needs: needs)
        var scenarios = 0
        result.simulatorMs = try await Measure.median(runs: runs) {
            scenarios = try await views.simulateAllocation(simulation, caller: Self.udir).result?.scenarios.count ?? 0
        }
        log(
            "simulator: \(simulation.draftLines.count) draft lines, \(simulation.methods.count) methods × "
                + "\(simulation.splitRules.count) split rules = \(scenarios) scenarios"
        )

        // 4. Assignment: every referral is first put in `accepted` by a direct storage write (untimed),
        // then assigned one by one through ReferralContext.assignReferral (timed).
        let accepted = try await acceptAll(databases.referral)
        let assignMs = try await Measure.time {
            for (index, item) in accepted.enumerated() {
                _ = try await referral.service.assignReferral(
                    .with {
                        $0.requestId = "bench-assign-\(item.id)"
                        $0.referralId = item.id
                        $0.expectedVersion = item.version
                        $0.divisionId =
                            [
                                "statped-division-earlyYears", "statped-division-compulsory",
                                "statped-division-upperSecondaryAdult",
                            ][index % 3]
                        $0.locationId = "statped-location-\(index % 12)"
                        $0.adviserIds = ["nat-statped-radgiver-\(index % 40)"]
                        $0.reason = [.competence, .capacity, .proximity, .continuity][index % 4]
                    },
                    as: Self.statpedManager
                )
            }
        }.1
        result.assignMs = assignMs
        result.assigned = accepted.count
        log("assigned \(accepted.count) referrals in \((assignMs / 1000).format(2)) s")
        return result
    }

    /// Issue 17: V1 national cold and warm, old path against new, and the needs part read directly.
    func measureCold(
        _ result: inout Result,
        databases: ContextDatabases,
        views: GatewayViews,
        cachedViews: GatewayViews,
        needs: NeedsContext,
        partnerships: PartnershipContext,
        allocation: AllocationContext,
        request: GetRegionOverviewRequest,
        query: ViewQuery
    ) async throws {
        result.v1NationalListPathMs = try await Measure.median(runs: runs) {
            let inputs = try await views.inputs(
                .regionOverview,
                caller: Self.udir,
                query: query,
                sources: [.allocation, .needs, .partnerships]
            )
            _ = RegionOverviewView.make(request, inputs: inputs)
        }
        result.v1NationalAggregatePathMs = try await Measure.median(runs: runs) {
            _ = try await views.regionOverview(request, caller: Self.udir)
        }
        result.v1NationalPartnershipListsMs = try await Measure.median(runs: runs) {
            let inputs = try await views.inputs(
                .regionOverview,
                caller: Self.udir,
                query: query,
                sources: [.allocation, .partnerships],
                needsGrouping: NeedsGrouping(breakdowns: request.breakdowns)
            )
            _ = RegionOverviewView.make(request, inputs: inputs)
        }
        // A write stamps one entity of every kind anew: it moves the data version, so the cache misses (untimed).
        result.v1NationalColdAfterNeedsWriteMs = try await Measure.median(
            runs: runs,
            before: {
                try await databases.needs.restampOneEntityPerKind()
            }
        ) {
            _ = try await cachedViews.regionOverview(request, caller: Self.udir)
        }
        result.v1NationalColdAfterAllWritesMs = try await Measure.median(
            runs: runs,
            before: {
                for database in [databases.needs, databases.allocation, databases.partnerships] {
                    try await database.restampOneEntityPerKind()
                }
            }
        ) {
            _ = try await cachedViews.regionOverview(request, caller: Self.udir)
        }
        // The figures do not depend on the path: the list path's overview equals the aggregate path's.
        let listInputs = try await views.inputs(
            .regionOverview,
            caller: Self.udir,
            query: query,
            sources: [.allocation, .needs, .partnerships]
        )
        var fromList = RegionOverviewView.make(request, inputs: listInputs)
        var fromAggregates = try await views.regionOverview(request, caller: Self.udir)
        fromList.generatedAt = 0
        fromAggregates.generatedAt = 0
        result.pathsAgree = fromList == fromAggregates
        let gateway = NeedsServiceActing(needs, as: .system("bench"))
        result.needsListDirectMs = try await Measure.median(runs: runs) {
            _ = try await ListNeedsReportsRequest.with { $0.year = Self.year }.allPages(
                pageSize: 500,  // the gateway's page size (Paging.pageSize)
                gateway.listNeedsReports
            )
        }
        result.needsAggregateDirectMs = try await Measure.median(runs: runs) {
            _ = try await AggregateNeedsReportsRequest.with {
                $0.fromYear = Self.year
                $0.toYear = Self.year
            }.allGroups(gateway.aggregateNeedsReports)
        }
        let demandRequest = GetDemandVsBudgetRequest.with { $0.year = Self.year }
        result.v3NationalAllocationListsMs = try await Measure.median(runs: runs) {
            let inputs = try await views.inputs(
                .demandVsBudget,
                caller: Self.udir,
                query: query,
                sources: [.allocation],
                needsGrouping: NeedsGrouping(breakdowns: demandRequest.breakdowns)
            )
            _ = DemandVsBudgetView.make(demandRequest, inputs: inputs)
        }
        result.v3NationalAggregatePathMs = try await Measure.median(runs: runs) {
            _ = try await views.demandVsBudget(demandRequest, caller: Self.udir)
        }
        do {
            let inputs = try await views.inputs(
                .demandVsBudget,
                caller: Self.udir,
                query: query,
                sources: [.allocation],
                needsGrouping: NeedsGrouping(breakdowns: demandRequest.breakdowns)
            )
            var fromLists = DemandVsBudgetView.make(demandRequest, inputs: inputs)
            var fromSums = try await views.demandVsBudget(demandRequest, caller: Self.udir)
            fromLists.generatedAt = 0
            fromSums.generatedAt = 0
            result.v3PathsAgree = fromLists == fromSums
        }
        let allocationGateway = AllocationServiceActing(allocation, as: .system("bench"))
        result.allocationListsDirectMs = try await Measure.median(runs: runs) {
            async let decisions = ListGrantDecisionsRequest.with { $0.year = Self.year }.allPages(
                pageSize: 500,
                allocationGateway.listGrantDecisions
            )
            async let grants = ListGrantsRequest().allPages(pageSize: 500, allocationGateway.listGrants)
            async let commitments = ListMultiYearCommitmentsRequest().allPages(
                pageSize: 500,
                allocationGateway.listMultiYearCommitments
            )
            _ = try await (decisions, grants, commitments)
        }
        result.allocationAggregateDirectMs = try await Measure.median(runs: runs) {
            _ = try await AggregateAllocationRequest.with {
                $0.fromYear = Self.year
                $0.toYear = Self.year
            }.allGroups(allocationGateway.aggregateAllocation)
        }
        let partnershipGateway = PartnershipServiceActing(partnerships, as: .system("bench"))
        result.partnershipListsDirectMs = try await Measure.median(runs: runs) {
            async let all = ListPartnershipsRequest().allPages(pageSize: 500, partnershipGateway.listPartnerships)
            async let measures = ListMeasuresRequest().allPages(pageSize: 500, partnershipGateway.listMeasures)
            _ = try await (all, measures)
        }
        result.partnershipAggregateDirectMs = try await Measure.median(runs: runs) {
            _ = try await AggregatePartnershipsRequest.with {
                $0.fromYear = Self.year
                $0.toYear = Self.year
            }.allGroups(partnershipGateway.aggregatePartnerships)
        }
    }

    /// One draft line per KSI needs report of the embete for the year (the lines a forum would weigh),
    /// a frame of 80 % of their sum, every allocation method and every split-rule kind.
    func simulationRequest(needs: NeedsContext) async throws -> SimulateAllocationRequest {
        let reports = try await ListNeedsReportsRequest.with {
            $0.governorOfficeId = embete
            $0.scheme = .ksi
            $0.year = Self.year
        }
        .allPages(pageSize: 500) { try await needs.queries.listNeedsReports($0, as: .system("bench")) }
        let lines = reports.map { report in
            SimulationDraftLine.with {
                $0.draftLineRef = report.id
                $0.recipientOrgId = "org-\(report.leadOwnerId)"
                $0.recipientType = .owner
                $0.amountOre = report.requestedAmountOre
                $0.years = report.requestedYears
                $0.themes = report.themes
                $0.sectors = report.sectors
                $0.participatingUnitIds = report.participatingUnitIds
            }
        }
        let methods = AllocationMethod.allCases.filter { $0 != .unspecified }
        return SimulateAllocationRequest.with {
            $0.governorOfficeId = embete
            $0.scheme = .ksi
            $0.year = Self.year
            $0.frameOre = Money.multiplyDivide(Money.saturatingSum(lines) { $0.amountOre }, 8, 10)
            $0.methods = methods.map { method in SimulationMethodInput.with { $0.method = method } }
            $0.splitRules = [
                OwnerUhSplitRule.with { $0.kind = .equal },
                OwnerUhSplitRule.with {
                    $0.kind = .fixed
                    $0.ownerBp = 7_000
                    $0.uhBp = 3_000
                },
                OwnerUhSplitRule.with {
                    $0.kind = .uhRange
                    $0.minUhBp = 2_000
                    $0.maxUhBp = 4_000
                },
                OwnerUhSplitRule.with { $0.kind = .caseByCase },
            ]
            $0.draftLines = lines
        }
    }

    /// Puts every referral of the set in `accepted` (submitted, triaged, accepted; no assignment or later
    /// stage), as intake would leave it, by writing the rows directly. Returns each one's id and version.
    func acceptAll(_ database: KSIDatabase) async throws -> [(id: String, version: Int64)] {
        let all = try await database.read { sql in
            try await StoreTransaction(sql: sql, context: ReferralContext.contextName).list(Referral.self).items
        }
        var result: [(id: String, version: Int64)] = []
        var start = 0
        while start < all.count {
            let batch = Array(all[start..<min(start + 500, all.count)])
            let written = try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: ReferralContext.contextName)
                var written: [(id: String, version: Int64)] = []
                for var referral in batch {
                    let day: Int64 = 86_400_000
                    var stamps = ReferralTimestamps()
                    stamps.submittedAt = referral.createdAt + 7 * day
                    stamps.triagedAt = referral.createdAt + 20 * day
                    stamps.acceptedAt = referral.createdAt + 30 * day
                    referral.timestamps = stamps
                    referral.status = .accepted
                    referral.assignment = nil
                    let stored = try await store.update(referral, at: stamps.acceptedAt)
                    written.append((stored.id, stored.version))
                }
                return written
            }
            result += written
            start += batch.count
        }
        return result
    }
}
