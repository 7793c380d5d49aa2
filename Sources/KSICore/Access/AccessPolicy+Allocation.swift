/// AllocationService (DOMAIN.md §4.3 state machines "Who", §4.5 who sets the configuration; the transition
/// tables in Sources/KSICore/Allocation; reads: "a registered organisation", `requireMoneyReader`).
extension AllocationServiceRPC {
    /// Who may call the RPC, and how (AUTH-R5).
    public var policy: AccessPolicy {
        let embete = "of the embete concerned"
        let recipient = "of the recipient organisation"
        switch self {
        case .setNationalBudget, .setRegionalFrame, .publishRegionalFrame:
            return AccessPolicy(.write, [.udirAdmin])
        case .upsertReferenceData:
            return AccessPolicy(
                .write,
                [.udirAdmin, .ownerAdmin, .pptLeader, .statpedManager, .sfDecisionMaker],
                note:
                    "Udir: any record; an organisation's administrator: persons of its own organisation only, in roles it holds (AUTH-R4)"
            )
        case .getReferenceDataChanges:
            return AccessPolicy(.read, [.system], note: "the registry followers of the other services and the gateway")
        case .exportReferenceData, .lookupOrganisation, .getPolicyConfig:
            return AccessPolicy(.read, AccessRoles.everyone, note: "any organisation in the registry")
        case .setPolicyConfig:
            return AccessPolicy(
                .write,
                [.udirAdmin, .sfCaseworker],
                note: "national and Statped records: Udir; an embete's record: its caseworker"
            )
        case .getNationalBudget, .listNationalBudgets, .getRegionalFrame, .listRegionalFrames, .listSubFrames,
            .getCollaborationForum, .listCollaborationForums, .getCommittee, .listCommittees,
            .getCompetenceNetwork, .listCompetenceNetworks, .getLongTermPlan, .listLongTermPlans,
            .getRecommendation, .listRecommendations, .getGrant, .listGrants, .getDisbursement, .listDisbursements,
            .getCoFinancingPledge, .listCoFinancingPledges, .getReclaimCase, .listReclaimCases, .getAppeal,
            .listAppeals,
            .getMultiYearCommitment, .listMultiYearCommitments:
            return AccessPolicy(
                .read,
                AccessRoles.registered,
                note: "a registered organisation (public-sector information)"
            )
        case .getGrantDecision, .listGrantDecisions:
            return AccessPolicy(
                .read,
                AccessRoles.everyone,
                note: "the public only where the embete publishes its decisions (ALLOC-R23)"
            )
        case .computeSubFrames, .createCollaborationForum, .updateCollaborationForum, .createCompetenceNetwork:
            return AccessPolicy(.write, [.sfCaseworker], note: embete)
        case .createCommittee, .updateCommittee, .createLongTermPlan, .updateLongTermPlan:
            return AccessPolicy(.write, [.sfCaseworker, .forumChair], note: "of the forum's embete")
        case .updateCompetenceNetwork:
            return AccessPolicy(
                .write,
                [.sfCaseworker, .networkCoordinator],
                note: "of the network's embete, or its coordinator"
            )
        case .createRecommendation, .addRecommendationLine, .updateRecommendationLine, .removeRecommendationLine:
            return AccessPolicy(.write, [.committeeMember, .sfCaseworker], note: embete)
        case .adoptRecommendation, .submitGovernorRecommendation, .submitToGovernor, .startControl,
            .reviseRecommendation,
            .prepareGrantDecision, .issueCommitmentLetter, .disburse, .closeGrant, .settleReclaim,
            .startReconsideration, .closeAppeal:
            return AccessPolicy(.write, [.sfCaseworker], note: embete)
        case .returnRecommendation, .decideRecommendation, .cancelGrant, .decideReclaim, .resolveAppealByGovernor,
            .confirmMultiYearCommitment, .reduceMultiYearCommitment, .cancelMultiYearCommitment:
            return AccessPolicy(.write, [.sfDecisionMaker], note: embete)
        case .signGrantDecision:
            return AccessPolicy(
                .write,
                [.sfDecisionMaker],
                note: "of the embete; not the person who prepared it (ALLOC-R11)"
            )
        case .acceptGrant, .recordReclaimComment, .lodgeAppeal:
            return AccessPolicy(.write, [.ownerAdmin, .uhContact], note: recipient)
        case .markGrantReportDue, .applyPartnershipReportSubmitted, .applyPartnershipReportAccepted:
            return AccessPolicy(.write, [.system])
        case .recordCoFinancingPledge:
            return AccessPolicy(.write, [.ownerAdmin], note: "of the pledging owner")
        case .recordCoFinancingDocumented:
            return AccessPolicy(.write, [.ownerAdmin, .sfCaseworker], note: "the pledging owner or the grant's embete")
        case .openReclaim:
            return AccessPolicy(
                .write,
                [.sfCaseworker, .system],
                note: "the grant's embete, or the relay on an unannounced abort (ALLOC-R16)"
            )
        case .forwardAppeal:
            return AccessPolicy(.write, AccessRoles.embeteStaff, note: embete)
        case .decideAppeal:
            return AccessPolicy(.write, [.sfDecisionMaker, .udirAdmin], note: "the embete, or Udir as the appeal body")
        case .createGovernorAnnualReport, .updateGovernorAnnualReport:
            return AccessPolicy(.write, [.sfCaseworker], note: embete)
        case .submitGovernorAnnualReport:
            return AccessPolicy(.write, AccessRoles.embeteStaff, note: embete)
        case .getGovernorAnnualReport, .listGovernorAnnualReports:
            return AccessPolicy(
                .read,
                [.udirAdmin] + AccessRoles.embeteStaff,
                note: "Udir, and the embete's staff for their own"
            )
        case .simulateAllocation:
            return AccessPolicy(
                .read,
                [.udirAdmin] + AccessRoles.embeteReaders + [.networkCoordinator],
                note: "the embete's staff, forum and committees, its network coordinators; nothing is stored"
            )
        case .listAllocationFeed:
            return AccessPolicy(
                .read,
                AccessRoles.organisationFeed,
                note: AccessRoles.organisationFeedNote,
                heldByOrganisation: true
            )
        case .listAllocationEvents, .listAuditRecords:
            return AccessPolicy(.read, [.system, .udirAdmin] + AccessRoles.embeteStaff)
        case .listDeadLetters:
            return AccessPolicy(.read, AccessRoles.operators, note: AccessRoles.operatorsNote)
        case .retryDeadLetter, .dropDeadLetter:
            return AccessPolicy(.write, AccessRoles.operators, note: AccessRoles.operatorsNote)
        case .getDataVersion:
            return AccessPolicy(.read, [.system])
        case .aggregateAllocation:
            return AccessPolicy(.read, [.system], note: "the gateway's views (issue 17)")
        }
    }
}
