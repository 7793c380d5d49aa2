import Gateway
import KSICore

/// Issue 17: every cached view (V1–V11, V13; V12 computes in AllocationService and is timed as the simulator)
/// for the whole country and one year, read by Udir, who may read all of them: *cold* — through the gateway's
/// view cache right after a committed write to one entity of every kind in each of the four services, so every
/// slice the view reads misses and the cache reads the changed entities again — and *warm*, with nothing written
/// since. V2 is one municipality's profile (it has no national form).
struct ColdViews {
    struct Row: Sendable {
        var view: ViewAccess.View
        var coldMs: Double
        var warmMs: Double
    }

    let views: GatewayViews
    let databases: ContextDatabases
    let year: Int32
    let municipalityId: String
    let caller: Caller
    let runs: Int

    func measure() async throws -> [Row] {
        var rows: [Row] = []
        for (view, read) in reads() {
            try await read()  // fills the cache (untimed)
            let cold = try await Measure.median(
                runs: runs,
                before: {
                    // One entity of every kind written again in each database: the data versions move, so the
                    // cache misses, and it has those entities to read again (issue 17).
                    for database in [databases.needs, databases.allocation, databases.partnerships, databases.referral]
                    {
                        try await database.restampOneEntityPerKind()
                    }
                }
            ) { try await read() }
            let warm = try await Measure.median(runs: runs) { try await read() }
            rows.append(Row(view: view, coldMs: cold, warmMs: warm))
        }
        return rows
    }

    private func reads() -> [(ViewAccess.View, @Sendable () async throws -> Void)] {
        let (views, caller, year, municipalityId) = (self.views, self.caller, self.year, self.municipalityId)
        return [
            (.regionOverview, { _ = try await views.regionOverview(.with { $0.year = year }, caller: caller) }),
            (
                .municipalityProfile,
                {
                    _ = try await views.municipalityProfile(
                        .with {
                            $0.year = year
                            $0.municipalityId = municipalityId
                        },
                        caller: caller
                    )
                }
            ),
            (.demandVsBudget, { _ = try await views.demandVsBudget(.with { $0.year = year }, caller: caller) }),
            (.specialNeedsShare, { _ = try await views.specialNeedsShare(.with { $0.year = year }, caller: caller) }),
            (.kindergartenShare, { _ = try await views.kindergartenShare(.with { $0.year = year }, caller: caller) }),
            (.fragmentationIndex, { _ = try await views.fragmentationIndex(.with { $0.year = year }, caller: caller) }),
            (.partnershipHealth, { _ = try await views.partnershipHealth(.with { $0.year = year }, caller: caller) }),
            (
                .referralWaitingTimes,
                { _ = try await views.referralWaitingTimes(.with { $0.year = year }, caller: caller) }
            ),
            (.referralEquity, { _ = try await views.referralEquity(.with { $0.year = year }, caller: caller) }),
            (.transparencyPage, { _ = try await views.transparencyPage(.with { $0.year = year }, caller: caller) }),
            (
                .participationAndInclusion,
                { _ = try await views.participationAndInclusion(.with { $0.year = year }, caller: caller) }
            ),
            (.referralQueue, { _ = try await views.referralQueue(.with { $0.year = year }, caller: caller) }),
        ]
    }
}
