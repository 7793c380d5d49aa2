/// NeedsService (DOMAIN.md §4.1 state machine "Who"; PRIV-R12 for reads; `NeedsAccess`).
extension NeedsServiceRPC {
    /// Who may call the RPC, and how (AUTH-R5).
    public var policy: AccessPolicy {
        switch self {
        case .createNeedsRound, .updateNeedsRound, .openNeedsRound, .closeNeedsRound, .archiveNeedsRound:
            AccessPolicy(.write, [.sfCaseworker])
        case .getNeedsRound, .listNeedsRounds:
            AccessPolicy(.read, AccessRoles.everyone, note: "rounds are public-sector information")
        case .createNeedsAssessment, .updateNeedsAssessment:
            AccessPolicy(.write, [.ownerAdmin], note: "of the assessed owner")
        case .getNeedsAssessment, .listNeedsAssessments:
            AccessPolicy(
                .read,
                [.system, .udirAdmin] + AccessRoles.embeteReaders + [.ownerAdmin, .unitLeader, .unionRep],
                note: "the owner, its assessed units and their union reps, the owner's embete"
            )
        case .createNeedsReport:
            AccessPolicy(.write, [.ownerAdmin], note: "of the lead owner")
        case .updateNeedsReport:
            AccessPolicy(
                .write,
                [.ownerAdmin, .uhContact, .pptLeader],
                note: "the lead owner; co-editors named on the report (co-applicants, UH partners, PPT offices)"
            )
        case .confirmCoApplication:
            AccessPolicy(.write, [.ownerAdmin], note: "of the co-applicant owner")
        case .submitNeedsReport, .resubmitNeedsReport, .withdrawNeedsReport:
            AccessPolicy(.write, [.ownerAdmin], note: "of the lead owner")
        case .returnNeedsReportForCompletion, .recordDeadlineExtension, .routeNeedsReport:
            AccessPolicy(.write, [.sfCaseworker], note: "of the report's embete")
        case .prioritiseNeedsReport:
            AccessPolicy(
                .write,
                [.networkCoordinator, .committeeMember, .sfCaseworker],
                note: "of the body the report is routed to"
            )
        case .applyRecommendationLineCreated, .applyGrantOutcome, .applyRoundDecided:
            AccessPolicy(.write, [.system], note: "AllocationService's events, applied by the relay")
        case .getNeedsReport, .listNeedsReports:
            AccessPolicy(
                .read,
                [.system, .udirAdmin] + AccessRoles.embeteReaders
                    + [.ownerAdmin, .uhContact, .pptLeader, .pptAdviser, .unitLeader, .unionRep, .networkCoordinator],
                note: "the report's embete, its applicants and named partners, participating units, its network"
            )
        case .createDecisionBasis, .updateDecisionBasis:
            AccessPolicy(
                .write,
                [.networkCoordinator, .committeeMember, .sfCaseworker],
                note: "of the network or the round's embete"
            )
        case .getDecisionBasis, .listDecisionBases:
            AccessPolicy(.read, [.system, .udirAdmin] + AccessRoles.embeteReaders + [.networkCoordinator])
        case .listNeedsFeed:
            AccessPolicy(
                .read,
                AccessRoles.organisationFeed,
                note: AccessRoles.organisationFeedNote,
                heldByOrganisation: true
            )
        case .listNeedsEvents:
            AccessPolicy(
                .read,
                [.system, .udirAdmin] + AccessRoles.embeteStaff,
                note: "embete staff see their embete's events"
            )
        case .listAuditRecords:
            AccessPolicy(
                .read,
                [.system, .udirAdmin] + AccessRoles.embeteStaff,
                note: "embete staff see their embete's records"
            )
        case .listDeadLetters:
            AccessPolicy(.read, AccessRoles.operators, note: AccessRoles.operatorsNote)
        case .retryDeadLetter, .dropDeadLetter:
            AccessPolicy(.write, AccessRoles.operators, note: AccessRoles.operatorsNote)
        case .getDataVersion:
            AccessPolicy(.read, [.system])
        case .aggregateNeedsReports:
            AccessPolicy(.read, [.system], note: "the gateway's views (issue 17), which apply PRIV-R12 per caller")
        }
    }
}
