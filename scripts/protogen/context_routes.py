"""Which of a root context's split contexts serves each RPC (issue 16: no context type has more than 30 public
methods). `NeedsServiceActing`, `AllocationServiceActing` and their siblings call `needs.rounds.openNeedsRound(…)` for an RPC listed here
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
        "queries": [
            "GetNeedsReport", "ListNeedsReports", "AggregateNeedsReports", "ListNeedsEvents", "ListAuditRecords",
        ],
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
            "GetPartnership", "ListPartnerships", "GetMeasure", "ListMeasures", "AggregatePartnerships",
            "GetThirdPartyContribution",
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
    "AllocationService": {
        "budgets": [
            "SetNationalBudget", "GetNationalBudget", "ListNationalBudgets", "SetRegionalFrame",
            "PublishRegionalFrame", "GetRegionalFrame", "ListRegionalFrames", "ComputeSubFrames", "ListSubFrames",
        ],
        "recommendations": [
            "CreateRecommendation", "AddRecommendationLine", "UpdateRecommendationLine", "RemoveRecommendationLine",
            "AdoptRecommendation", "SubmitGovernorRecommendation", "SubmitToGovernor", "StartControl",
            "ReturnRecommendation", "ReviseRecommendation", "PrepareGrantDecision", "SignGrantDecision",
            "DecideRecommendation", "GetRecommendation", "ListRecommendations", "GetGrantDecision",
            "ListGrantDecisions",
        ],
        "grants": [
            "IssueCommitmentLetter", "AcceptGrant", "Disburse", "MarkGrantReportDue",
            "ApplyPartnershipReportSubmitted", "ApplyPartnershipReportAccepted", "CloseGrant", "CancelGrant",
            "GetGrant", "ListGrants", "GetDisbursement", "ListDisbursements", "RecordCoFinancingPledge",
            "RecordCoFinancingDocumented", "GetCoFinancingPledge", "ListCoFinancingPledges", "OpenReclaim",
            "RecordReclaimComment", "DecideReclaim", "SettleReclaim", "GetReclaimCase", "ListReclaimCases",
            "ConfirmMultiYearCommitment", "ReduceMultiYearCommitment", "CancelMultiYearCommitment",
            "GetMultiYearCommitment", "ListMultiYearCommitments", "AggregateAllocation",
        ],
        "governance": [
            "CreateCollaborationForum", "UpdateCollaborationForum", "GetCollaborationForum",
            "ListCollaborationForums", "CreateCommittee", "UpdateCommittee", "GetCommittee", "ListCommittees",
            "CreateCompetenceNetwork", "UpdateCompetenceNetwork", "GetCompetenceNetwork", "ListCompetenceNetworks",
            "CreateLongTermPlan", "UpdateLongTermPlan", "GetLongTermPlan", "ListLongTermPlans",
            "CreateGovernorAnnualReport", "UpdateGovernorAnnualReport", "SubmitGovernorAnnualReport",
            "GetGovernorAnnualReport", "ListGovernorAnnualReports",
        ],
        "appeals": [
            "LodgeAppeal", "StartReconsideration", "ResolveAppealByGovernor", "ForwardAppeal", "DecideAppeal",
            "CloseAppeal", "GetAppeal", "ListAppeals",
        ],
        "policy": [
            "UpsertReferenceData", "ExportReferenceData", "LookupOrganisation", "GetPolicyConfig", "SetPolicyConfig",
            "GetReferenceDataChanges",
        ],
        "simulator": ["SimulateAllocation"],
    },
}
