/// Every rule type of the four contexts, in one list: the POLICY rules an embete may configure are read from
/// it (`PolicyValidation.policyRules`), and `RuleCatalogTests` hold each type's severity to DOMAIN.md's tables.
/// A new rule type goes here (the test fails for a `DomainRule` type of Sources that this list lacks).
enum RuleCatalog {
    static var all: [any DomainRule.Type] {
        needs + partnerships + allocation + referral
    }

    /// The ids of the rules whose severity includes POLICY: the only ones a `RuleKindOverride` may turn HARD
    /// or WARN.
    static var configurable: Set<RuleID> {
        Set(all.filter { $0.severity.contains(.policy) }.map { $0.id })
    }

    static var needs: [any DomainRule.Type] {
        [
            ReportSchemeRule.self, AssessmentBasisRule.self, UhPartnerRule.self, PptInvolvementRule.self,
            PptAffiliationRule.self, OwnerApplicantRule.self, SubmissionDeadlineRule.self, SpecificThemeRule.self,
            CollectiveDevelopmentRule.self, TeamAroundChildRule.self, StaffInvolvementRule.self,
            RequestedAmountRule.self, NeedsOutcomeRule.self, StatpedContributionRule.self, PlanReferenceRule.self,
            SchoolAssessmentCoverageRule.self,
        ]
    }

    static var partnerships: [any DomainRule.Type] {
        [
            PartnershipPartiesRule.self, ThirdPartyProviderRule.self, UhCompetenceRule.self,
            AgreementDurationRule.self, TerminationConsentRule.self, AbortNoticeRule.self, MeasureBudgetRule.self,
            PptRoleRule.self, PracticeComponentRule.self, CoursePackageRule.self, PracticeEvidenceRule.self,
            RequiredRolesRule.self, ReportCompletenessRule.self, PptOwnCompetenceRule.self,
            PrivateUnitParticipationRule.self, TeacherEducationFeedbackRule.self, JointEvaluationRule.self,
        ]
    }

    static var allocation: [any DomainRule.Type] {
        [
            WholeKronerRule.self, FramesWithinNationalBudgetRule.self, DecisionsWithinFrameRule.self,
            LineCompletenessRule.self, NeedsReportReferenceRule.self, CitedNeedsReportRule.self,
            CriteriaTextRule.self, RecipientRule.self, SplitFollowsPolicyRule.self, ProRataWarningRule.self,
            MicroGrantFragmentationRule.self, DecisionReasonRule.self, FourEyesRule.self, CoFinancingRule.self,
            MultiYearLineRule.self, RecommendationDeadlineRule.self, OverdueReportBlocksDisbursementRule.self,
            ReclaimAmountRule.self, AppealDeadlineRule.self, SkkAuthorRule.self, SkkForumMembershipRule.self,
            ReservedSharesRule.self, ForumCompositionRule.self, AcknowledgementRule.self,
            PptStatpedInputRule.self, ConflictOfInterestRule.self, TransparencyRule.self,
            SimulatorRules.FrameCeilingRule.self, SimulatorRules.SplitShareRule.self,
            SimulatorRules.ProRataLineRule.self, SimulatorRules.MicroGrantShareRule.self,
            SimulatorRules.ReservedShareRule.self,
        ]
    }

    static var referral: [any DomainRule.Type] {
        [
            ResponsiblePptOfficeRule.self, ExceptionPathRule.self, ReferralGroundRule.self, TriedMeasuresRule.self,
            AttachmentChecklistRule.self, GuardianConsentRule.self, TriageDecisionRule.self, SeadRoutingRule.self,
            AssignmentRule.self, StartupMeetingSlaRule.self, CollaborationPlanRule.self, ServicePhaseRule.self,
            ExtensionRule.self, MeetingPlanRule.self, SystemRequestRule.self, MilestoneTimestampRule.self,
        ]
    }
}
