import Gateway
import KSICore
import KSIDemoData
import KSITestSupport
import Testing

/// Issue 17: V1 reads partnerships and measures as groups counted in SQL (`AggregatePartnerships`) instead of
/// every partnership and measure. For every kind of caller — including those who must not see the measures of
/// another owner's draft partnership (PRIV-R12) — and every split, the overview is the one computed from the
/// lists as before, on both engines.
@Suite("V1 from partnership aggregates equals V1 from the partnership and measure lists")
struct PartnershipsAggregateViewTests {
    static func grant(_ role: Role, _ scope: String = "") -> Caller {
        Caller(orgNumber: "999999999", grants: [RoleGrant(role, scope: scope)])
    }

    static func millis(_ year: Int32, _ month: Int32) -> Int64 {
        OsloCalendar.millis(atNoonOn: LocalDate(year: year, month: month, day: 1))
    }

    @Test(
        "same overview, totals and splits, for owners with and without a draft, the embete, another embete and Udir",
        arguments: TestDatabase.Engine.allCases
    )
    func sameFiguresForEveryCaller(engine: TestDatabase.Engine) async throws {
        try await DemoContexts.with(engine) { demo in
            let reference = demo.reference
            // Beside the demo's: a draft partnership of one owner with two measures running in 2025 (PRIV-R12:
            // visible only to its readers), an active one with measures of its own and of shared units, one that
            // ended before 2025 and one activated only in 2026.
            let owners = reference.set.owners.filter { $0.governorOfficeId == "agder" }.map(\.id).sorted()
            try #require(owners.count >= 3)
            let (drafter, partner, stranger) = (owners[0], owners[1], owners[2])
            let units = reference.set.units.filter { [drafter, partner].contains($0.ownerId) }.map(\.id).sorted()
            try #require(units.count >= 2)
            let partnerships: [Partnership] = [
                Partnership.with {
                    $0.id = "extra-draft"
                    $0.status = .draft
                    $0.ownerIds = [drafter]
                },
                Partnership.with {
                    $0.id = "extra-active"
                    $0.status = .active
                    $0.activatedAt = Self.millis(2024, 9)
                    $0.ownerIds = [partner, drafter]
                    $0.agreement = .with {
                        $0.validFrom = LocalDate(year: 2024, month: 9, day: 1)
                        $0.validTo = LocalDate(year: 2027, month: 8, day: 31)
                    }
                },
                Partnership.with {
                    $0.id = "extra-ended"
                    $0.status = .terminated
                    $0.activatedAt = Self.millis(2021, 1)
                    $0.terminatedAt = Self.millis(2024, 3)
                    $0.ownerIds = [partner]
                },
                Partnership.with {
                    $0.id = "extra-later"
                    $0.status = .active
                    $0.activatedAt = Self.millis(2026, 2)
                    $0.ownerIds = [partner]
                },
            ].map { partnership in
                var partnership = partnership
                partnership.governorOfficeId = "agder"
                partnership.scheme = .ksi
                return partnership
            }
            let measures: [Measure] = [
                ("extra-m1", "extra-draft", MeasureStatus.planned, [units[0]], [Sector.kindergarten]),
                ("extra-m2", "extra-draft", .inProgress, [units[0], units[1]], [.compulsorySchool]),
                ("extra-m3", "extra-active", .inProgress, [units[1]], [.kindergarten, .compulsorySchool]),
                ("extra-m4", "extra-active", .aborted, [units[0]], [.compulsorySchool]),
            ].map { id, partnership, status, unitIds, sectors in
                Measure.with {
                    $0.id = id
                    $0.partnershipId = partnership
                    $0.governorOfficeId = "agder"
                    $0.scheme = .ksi
                    $0.status = status
                    $0.startDate = LocalDate(year: 2025, month: 1, day: 6)
                    $0.participatingUnitIds = unitIds
                    $0.sectors = sectors
                }
            }
            try await demo.databases.partnerships.transaction { sql in
                let store = StoreTransaction(sql: sql, context: "partnerships")
                for partnership in partnerships { try await store.insert(partnership, at: 1_000) }
                for measure in measures { try await store.insert(measure, at: 1_000) }
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
                ("drafting owner", Self.grant(.ownerAdmin, drafter)),
                ("partner owner", Self.grant(.ownerAdmin, partner)),
                ("unrelated owner", Self.grant(.ownerAdmin, stranger)),
                ("embete caseworker", Self.grant(.sfCaseworker, "agder")),
                ("other embete", Self.grant(.sfCaseworker, "vestland")),
                ("Udir", Self.grant(.udirAdmin)),
            ]
            let splits: [[ViewDimension]] = [
                [], [.sector, .ownerType], [.sizeBand], [.network], [.region, .year], [.sector, .network],
            ]
            var measuresSeen: [String: Int64] = [:]
            for (name, caller) in callers {
                for split in splits {
                    let request = GetRegionOverviewRequest.with {
                        $0.governorOfficeId = "agder"
                        $0.scheme = .ksi
                        $0.year = 2025
                        $0.breakdowns = split
                    }
                    var fromAggregates = try await views.regionOverview(request, caller: caller)
                    // As before issue 17: every partnership and measure read, filtered for the caller.
                    let listed = try await views.inputs(
                        .regionOverview,
                        caller: caller,
                        query: ViewQuery(governorOfficeId: "agder", scheme: .ksi, years: 2025...2025),
                        sources: [.allocation, .needs, .partnerships]
                    )
                    var fromList = RegionOverviewView.make(request, inputs: listed)
                    fromAggregates.generatedAt = 0
                    fromList.generatedAt = 0
                    #expect(fromAggregates == fromList, "\(name) \(split)")
                    // And independently of the grouping code: the visible lists counted directly.
                    let totals = try #require(fromAggregates.totals)
                    let data = try #require(listed.partnerships.value)
                    let active = data.partnerships.filter {
                        $0.governorOfficeId == "agder" && $0.scheme == .ksi && YearActivity.wasActive($0, in: 2025)
                    }
                    let running = data.measures.filter {
                        $0.governorOfficeId == "agder" && $0.scheme == .ksi && YearActivity.runs($0, in: 2025)
                    }
                    #expect(totals.activePartnerships == Int64(active.count), "\(name)")
                    #expect(totals.measuresByStatus.reduce(0) { $0 + $1.count } == Int64(running.count), "\(name)")
                    measuresSeen[name] = Int64(running.filter { $0.id.hasPrefix("extra-m") }.count)
                }
            }
            // PRIV-R12: the draft's two measures count (in the totals just compared) for its owner, the embete
            // and Udir only; the active partnership's two for everyone.
            #expect(measuresSeen["drafting owner"] == 4 && measuresSeen["embete caseworker"] == 4)
            #expect(measuresSeen["Udir"] == 4)
            #expect(measuresSeen["partner owner"] == 2 && measuresSeen["unrelated owner"] == 2)
            #expect(measuresSeen["other embete"] == 2)
        }
    }
}
