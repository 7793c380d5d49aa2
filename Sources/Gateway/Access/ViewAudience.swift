import KSICore

/// Who a view is computed for, reduced to what the view functions need to know: whether referral
/// counts below the small-cell threshold must be suppressed (PRIV-R5), and for which municipalities
/// the caller is the cases' own PPT office (who sees its own cases' counts unsuppressed).
public struct ViewAudience: Sendable, Hashable {
    /// Statped intake and managers read the case-level queue anyway (PRIV-R4): no suppression.
    public var seesUnsuppressedReferrals: Bool
    /// Municipalities served by the caller's PPT office(s) (PRIV-R3): their own cases' counts are not suppressed.
    public var ownPptMunicipalityIds: Set<String>

    public init(seesUnsuppressedReferrals: Bool = false, ownPptMunicipalityIds: Set<String> = []) {
        self.seesUnsuppressedReferrals = seesUnsuppressedReferrals
        self.ownPptMunicipalityIds = ownPptMunicipalityIds
    }

    /// Everyone else: aggregates only, n < 5 suppressed (PRIV-R5).
    public static let suppressed = ViewAudience()

    /// Whether counts of referrals from these municipalities may be shown unsuppressed.
    public func seesUnsuppressed(municipalityIds: Set<String>) -> Bool {
        seesUnsuppressedReferrals || (!municipalityIds.isEmpty && municipalityIds.isSubset(of: ownPptMunicipalityIds))
    }

    /// The audience of a caller on a date.
    public init(caller: Caller, reference: ReferenceData) {
        let statped = caller.hasAny([.statpedIntake, .statpedManager])
        var own: Set<String> = []
        for officeId in caller.scopes(of: .pptLeader) + caller.scopes(of: .pptAdviser) {
            if let area = reference.pptOffice(officeId)?.serviceArea { own.formUnion(area.municipalityIds) }
        }
        self.init(seesUnsuppressedReferrals: statped, ownPptMunicipalityIds: own)
    }
}
