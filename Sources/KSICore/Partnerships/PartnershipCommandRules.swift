/// The rules each Partnerships command runs, in one place (STYLE.md §3). HARD findings reject the
/// command together; WARN findings are stored on the entity's `warnings`.
public enum PartnershipCommandRules {
    public static let createPartnership: [RuleID] = [
        "COM-R7", PartnershipPartiesRule.id, ThirdPartyProviderRule.id, AgreementDurationRule.id, RequiredRolesRule.id,
    ]
    public static let updatePartnership: [RuleID] = createPartnership
    public static let signAgreement: [RuleID] = [
        PartnershipPartiesRule.id, ThirdPartyProviderRule.id, AgreementDurationRule.id,
    ]
    public static let confirmTermination: [RuleID] = [TerminationConsentRule.id, "COM-R2"]
    public static let renewAgreement: [RuleID] = [AgreementDurationRule.id]
    public static let recordDirectStatpedApproval: [RuleID] = [ThirdPartyProviderRule.id]
    public static let assignPartnershipRole: [RuleID] = [RequiredRolesRule.id]
    public static let applyGrantCommitted: [RuleID] = ["COM-R2", "COM-R7", MeasureBudgetRule.id]
    public static let createMeasure: [RuleID] = [
        ThirdPartyProviderRule.id, UhCompetenceRule.id, MeasureBudgetRule.id, PptRoleRule.id, PracticeComponentRule.id,
        CoursePackageRule.id, PracticeEvidenceRule.id, PptOwnCompetenceRule.id, PrivateUnitParticipationRule.id,
    ]
    public static let updateMeasure: [RuleID] = createMeasure
    public static let logCheckpoint: [RuleID] = [PptRoleRule.id, PracticeEvidenceRule.id]
    public static let completeMeasure: [RuleID] = [JointEvaluationRule.id]
    public static let abortMeasure: [RuleID] = [AbortNoticeRule.id]
    public static let recordUnannouncedAbort: [RuleID] = [AbortNoticeRule.id]
    public static let requestThirdPartyContribution: [RuleID] = [ThirdPartyProviderRule.id, "COM-R2"]
    public static let agreeThirdPartyContribution: [RuleID] = [ThirdPartyProviderRule.id, "COM-R2"]
    public static let submitPartnershipReport: [RuleID] = [
        ReportCompletenessRule.id, TeacherEducationFeedbackRule.id, "COM-R2",
    ]
}
