import KSICore

/// One group of a referral view: region × age division × subject area, each empty when the view is
/// not broken down by it (V8, V9, V13).
package struct ReferralGroupKey: Sendable, Hashable, Comparable {
    package var region: String = ""
    package var divisionId: String = ""
    package var subjectArea: StatpedSubjectArea = .unspecified

    package init(region: String = "", divisionId: String = "", subjectArea: StatpedSubjectArea = .unspecified) {
        self.region = region
        self.divisionId = divisionId
        self.subjectArea = subjectArea
    }

    /// The groups a referral falls in for the chosen dimensions. PD: a referral with several subject
    /// areas counts once in each of its areas, so area groups may add up to more than the total.
    package static func keys(of timeline: ReferralTimeline, by dimensions: Set<ViewDimension>) -> [ReferralGroupKey] {
        let region = dimensions.contains(.region) ? timeline.region : ""
        let division = dimensions.contains(.ageDivision) ? timeline.divisionId : ""
        guard dimensions.contains(.subjectArea), !timeline.subjectAreas.isEmpty else {
            return [ReferralGroupKey(region: region, divisionId: division)]
        }
        return Set(timeline.subjectAreas).sorted { $0.rawValue < $1.rawValue }
            .map { ReferralGroupKey(region: region, divisionId: division, subjectArea: $0) }
    }

    package static func < (lhs: ReferralGroupKey, rhs: ReferralGroupKey) -> Bool {
        (lhs.region, lhs.divisionId, lhs.subjectArea.rawValue) < (rhs.region, rhs.divisionId, rhs.subjectArea.rawValue)
    }
}

extension ViewInputs {
    /// The referral timelines in the requested embete (all when national), or none when the referral
    /// section is unavailable (§5: its figures are then 0).
    package var referralTimelines: [ReferralTimeline] {
        let office = query.governorOfficeId
        return (referral.value?.timelines ?? []).filter { office.isEmpty || $0.region == office }
    }

    /// The view's year (the last of the query's years).
    package var viewYear: Int32 { query.years.upperBound }
}
