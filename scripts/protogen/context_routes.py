"""Which of a root context's split contexts serves each RPC (issue 16: no context type has more than 30 public
methods). `NeedsServiceActing` and its siblings call `needs.rounds.openNeedsRound(…)` for an RPC listed here
under `rounds`, and the root itself (`needs.listNeedsFeed(…)`) for an RPC listed nowhere. The Swift compiler
checks the table: an RPC routed to the wrong context does not build. The wire services are not split
(docs/architecture.md, "Needs, Partnerships and Referral contexts (issue 16)")."""

ROUTES = {
    "NeedsService": {
        "rounds": [
            "CreateNeedsRound", "UpdateNeedsRound", "OpenNeedsRound", "CloseNeedsRound", "ArchiveNeedsRound",
            "GetNeedsRound", "ListNeedsRounds",
        ],
        "reports": [
            "CreateNeedsReport", "UpdateNeedsReport", "ConfirmCoApplication", "SubmitNeedsReport",
            "ReturnNeedsReportForCompletion", "ResubmitNeedsReport", "RecordDeadlineExtension", "RouteNeedsReport",
            "PrioritiseNeedsReport", "WithdrawNeedsReport", "CreateDecisionBasis", "UpdateDecisionBasis",
            "GetDecisionBasis", "ListDecisionBases",
        ],
        "assessments": [
            "CreateNeedsAssessment", "UpdateNeedsAssessment", "GetNeedsAssessment", "ListNeedsAssessments",
        ],
        "eventApplication": ["ApplyRecommendationLineCreated", "ApplyGrantOutcome", "ApplyRoundDecided"],
        "queries": ["GetNeedsReport", "ListNeedsReports", "ListNeedsEvents", "ListAuditRecords"],
    },
    "PartnershipService": {
        "lifecycle": [
            "CreatePartnership", "UpdatePartnership", "SignAgreement", "SuspendPartnership", "ResumePartnership",
            "RequestTermination", "ConfirmTermination", "ExpirePartnership", "RenewAgreement",
            "RecordDirectStatpedApproval", "AssignPartnershipRole", "EndPartnershipRoleAssignment", "RecordMeeting",
            "ApplyGrantCommitted",
        ],
        "measures": [
            "CreateMeasure", "UpdateMeasure", "LogCheckpoint", "RecordPracticeChange", "RecordJointEvaluation",
            "RecordTeacherEducationFeedback", "CompleteMeasure", "StartLocalFollowUp", "AbortMeasure",
            "RecordUnannouncedAbort",
        ],
        "thirdParties": [
            "RequestThirdPartyContribution", "AgreeThirdPartyContribution", "DeliverThirdPartyContribution",
            "DeclineThirdPartyContribution", "LinkThirdPartyReferral",
        ],
        "reports": [
            "CreatePartnershipReport", "UpdatePartnershipReport", "SubmitPartnershipReport", "ReturnPartnershipReport",
            "AcceptPartnershipReport",
        ],
        "conflicts": ["RaiseConflictCase", "StartMediation", "ResolveConflictCase", "ConcludeConflictCaseWithTermination"],
        "queries": [
            "GetPartnership", "ListPartnerships", "GetMeasure", "ListMeasures", "GetThirdPartyContribution",
            "ListThirdPartyContributions", "GetPartnershipReport", "ListPartnershipReports", "GetConflictCase",
            "ListConflictCases", "ListPartnershipEvents", "ListAuditRecords",
        ],
    },
    "ReferralService": {
        "intake": [
            "CreateReferral", "UpdateReferralDraft", "AddReferralAttachment", "RemoveReferralAttachment",
            "SubmitReferral", "WithdrawReferral", "OpenWithoutApplication", "NotifyPpt", "StartTriage",
            "ReturnReferralForCompletion", "AcceptReferral", "DeclineReferral", "ListIntakeQueue",
        ],
        "service": [
            "AssignReferral", "ReassignReferral", "TransferReferral", "RecordStartupMeeting",
            "ProposeCollaborationPlan", "AgreeCollaborationPlan", "RecordConsent", "WithdrawConsent", "StartClosing",
            "ExtendService", "CloseReferral", "GetReferralProgress",
        ],
        "records": [
            "GetReferral", "GetReferralAttachment", "ListReferrals", "ListReferralMilestones", "ExportDataSubject",
            "ListChildDataAccess", "ListAuditRecords",
        ],
    },
}


def route(service, rpc_names):
    """rpc name → "property." (the split context serving it) or "" (the root), for every RPC of `service`.

    Fails on a routed name the service does not have, so the table cannot outlive a renamed RPC."""
    table = {}
    for prop, names in ROUTES.get(service, {}).items():
        for name in names:
            if name not in rpc_names:
                raise SystemExit(f"context_routes: {service} has no RPC {name}")
            table[name] = prop + "."
    return {name: table.get(name, "") for name in rpc_names}
