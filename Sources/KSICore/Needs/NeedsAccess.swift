/// Who may do what in the Needs context (DOMAIN.md §4.1 "Who", PRIV-R12; decisions in docs/needs.md).
enum NeedsAccess {
    /// The embete's own staff and its forum and committee members: they read everything in their embete.
    static let embeteReaders: [Role] = [.sfCaseworker, .sfDecisionMaker, .forumMember, .forumChair, .committeeMember]

    /// `ownerAdmin` of the lead owner, or `notPermitted`.
    static func requireLeadOwner(_ report: NeedsReport, _ caller: Caller, toDo action: String) throws -> Role {
        try caller.require(.ownerAdmin, scope: report.leadOwnerId, toDo: action)
        return .ownerAdmin
    }

    /// `sfCaseworker` of the report's embete, or `notPermitted`.
    static func requireCaseworker(_ governorOfficeId: String, _ caller: Caller, toDo action: String) throws -> Role {
        try caller.require(.sfCaseworker, scope: governorOfficeId, toDo: action)
        return .sfCaseworker
    }

    /// The role under which the caller may edit a draft or returned report: the lead owner's `ownerAdmin`,
    /// or a co-editor invited by being named on the report (a co-applicant's `ownerAdmin`, the
    /// `uhContact` of a UH partner, the `pptLeader` of a named PPT office).
    static func editorRole(_ report: NeedsReport, _ caller: Caller) -> Role? {
        if caller.has(.ownerAdmin, scope: report.leadOwnerId) { return .ownerAdmin }
        if report.coApplicantOwnerIds.contains(where: { caller.has(.ownerAdmin, scope: $0) }) { return .ownerAdmin }
        if report.uhPartnerIds.contains(where: { caller.has(.uhContact, scope: $0) }) { return .uhContact }
        if report.pptOfficeIds.contains(where: { caller.has(.pptLeader, scope: $0) }) { return .pptLeader }
        return nil
    }

    /// Whether the caller is the lead owner's `ownerAdmin` (only the lead changes who takes part).
    static func isLead(_ report: NeedsReport, _ caller: Caller) -> Bool {
        caller.has(.ownerAdmin, scope: report.leadOwnerId)
    }

    /// Whether the caller may read a report (PRIV-R12).
    static func canRead(_ report: NeedsReport, _ caller: Caller) -> Bool {
        if caller.hasAny([.system, .udirAdmin]) { return true }
        if caller.hasAny(embeteReaders, scope: report.governorOfficeId) { return true }
        if editorRole(report, caller) != nil { return true }
        if report.pptOfficeIds.contains(where: { caller.has(.pptAdviser, scope: $0) }) { return true }
        if report.participatingUnitIds.contains(where: { caller.hasAny([.unitLeader, .unionRep], scope: $0) }) {
            return true
        }
        let networks = [report.networkId, report.routingTarget == .network ? report.routedToBodyId : ""].filter {
            !$0.isEmpty
        }
        return networks.contains { caller.has(.networkCoordinator, scope: $0) }
    }

    /// Whether the caller may read an assessment (PRIV-R12: owners, their units and union reps, the embete).
    static func canRead(_ assessment: NeedsAssessment, _ caller: Caller, reference: ReferenceData) -> Bool {
        if caller.hasAny([.system, .udirAdmin]) { return true }
        if caller.has(.ownerAdmin, scope: assessment.ownerId) { return true }
        if assessment.unitIds.contains(where: { caller.hasAny([.unitLeader, .unionRep], scope: $0) }) { return true }
        guard let embete = reference.owner(assessment.ownerId)?.governorOfficeId, !embete.isEmpty else { return false }
        return caller.hasAny(embeteReaders, scope: embete)
    }

    /// Whether the caller may read a decision basis of a round in `governorOfficeId`.
    static func canRead(_ basis: DecisionBasis, governorOfficeId: String, _ caller: Caller) -> Bool {
        if caller.hasAny([.system, .udirAdmin]) { return true }
        if caller.hasAny(embeteReaders, scope: governorOfficeId) { return true }
        return !basis.networkId.isEmpty && caller.has(.networkCoordinator, scope: basis.networkId)
    }
}

extension NeedsReport {
    /// Whether `caller` may read this report: the rule NeedsService applies to every read and list (PRIV-R12).
    public func isReadable(by caller: Caller) -> Bool {
        NeedsAccess.canRead(self, caller)
    }
}
