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

    public init(
        audience: ViewAudience,
        reference: ReferenceData,
        nowMillis: Int64,
        query: ViewQuery,
        allocation: SourceSection<AllocationData> = .unavailable(reason: "not requested"),
        needs: SourceSection<NeedsData> = .unavailable(reason: "not requested"),
        partnerships: SourceSection<PartnershipsData> = .unavailable(reason: "not requested"),
        referral: SourceSection<ReferralData> = .unavailable(reason: "not requested")
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
    }
}
