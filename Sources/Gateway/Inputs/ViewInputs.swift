import KSICore

/// Everything a view function needs: who is asking, the reference data, the clock, and one section per
/// source service. View functions are pure over this, so they are tested without a network.
public struct ViewInputs: Sendable {
    public var audience: ViewAudience
    public var reference: ReferenceData
    /// When the view is generated (epoch ms) and the Oslo date of that instant.
    public var nowMillis: Int64
    public var today: LocalDate
    public var query: ViewQuery
    public var allocation: SourceSection<AllocationData>
    public var needs: SourceSection<NeedsData>
    public var partnerships: SourceSection<PartnershipsData>
    public var referral: SourceSection<ReferralData>
    /// Needs reports as counts and sums (issue 17), when the view read them so instead of as a list.
    public var needsAggregate: SourceSection<NeedsAggregate>
    /// Partnerships and measures as counts (issue 17), when the view read them so instead of as lists.
    public var partnershipsAggregate: SourceSection<PartnershipsAggregate>
    /// Decided and precommitted amounts as sums (issue 17), when the view read them so instead of as lists.
    public var allocationAggregate: SourceSection<AllocationAggregate>

    public init(
        audience: ViewAudience,
        reference: ReferenceData,
        nowMillis: Int64,
        query: ViewQuery,
        allocation: SourceSection<AllocationData> = .unavailable(reason: "not requested"),
        needs: SourceSection<NeedsData> = .unavailable(reason: "not requested"),
        partnerships: SourceSection<PartnershipsData> = .unavailable(reason: "not requested"),
        referral: SourceSection<ReferralData> = .unavailable(reason: "not requested"),
        needsAggregate: SourceSection<NeedsAggregate> = .unavailable(reason: "not requested"),
        partnershipsAggregate: SourceSection<PartnershipsAggregate> = .unavailable(reason: "not requested"),
        allocationAggregate: SourceSection<AllocationAggregate> = .unavailable(reason: "not requested")
    ) {
        self.audience = audience
        self.reference = reference
        self.nowMillis = nowMillis
        self.today = OsloCalendar.localDate(atMillis: nowMillis)
        self.query = query
        self.allocation = allocation
        self.needs = needs
        self.partnerships = partnerships
        self.referral = referral
        self.needsAggregate = needsAggregate
        self.partnershipsAggregate = partnershipsAggregate
        self.allocationAggregate = allocationAggregate
    }

    /// The needs reports as groups: computed from the report list when the view has it (the same groups
    /// NeedsService computes in SQL), else the aggregate read from the service.
    public func needsGroups(_ grouping: NeedsGrouping) -> SourceSection<NeedsAggregate> {
        if let data = needs.value { return .available(NeedsAggregate(reports: data.reports, grouping: grouping)) }
        return needsAggregate
    }

    /// The partnerships and measures as groups: computed from the lists when the view has them (the same
    /// groups PartnershipService computes in SQL), else the aggregate read from the service.
    public func partnershipGroups(_ grouping: PartnershipGrouping) -> SourceSection<PartnershipsAggregate> {
        if let data = partnerships.value {
            return .available(PartnershipsAggregate(data: data, grouping: grouping, years: query.years))
        }
        return partnershipsAggregate
    }
}
