/// Role sets the access policies share (DOMAIN.md §4.0 roles, §7 PRIV-R12), so one reader set is written once.
public enum AccessRoles {
    /// Every role, `public` included: reads the code opens to any organisation in the registry.
    public static let everyone: [Role] = Role.allCases.filter { $0 != .unspecified }
    /// Every role but `public`: "a registered organisation" (allocation and governance data, the views).
    public static let registered: [Role] = everyone.filter { $0 != .public }
    /// The embete's staff.
    public static let embeteStaff: [Role] = [.sfCaseworker, .sfDecisionMaker]
    /// The embete's staff and its forum and committee members: they read everything in their embete (PRIV-R12).
    public static let embeteReaders: [Role] = [
        .sfCaseworker, .sfDecisionMaker, .forumMember, .forumChair, .committeeMember,
    ]
    /// Readers of a partnership and everything in it (PRIV-R12; `PartnershipContext.canRead`).
    /// Operators of the platform: Udir's administrators and the services' system identities (relay dead
    /// letters, docs/operations.md). Never an organisation's own staff: a dead letter is about the flow
    /// between services, not about one organisation's case.
    public static let operators: [Role] = [.system, .udirAdmin]
    /// The sentence that names `operators` in the access matrix.
    public static let operatorsNote = "operators: Udir's administrators and the system identities (relay dead letters)"
    /// Who may read partnership data: the system, Udir, the embete's readers, and the owners, UH and PPT.
    public static let partnershipReaders: [Role] =
        [.system, .udirAdmin] + embeteReaders + [.ownerAdmin, .uhContact, .pptLeader, .pptAdviser]
    /// Readers of an organisation's own event feed (issue 13): any registered role of the calling organisation
    /// (`AccessPolicy.heldByOrganisation`), so its system reads the feed with its certificate alone; not `public`.
    public static let organisationFeed: [Role] = registered
    /// The sentence that names `organisationFeed` in the access matrix.
    public static let organisationFeedNote =
        "the calling organisation's own feed: a role the organisation holds in the registry suffices, with or without a person"
}
