import Gateway
import KSICore
import KSIDemoData
import KSITestSupport
import Testing

/// Issue 17: V1 and V3 read the needs reports as groups counted in SQL (`AggregateNeedsReports`) instead of every
/// report. For every kind of caller — including those who must not see other owners' drafts (PRIV-R12) — the
/// overview is the one computed from the report list as before, on both engines.
@Suite("V1 and V3 from needs aggregates equal V1 and V3 from the report list")
struct NeedsAggregateViewTests {
    static func grant(_ role: Role, _ scope: String = "") -> Caller {
        Caller(orgNumber: "999999999", grants: [RoleGrant(role, scope: scope)])
    }

    @Test(
        "same overview, totals and splits, for owners with and without drafts, a co-editor, the embete, another embete and Udir",
        arguments: TestDatabase.Engine.allCases
    )
    func sameFiguresForEveryCaller(engine: TestDatabase.Engine) async throws {
        try await DemoContexts.with(engine) { demo in
            let (reference, time) = (demo.reference, demo.time)
            let (needs, partnerships, allocation, referral) = (
                demo.needs, demo.partnerships, demo.allocation, demo.referral
            )
            let databases = demo.databases
            // Unpublished reports of two owners beside the demo's: drafts (one naming a co-applicant) and one
            // withdrawn before it was ever submitted (PRIV-R12: visible only to those entitled).
            let owners = reference.set.owners.filter { $0.governorOfficeId == "agder" }.map(\.id).sorted()
            try #require(owners.count >= 3)
            let (lead, coApplicant, stranger) = (owners[0], owners[1], owners[2])
            try await databases.needs.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "needs")
                for (number, status) in [NeedsReportStatus.draft, .draft, .withdrawn].enumerated() {
                    try await store.insert(
                        NeedsReport.with {
                            $0.id = "unpublished-\(number)"
                            $0.governorOfficeId = "agder"
                            $0.scheme = .ksi
                            $0.year = 2025
                            $0.status = status
                            $0.leadOwnerId = lead
                            $0.coApplicantOwnerIds = number == 0 ? [coApplicant] : []
                            $0.sectors = [.kindergarten]
                            $0.requestedAmountOre = 1_000_000 * Int64(number + 1)
                        },
                        at: 1_000
                    )
                }
            }
            let source = ServiceViewDataSource(
                needs: needs,
                partnerships: partnerships,
                allocation: allocation,
                referral: referral,
                reference: reference
            )
            let views = GatewayViews(
                source: source,
                simulator: ContextViewSimulator(allocation: allocation),
                reference: reference,
                time: time
            )
            let callers: [(String, Caller)] = [
                ("lead owner", Self.grant(.ownerAdmin, lead)),
                ("co-applicant", Self.grant(.ownerAdmin, coApplicant)),
                ("unrelated owner", Self.grant(.ownerAdmin, stranger)),
                ("embete caseworker", Self.grant(.sfCaseworker, "agder")),
                ("other embete", Self.grant(.sfCaseworker, "vestland")),
                ("Udir", Self.grant(.udirAdmin)),
            ]
            let splits: [[ViewDimension]] = [[], [.sector, .ownerType], [.sizeBand], [.region, .year]]
            var draftsSeen: [String: Int64] = [:]
            for (name, caller) in callers {
                for split in splits {
                    let request = GetRegionOverviewRequest.with {
                        $0.governorOfficeId = "agder"
                        $0.scheme = .ksi
                        $0.year = 2025
                        $0.breakdowns = split
                    }
                    var fromAggregates = try await views.regionOverview(request, caller: caller)
                    // As before issue 17: every report read, filtered for the caller, counted one by one.
                    let listed = try await views.inputs(
                        .regionOverview,
                        caller: caller,
                        query: ViewQuery(governorOfficeId: "agder", scheme: .ksi, years: 2025...2025),
                        sources: [.allocation, .needs, .partnerships]
                    )
                    var fromList = RegionOverviewView.make(request, inputs: listed)
                    fromAggregates.generatedAt = 0
                    fromList.generatedAt = 0
                    let totals = try #require(fromAggregates.totals)
                    #expect(fromAggregates == fromList, "\(name) \(split)")
                    // V3 likewise.
                    let demandRequest = GetDemandVsBudgetRequest.with {
                        $0.governorOfficeId = "agder"
                        $0.scheme = .ksi
                        $0.year = 2025
                        $0.breakdowns = split
                    }
                    var demandFromAggregates = try await views.demandVsBudget(demandRequest, caller: caller)
                    var demandFromList = DemandVsBudgetView.make(demandRequest, inputs: listed)
                    demandFromAggregates.generatedAt = 0
                    demandFromList.generatedAt = 0
                    #expect(demandFromAggregates == demandFromList, "V3 \(name) \(split)")
                    // And independently of the grouping code: the visible reports summed directly.
                    let visible = (listed.needs.value?.reports ?? []).filter { $0.scheme == .ksi && $0.year == 2025 }
                    #expect(totals.reportsByStatus.reduce(0) { $0 + $1.count } == Int64(visible.count))
                    #expect(
                        totals.requestedOre
                            == visible.filter(\.countsAsRequested).reduce(0) { $0 + $1.requestedAmountOre }
                    )
                    if split.isEmpty {
                        // The drafts of ours the groups let through: all drafts counted, less the demo's own
                        // drafts this caller may read (from the report list).
                        let demoDrafts = visible.filter { $0.status == .draft && !$0.id.hasPrefix("unpublished-") }
                        draftsSeen[name] =
                            totals.reportsByStatus.filter { $0.status == .draft }.reduce(0) { $0 + $1.count }
                            - Int64(demoDrafts.count)
                    }
                }
            }
            // PRIV-R12: the lead, the embete and Udir see both drafts; the co-applicant only the one naming it;
            // an unrelated owner and another embete none.
            #expect(draftsSeen["lead owner"] == 2 && draftsSeen["embete caseworker"] == 2 && draftsSeen["Udir"] == 2)
            #expect(draftsSeen["co-applicant"] == 1)
            #expect(draftsSeen["unrelated owner"] == 0 && draftsSeen["other embete"] == 0)
        }
    }
}
