/// Every request of the contract with an `acting_person_id` field (AUTH-R2). ActingPersonRulesTests
/// checks that this list matches the generated messages, so a new field cannot skip the check.

// Allocation
extension AdoptRecommendationRequest: ActingPersonRequest {}
extension SubmitGovernorRecommendationRequest: ActingPersonRequest {}
extension SubmitToGovernorRequest: ActingPersonRequest {}
extension StartControlRequest: ActingPersonRequest {}
extension ReturnRecommendationRequest: ActingPersonRequest {}
extension ReviseRecommendationRequest: ActingPersonRequest {}
extension PrepareGrantDecisionRequest: ActingPersonRequest {}
extension SignGrantDecisionRequest: ActingPersonRequest {}
extension DecideRecommendationRequest: ActingPersonRequest {}
extension AcceptGrantRequest: ActingPersonRequest {}
extension CancelGrantRequest: ActingPersonRequest {}
extension RecordReclaimCommentRequest: ActingPersonRequest {}
extension DecideReclaimRequest: ActingPersonRequest {}
extension LodgeAppealRequest: ActingPersonRequest {}
extension StartReconsiderationRequest: ActingPersonRequest {}
extension ResolveAppealByGovernorRequest: ActingPersonRequest {}
extension ForwardAppealRequest: ActingPersonRequest {}
extension DecideAppealRequest: ActingPersonRequest {}
extension SubmitGovernorAnnualReportRequest: ActingPersonRequest {}
// Needs
extension ConfirmCoApplicationRequest: ActingPersonRequest {}
extension SubmitNeedsReportRequest: ActingPersonRequest {}
extension ReturnNeedsReportForCompletionRequest: ActingPersonRequest {}
extension ResubmitNeedsReportRequest: ActingPersonRequest {}
extension RecordDeadlineExtensionRequest: ActingPersonRequest {}
extension RouteNeedsReportRequest: ActingPersonRequest {}
extension PrioritiseNeedsReportRequest: ActingPersonRequest {}
extension WithdrawNeedsReportRequest: ActingPersonRequest {}
// Partnerships
extension SignAgreementRequest: ActingPersonRequest {}
extension RequestTerminationRequest: ActingPersonRequest {}
extension ConfirmTerminationRequest: ActingPersonRequest {}
extension RenewAgreementRequest: ActingPersonRequest {}
extension LogCheckpointRequest: ActingPersonRequest {}
extension RecordPracticeChangeRequest: ActingPersonRequest {}
extension RecordJointEvaluationRequest: ActingPersonRequest {}
extension SubmitPartnershipReportRequest: ActingPersonRequest {}
// Referral
extension CreateReferralRequest: ActingPersonRequest {}
extension UpdateReferralDraftRequest: ActingPersonRequest {}
extension AddReferralAttachmentRequest: ActingPersonRequest {}
extension SubmitReferralRequest: ActingPersonRequest {}
extension OpenWithoutApplicationRequest: ActingPersonRequest {}
extension NotifyPptRequest: ActingPersonRequest {}
extension StartTriageRequest: ActingPersonRequest {}
extension ReturnReferralForCompletionRequest: ActingPersonRequest {}
extension AcceptReferralRequest: ActingPersonRequest {}
extension DeclineReferralRequest: ActingPersonRequest {}
extension AssignReferralRequest: ActingPersonRequest {}
extension ReassignReferralRequest: ActingPersonRequest {}
extension TransferReferralRequest: ActingPersonRequest {}
extension RecordStartupMeetingRequest: ActingPersonRequest {}
extension ProposeCollaborationPlanRequest: ActingPersonRequest {}
extension AgreeCollaborationPlanRequest: ActingPersonRequest {}
extension RecordConsentRequest: ActingPersonRequest {}
extension WithdrawConsentRequest: ActingPersonRequest {}
extension StartClosingRequest: ActingPersonRequest {}
extension ExtendServiceRequest: ActingPersonRequest {}
extension CloseReferralRequest: ActingPersonRequest {}
extension WithdrawReferralRequest: ActingPersonRequest {}
extension ExportDataSubjectRequest: ActingPersonRequest {}
