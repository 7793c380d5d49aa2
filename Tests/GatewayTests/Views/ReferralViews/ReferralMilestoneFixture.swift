import Gateway
import KSICore

/// Hand-built pseudonymous milestone streams for the referral view tests (V8, V9, V13).
enum ReferralMilestoneFixture {
    static let agder = "agder"
    static let rogaland = "rogaland"
    static let oslo = "oslo-og-viken"

    /// Noon in Oslo on a date of 2025 (the view year of most tests).
    static func day(_ month: Int32, _ day: Int32, year: Int32 = 2025) -> Int64 {
        OsloCalendar.millis(atNoonOn: LocalDate(year: year, month: month, day: day))
    }

    /// Noon in Oslo `days` after 1 March 2025.
    static func march(plus days: Int64) -> Int64 { day(3, 1) + days * 86_400_000 }

    /// One referral's events, each milestone at the given instant, in stream order.
    static func referral(
        _ id: String,
        region: String = agder,
        municipalityId: String = "4204",
        divisionId: String = "division-school",
        areas: [StatpedSubjectArea] = [.hearing],
        reason: AssignmentReason = .competence,
        _ steps: [(ReferralMilestone, Int64)]
    ) -> [ReferralMilestoneReached] {
        steps.map { milestone, at in
            ReferralMilestoneReached.with {
                $0.referralId = id
                $0.aggregateId = id
                $0.region = region
                $0.municipalityId = municipalityId
                $0.divisionId = divisionId
                $0.subjectAreas = areas
                $0.milestone = milestone
                $0.at = at
                $0.occurredAt = at
                $0.kind = .individual
                $0.assignmentReason =
                    milestone == .assigned || milestone.rawValue > ReferralMilestone.assigned.rawValue
                    ? reason : .unspecified
            }
        }
    }

    /// A referral in service `toService` days after submission on 1 March 2025 (tToService), with its
    /// start-up meeting held `startup` days after acceptance on day 5.
    static func inService(
        _ id: String,
        toService: Int64,
        startup: Int64 = 7,
        region: String = agder,
        municipalityId: String = "4204",
        reason: AssignmentReason = .competence,
        areas: [StatpedSubjectArea] = [.hearing],
        divisionId: String = "division-school"
    ) -> [ReferralMilestoneReached] {
        referral(
            id,
            region: region,
            municipalityId: municipalityId,
            divisionId: divisionId,
            areas: areas,
            reason: reason,
            [
                (.submitted, march(plus: 0)), (.accepted, march(plus: 5)), (.assigned, march(plus: 5)),
                (.startupHeld, march(plus: 5 + startup)), (.inService, march(plus: toService)),
            ]
        )
    }

    /// A referral submitted on 1 March 2025 and still waiting (status `submitted`).
    static func waiting(
        _ id: String,
        region: String = agder,
        municipalityId: String = "4204",
        areas: [StatpedSubjectArea] = [.hearing]
    ) -> [ReferralMilestoneReached] {
        referral(id, region: region, municipalityId: municipalityId, areas: areas, [(.submitted, march(plus: 0))])
    }

    /// View inputs over a milestone stream for 2025, generated on 31 March 2025 (30 days after 1 March).
    static func inputs(
        _ milestones: [ReferralMilestoneReached],
        governorOfficeId: String = "",
        audience: ViewAudience = .suppressed,
        reference: ReferenceData = ReferenceData(ReferenceDataSet()),
        nowMillis: Int64 = day(3, 31)
    ) -> ViewInputs {
        var data = ReferralData()
        data.milestones = milestones
        return ViewInputs(
            audience: audience,
            reference: reference,
            nowMillis: nowMillis,
            query: ViewQuery(governorOfficeId: governorOfficeId, scheme: .unspecified, years: 2025...2025),
            referral: .available(data)
        )
    }

    /// The same inputs with the referral service down.
    static func unavailableInputs() -> ViewInputs {
        ViewInputs(
            audience: .suppressed,
            reference: ReferenceData(ReferenceDataSet()),
            nowMillis: day(3, 31),
            query: ViewQuery(governorOfficeId: "", scheme: .unspecified, years: 2025...2025),
            referral: .unavailable(reason: "referral service unreachable")
        )
    }
}
