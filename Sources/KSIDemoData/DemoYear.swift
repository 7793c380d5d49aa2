import KSICore

/// The demo embete-year: one realistic KSI year (2025) for the Agder embete, driven through the real
/// contexts in-process, so every rule, role check, audit record and event runs as it would behind the
/// services. Deterministic: amounts and choices come from a seeded `DemoRandom`, request ids from a
/// counter, and the clock is the caller's `FixedTimeSource`, which the load advances through the year.
///
/// The story (DOMAIN.md §1 steps): policy and budget → needs round → assessments and reports (joint
/// applications, special-needs and low-frequency themes, WARNs) → routing and prioritisation per network
/// → partnerships signed → a forum recommendation adopted, submitted, controlled and decided with four-eyes
/// decisions → outcomes applied to the reports → grants committed, accepted, disbursed → measures at every
/// stage → a partnership report; alongside, referrals to Statped at every stage of §4.4.
public struct DemoYear {
    /// Reports on the load: a step name, steps done, steps in all.
    public typealias Progress = @Sendable (_ step: String, _ done: Int, _ total: Int) -> Void

    public static let year: Int32 = 2025
    public static let frameOre: Int64 = 800_000_000
    public static let nationalBudgetOre: Int64 = 16_000_000_000

    /// Loads the year into the four contexts (each on its own, freshly migrated database); events
    /// between them are applied in-process.
    public static func load(
        needs: NeedsContext,
        partnerships: PartnershipContext,
        allocation: AllocationContext,
        referral: ReferralContext,
        reference: ReferenceData,
        time: FixedTimeSource,
        progress: @escaping Progress = { _, _, _ in }
    ) async throws -> DemoYearSummary {
        let relay = DemoRelay(needs: needs, partnerships: partnerships, allocation: allocation)
        return try await load(
            needs: NeedsServiceRouter(needs),
            partnerships: PartnershipServiceRouter(partnerships),
            allocation: AllocationServiceRouter(allocation),
            referral: ReferralServiceRouter(referral),
            reference: reference,
            time: time,
            settle: { try await relay.deliver() },
            progress: progress
        )
    }

    /// Loads the year through any implementation of the four services' APIs: in-process, or over gRPC
    /// (each caller's calls carried by its own client). `settle` returns once every event produced so
    /// far has been applied by the consuming services (in-process: applies them; over gRPC: waits for
    /// the relays).
    public static func load(
        needs: NeedsServiceRouter,
        partnerships: PartnershipServiceRouter,
        allocation: AllocationServiceRouter,
        referral: ReferralServiceRouter,
        reference: ReferenceData,
        time: FixedTimeSource,
        settle: @escaping @Sendable () async throws -> Void,
        progress: @escaping Progress = { _, _, _ in }
    ) async throws -> DemoYearSummary {
        let run = try DemoYearRun(
            needs: needs,
            partnerships: partnerships,
            allocation: allocation,
            referral: referral,
            reference: reference,
            time: time,
            settle: settle,
            progress: progress
        )
        try await run.load()
        return try await DemoYearSummary.collect(
            needs: needs,
            partnerships: partnerships,
            allocation: allocation,
            referral: referral,
            actors: run.actors
        )
    }
}

/// Counts by status, read back through the contexts' List methods.
public struct DemoYearSummary: Sendable, Hashable, CustomStringConvertible {
    public var needsRounds: [String: Int] = [:]
    public var needsAssessments = 0
    public var needsReports: [String: Int] = [:]
    public var jointReports = 0
    public var reportsWithWarnings = 0
    public var decisionBases = 0
    public var recommendations: [String: Int] = [:]
    public var recommendationLines = 0
    public var grantDecisions: [String: Int] = [:]
    public var grants: [String: Int] = [:]
    public var appeals: [String: Int] = [:]
    public var partnerships: [String: Int] = [:]
    public var measures: [String: Int] = [:]
    public var partnershipReports: [String: Int] = [:]
    public var thirdPartyContributions: [String: Int] = [:]
    public var referrals: [String: Int] = [:]
    /// WARN findings stored on the entities, by rule id (reports, measures, partnerships, grants, the recommendation).
    public var warningsByRule: [String: Int] = [:]
    public var referralsByKind: [String: Int] = [:]

    public var description: String {
        func line(_ name: String, _ counts: [String: Int]) -> String {
            "\(name): " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        return [
            line("needs rounds", needsRounds), "needs assessments: \(needsAssessments)",
            line("needs reports", needsReports),
            "joint reports: \(jointReports); reports with warnings: \(reportsWithWarnings); decision bases: \(decisionBases)",
            line("recommendations", recommendations), "recommendation lines: \(recommendationLines)",
            line("grant decisions", grantDecisions), line("grants", grants), line("appeals", appeals),
            line("partnerships", partnerships),
            line("measures", measures), line("partnership reports", partnershipReports),
            line("third-party contributions", thirdPartyContributions), line("referrals", referrals),
            line("referral kinds", referralsByKind), line("warnings by rule", warningsByRule),
        ].joined(separator: "\n")
    }

    /// Reads the counts back through the contexts' List methods (as the demo's statsforvalter and Statped).
    public static func query(
        needs: NeedsContext,
        partnerships: PartnershipContext,
        allocation: AllocationContext,
        referral: ReferralContext,
        reference: ReferenceData
    ) async throws -> DemoYearSummary {
        try await collect(
            needs: NeedsServiceRouter(needs),
            partnerships: PartnershipServiceRouter(partnerships),
            allocation: AllocationServiceRouter(allocation),
            referral: ReferralServiceRouter(referral),
            actors: try DemoActors(reference: reference, date: LocalDate(year: 2025, month: 1, day: 2))
        )
    }

    static func collect(
        needs: NeedsServiceRouter,
        partnerships: PartnershipServiceRouter,
        allocation: AllocationServiceRouter,
        referral: ReferralServiceRouter,
        actors: DemoActors
    ) async throws -> DemoYearSummary {
        var summary = DemoYearSummary()
        let sf = actors.caseworker
        func count<T: NamedEnum>(_ values: [T]) -> [String: Int] {
            values.reduce(into: [:]) { $0[$1.name, default: 0] += 1 }
        }

        summary.needsRounds = count(
            try await ListNeedsRoundsRequest().allPages(pageSize: 500) { try await needs.listNeedsRounds($0, as: sf) }
                .map(\.status)
        )
        summary.needsAssessments = try await ListNeedsAssessmentsRequest().allPages(pageSize: 200) {
            try await needs.listNeedsAssessments($0, as: sf)
        }.count
        let reports = try await DemoYearRun.allReports(needs, as: sf)
        summary.needsReports = count(reports.map(\.status))
        summary.jointReports = reports.filter { !$0.coApplicantOwnerIds.isEmpty }.count
        summary.reportsWithWarnings = reports.filter { !$0.warnings.isEmpty }.count
        func tally(_ warnings: [RuleWarning]) {
            for id in Set(warnings.map(\.ruleId)) { summary.warningsByRule[id, default: 0] += 1 }
        }
        reports.forEach { tally($0.warnings) }
        summary.decisionBases = try await ListDecisionBasesRequest().allPages(pageSize: 500) {
            try await needs.listDecisionBases($0, as: sf)
        }.count
        let recommendations = try await ListRecommendationsRequest().allPages(pageSize: 500) {
            try await allocation.listRecommendations($0, as: sf)
        }
        summary.recommendations = count(recommendations.map(\.status))
        summary.recommendationLines = recommendations.reduce(0) { $0 + $1.lines.count }
        recommendations.forEach { tally($0.warnings) }
        summary.grantDecisions = count(
            try await ListGrantDecisionsRequest().allPages(pageSize: 500) {
                try await allocation.listGrantDecisions($0, as: sf)
            }.map(\.outcome)
        )
        summary.appeals = count(
            try await ListAppealsRequest().allPages(pageSize: 500) { try await allocation.listAppeals($0, as: sf) }.map(
                \.status
            )
        )
        let grants = try await ListGrantsRequest().allPages(pageSize: 500) {
            try await allocation.listGrants($0, as: sf)
        }
        summary.grants = count(grants.map(\.status))
        grants.forEach { tally($0.warnings) }
        let partnershipItems = try await ListPartnershipsRequest().allPages(pageSize: 500) {
            try await partnerships.listPartnerships($0, as: sf)
        }
        summary.partnerships = count(partnershipItems.map(\.status))
        partnershipItems.forEach { tally($0.warnings) }
        let measures = try await ListMeasuresRequest().allPages(pageSize: 500) {
            try await partnerships.listMeasures($0, as: sf)
        }
        summary.measures = count(measures.map(\.status))
        measures.forEach { tally($0.warnings) }
        summary.partnershipReports = count(
            try await ListPartnershipReportsRequest().allPages(pageSize: 500) {
                try await partnerships.listPartnershipReports($0, as: sf)
            }.map(\.status)
        )
        summary.thirdPartyContributions = count(
            try await ListThirdPartyContributionsRequest().allPages(pageSize: 500) {
                try await partnerships.listThirdPartyContributions($0, as: sf)
            }.map(\.status)
        )
        var referrals = try await ListReferralsRequest().allPages(pageSize: 500) {
            try await referral.listReferrals($0, as: actors.statpedIntake)
        }
        // Statped's queue never shows a PPT draft (PRIV-R3, R4): those are counted from their PPT offices' lists.
        var seen = Set(referrals.map(\.id))
        for office in DemoActors.organisations where office.kind == .ppt {
            let leader = try actors.pptLeader(office.recordId)
            for item in try await ListReferralsRequest().allPages(
                pageSize: 500,
                { try await referral.listReferrals($0, as: leader) }
            )
            where seen.insert(item.id).inserted {
                referrals.append(item)
            }
        }
        summary.referrals = count(referrals.map(\.status))
        summary.referralsByKind = count(referrals.map(\.kind))
        return summary
    }
}

/// The demo's callers: every organisation from the demo region's org registry, with plainly fictitious
/// acting persons (the four-eyes rule needs two persons at the statsforvalter).
struct DemoActors: Sendable {
    let reference: ReferenceData
    let date: LocalDate
    let caseworker: Caller
    let decisionMaker: Caller
    let statpedIntake: Caller
    let statpedManager: Caller
    let udir: Caller

    init(reference: ReferenceData, date: LocalDate) throws {
        self.reference = reference
        self.date = date
        // Never fall back to a system caller: every demo command runs with the organisation's real role grants.
        func make(_ recordId: String, _ person: String) throws -> Caller {
            try Self.caller(recordId, person: person, reference: reference, date: date)
        }
        caseworker = try make(DemoRegion.governorOfficeId, "demo-saksbehandler-ein")
        decisionMaker = try make(DemoRegion.governorOfficeId, "demo-beslutter-ein")
        statpedIntake = try make("statped", "demo-statped-inntak")
        statpedManager = try make("statped", "demo-statped-leder")
        udir = try make("udir", "demo-udir")
    }

    static let organisations = DemoRegion.referenceDataSet().organisations

    static func caller(_ recordId: String, person: String, reference: ReferenceData, date: LocalDate) throws -> Caller {
        guard let organisation = organisations.first(where: { $0.recordId == recordId }) else {
            throw DomainError.notFound("demo organisation", recordId)
        }
        return try reference.caller(orgNumber: organisation.orgNumber, personId: person, on: date)
    }

    func caller(_ recordId: String, person: String) throws -> Caller {
        try Self.caller(recordId, person: person, reference: reference, date: date)
    }

    func statpedAdviser(_ person: String) throws -> Caller { try caller("statped", person: person) }
    func owner(_ ownerId: String) throws -> Caller { try caller(ownerId, person: "demo-eier-\(ownerId)") }
    func uh(_ uhId: String) throws -> Caller { try caller(uhId, person: "demo-uh-\(uhId)") }
    func pptAdviser(_ office: String) throws -> Caller { try caller(office, person: "demo-ppt-radgiver-\(office)") }
    func pptLeader(_ office: String) throws -> Caller { try caller(office, person: "demo-ppt-leder-\(office)") }
}
