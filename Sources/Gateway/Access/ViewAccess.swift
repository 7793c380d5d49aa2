import KSICore

/// Which callers may read which view (DOMAIN.md §7). Views are aggregates: grants, plans and reports
/// are public-sector information, and referral data appears only as suppressed counts (PRIV-R5).
/// - V10 (the public transparency page) is open to every authenticated caller (PRIV-R12: the public sees V10).
/// - V13 (the referral queue aggregate) is for statsforvalter staff, forums, Udir and Statped (§5 V13).
/// - Every other view needs at least one role in the org registry: an organisation with no role is "public".
public enum ViewAccess {
    /// The views of DOMAIN.md §5.
    public enum View: String, Sendable, CaseIterable {
        case regionOverview = "V1", municipalityProfile = "V2", demandVsBudget = "V3", specialNeedsShare = "V4"
        case kindergartenShare = "V5", fragmentationIndex = "V6", partnershipHealth = "V7"
        case referralWaitingTimes = "V8", referralEquity = "V9", transparencyPage = "V10"
        case participationAndInclusion = "V11", allocationSimulator = "V12", referralQueue = "V13"
    }

    static let queueRoles: [Role] = [
        .udirAdmin, .sfCaseworker, .sfDecisionMaker, .forumChair, .forumMember, .committeeMember,
        .statpedIntake, .statpedManager,
    ]

    /// Throws `notPermitted` (PERMISSION_DENIED on the wire) when the caller may not read the view.
    public static func check(_ view: View, caller: Caller) throws {
        switch view {
        case .transparencyPage:
            return
        case .referralQueue:
            guard caller.hasAny(queueRoles) else {
                throw DomainError.notPermitted(
                    "only statsforvalter staff, forums, Udir and Statped intake or managers may read the referral queue aggregate (V13, PRIV-R5)"
                )
            }
        default:
            guard caller.grants.contains(where: { $0.role != .public && $0.role != .unspecified }) else {
                throw DomainError.notPermitted(
                    "the organisation has no role in KSI; only the public transparency page (V10) is open to it (PRIV-R12)"
                )
            }
        }
    }
}
