/// PartnershipService (DOMAIN.md §4.2 state machines "Who"; PRIV-R12; `PartnershipActor`, `PartnershipContext.canRead`).
extension PartnershipServiceRPC {
    /// Who may call the RPC, and how (AUTH-R5).
    public var policy: AccessPolicy {
        let parties: [Role] = [.ownerAdmin, .uhContact]
        let statped: [Role] = [.statpedIntake, .statpedManager]
        switch self {
        case .createPartnership:
            return AccessPolicy(.write, [.ownerAdmin])
        case .updatePartnership, .signAgreement, .requestTermination, .renewAgreement,
            .assignPartnershipRole, .endPartnershipRoleAssignment, .recordMeeting:
            return AccessPolicy(.write, parties, note: "a party to the partnership")
        case .suspendPartnership, .resumePartnership, .recordDirectStatpedApproval:
            return AccessPolicy(.write, [.sfCaseworker], note: "of the partnership's embete")
        case .confirmTermination:
            return AccessPolicy(
                .write,
                parties + [.sfCaseworker],
                note: "the other party, or the embete after mediation (PART-R5)"
            )
        case .expirePartnership, .applyGrantCommitted:
            return AccessPolicy(.write, [.system])
        case .getPartnership, .listPartnerships, .getPartnershipReport, .listPartnershipReports, .getConflictCase,
            .listConflictCases:
            return AccessPolicy(
                .read,
                AccessRoles.partnershipReaders,
                note: "the partnership's parties and PPT, its embete, Udir"
            )
        case .createMeasure, .updateMeasure, .logCheckpoint, .recordJointEvaluation:
            return AccessPolicy(.write, parties, note: "a party to the partnership")
        case .recordPracticeChange:
            return AccessPolicy(
                .write,
                parties + [.pptLeader, .pptAdviser, .unitLeader],
                note: "a party, the partnership's PPT office, or the leader of the unit concerned"
            )
        case .recordTeacherEducationFeedback:
            return AccessPolicy(.write, [.uhContact], note: "of a UH party")
        case .completeMeasure, .abortMeasure:
            return AccessPolicy(.write, [.ownerAdmin], note: "an owner party")
        case .startLocalFollowUp:
            return AccessPolicy(
                .write,
                [.ownerAdmin, .pptLeader],
                note: "an owner party or the partnership's PPT office"
            )
        case .recordUnannouncedAbort:
            return AccessPolicy(.write, [.sfCaseworker], note: "of the partnership's embete (PART-R6)")
        case .getMeasure, .listMeasures:
            return AccessPolicy(
                .read,
                AccessRoles.partnershipReaders + [.unitLeader, .unionRep],
                note: "the partnership's readers and the participating units' leaders and union reps"
            )
        case .requestThirdPartyContribution:
            return AccessPolicy(
                .write,
                parties,
                note: "the requesting UH, or an owner for a direct Statped partnership (PART-R2)"
            )
        case .agreeThirdPartyContribution, .deliverThirdPartyContribution, .declineThirdPartyContribution,
            .linkThirdPartyReferral:
            return AccessPolicy(
                .write,
                parties + statped,
                note: "the requester, or Statped for a Statped or SEAD contribution"
            )
        case .getThirdPartyContribution, .listThirdPartyContributions:
            return AccessPolicy(
                .read,
                AccessRoles.partnershipReaders + statped + [.statpedAdviser],
                note: "the partnership's readers; Statped for Statped and SEAD contributions"
            )
        case .createPartnershipReport, .updatePartnershipReport, .submitPartnershipReport:
            return AccessPolicy(.write, parties, note: "a party to the partnership")
        case .returnPartnershipReport, .acceptPartnershipReport:
            return AccessPolicy(.write, [.sfCaseworker], note: "of the partnership's embete")
        case .raiseConflictCase, .resolveConflictCase:
            return AccessPolicy(.write, parties + [.sfCaseworker], note: "a party, or the partnership's embete")
        case .startMediation, .concludeConflictCaseWithTermination:
            return AccessPolicy(.write, [.sfCaseworker], note: "of the partnership's embete")
        case .listPartnershipFeed:
            return AccessPolicy(
                .read,
                AccessRoles.organisationFeed,
                note: AccessRoles.organisationFeedNote,
                heldByOrganisation: true
            )
        case .listPartnershipEvents:
            return AccessPolicy(
                .read,
                [.system, .udirAdmin] + AccessRoles.embeteStaff,
                note: "embete staff see their embete's events"
            )
        case .listAuditRecords:
            return AccessPolicy(.read, [.udirAdmin] + AccessRoles.embeteStaff)
        case .listDeadLetters:
            return AccessPolicy(.read, AccessRoles.operators, note: AccessRoles.operatorsNote)
        case .retryDeadLetter, .dropDeadLetter:
            return AccessPolicy(.write, AccessRoles.operators, note: AccessRoles.operatorsNote)
        case .getDataVersion:
            return AccessPolicy(.read, [.system])
        case .aggregatePartnerships:
            return AccessPolicy(
                .read,
                [.system],
                note: "the gateway's views (issue 17), which apply PRIV-R12 per caller"
            )
        }
    }
}
