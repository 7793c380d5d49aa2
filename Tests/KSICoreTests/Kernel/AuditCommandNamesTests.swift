import Testing

@testable import KSICore

/// COM-R4: the commands of Needs, Partnerships and Referral name themselves in the audit log (`AuditRecord.action`)
/// and in idempotency records by their RPC, now taken from the generated `…ServiceRPC` enums rather than string
/// literals (issue 16). The stored text must not change: these are the names the audit rows already hold.
@Suite("Audit command names (issue 16)")
struct AuditCommandNamesTests {
    /// Each RPC whose name a context passes to `CommandRunner`, with the text stored before the change.
    static let stored: [(any RawRepresentable<String> & Sendable, String)] = [
        (PartnershipServiceRPC.abortMeasure, "AbortMeasure"),
        (PartnershipServiceRPC.acceptPartnershipReport, "AcceptPartnershipReport"),
        (ReferralServiceRPC.acceptReferral, "AcceptReferral"),
        (ReferralServiceRPC.addReferralAttachment, "AddReferralAttachment"),
        (ReferralServiceRPC.agreeCollaborationPlan, "AgreeCollaborationPlan"),
        (PartnershipServiceRPC.agreeThirdPartyContribution, "AgreeThirdPartyContribution"),
        (PartnershipServiceRPC.applyGrantCommitted, "ApplyGrantCommitted"),
        (NeedsServiceRPC.applyGrantOutcome, "ApplyGrantOutcome"),
        (NeedsServiceRPC.applyRecommendationLineCreated, "ApplyRecommendationLineCreated"),
        (NeedsServiceRPC.applyRoundDecided, "ApplyRoundDecided"),
        (NeedsServiceRPC.archiveNeedsRound, "ArchiveNeedsRound"),
        (PartnershipServiceRPC.assignPartnershipRole, "AssignPartnershipRole"),
        (ReferralServiceRPC.assignReferral, "AssignReferral"),
        (NeedsServiceRPC.closeNeedsRound, "CloseNeedsRound"),
        (ReferralServiceRPC.closeReferral, "CloseReferral"),
        (PartnershipServiceRPC.completeMeasure, "CompleteMeasure"),
        (PartnershipServiceRPC.concludeConflictCaseWithTermination, "ConcludeConflictCaseWithTermination"),
        (NeedsServiceRPC.confirmCoApplication, "ConfirmCoApplication"),
        (PartnershipServiceRPC.confirmTermination, "ConfirmTermination"),
        (NeedsServiceRPC.createDecisionBasis, "CreateDecisionBasis"),
        (PartnershipServiceRPC.createMeasure, "CreateMeasure"),
        (NeedsServiceRPC.createNeedsAssessment, "CreateNeedsAssessment"),
        (NeedsServiceRPC.createNeedsReport, "CreateNeedsReport"),
        (NeedsServiceRPC.createNeedsRound, "CreateNeedsRound"),
        (PartnershipServiceRPC.createPartnership, "CreatePartnership"),
        (PartnershipServiceRPC.createPartnershipReport, "CreatePartnershipReport"),
        (ReferralServiceRPC.createReferral, "CreateReferral"),
        (ReferralServiceRPC.declineReferral, "DeclineReferral"),
        (PartnershipServiceRPC.declineThirdPartyContribution, "DeclineThirdPartyContribution"),
        (PartnershipServiceRPC.deliverThirdPartyContribution, "DeliverThirdPartyContribution"),
        (PartnershipServiceRPC.endPartnershipRoleAssignment, "EndPartnershipRoleAssignment"),
        (PartnershipServiceRPC.expirePartnership, "ExpirePartnership"),
        (ReferralServiceRPC.exportDataSubject, "ExportDataSubject"),
        (ReferralServiceRPC.extendService, "ExtendService"),
        (ReferralServiceRPC.getReferral, "GetReferral"),
        (ReferralServiceRPC.getReferralAttachment, "GetReferralAttachment"),
        (PartnershipServiceRPC.linkThirdPartyReferral, "LinkThirdPartyReferral"),
        (PartnershipServiceRPC.logCheckpoint, "LogCheckpoint"),
        (ReferralServiceRPC.notifyPpt, "NotifyPpt"),
        (NeedsServiceRPC.openNeedsRound, "OpenNeedsRound"),
        (ReferralServiceRPC.openWithoutApplication, "OpenWithoutApplication"),
        (NeedsServiceRPC.prioritiseNeedsReport, "PrioritiseNeedsReport"),
        (ReferralServiceRPC.proposeCollaborationPlan, "ProposeCollaborationPlan"),
        (PartnershipServiceRPC.raiseConflictCase, "RaiseConflictCase"),
        (ReferralServiceRPC.reassignReferral, "ReassignReferral"),
        (ReferralServiceRPC.recordConsent, "RecordConsent"),
        (NeedsServiceRPC.recordDeadlineExtension, "RecordDeadlineExtension"),
        (PartnershipServiceRPC.recordDirectStatpedApproval, "RecordDirectStatpedApproval"),
        (PartnershipServiceRPC.recordJointEvaluation, "RecordJointEvaluation"),
        (PartnershipServiceRPC.recordMeeting, "RecordMeeting"),
        (PartnershipServiceRPC.recordPracticeChange, "RecordPracticeChange"),
        (ReferralServiceRPC.recordStartupMeeting, "RecordStartupMeeting"),
        (PartnershipServiceRPC.recordTeacherEducationFeedback, "RecordTeacherEducationFeedback"),
        (PartnershipServiceRPC.recordUnannouncedAbort, "RecordUnannouncedAbort"),
        (ReferralServiceRPC.removeReferralAttachment, "RemoveReferralAttachment"),
        (PartnershipServiceRPC.renewAgreement, "RenewAgreement"),
        (PartnershipServiceRPC.requestTermination, "RequestTermination"),
        (PartnershipServiceRPC.requestThirdPartyContribution, "RequestThirdPartyContribution"),
        (PartnershipServiceRPC.resolveConflictCase, "ResolveConflictCase"),
        (NeedsServiceRPC.resubmitNeedsReport, "ResubmitNeedsReport"),
        (PartnershipServiceRPC.resumePartnership, "ResumePartnership"),
        (NeedsServiceRPC.returnNeedsReportForCompletion, "ReturnNeedsReportForCompletion"),
        (PartnershipServiceRPC.returnPartnershipReport, "ReturnPartnershipReport"),
        (ReferralServiceRPC.returnReferralForCompletion, "ReturnReferralForCompletion"),
        (NeedsServiceRPC.routeNeedsReport, "RouteNeedsReport"),
        (PartnershipServiceRPC.signAgreement, "SignAgreement"),
        (ReferralServiceRPC.startClosing, "StartClosing"),
        (PartnershipServiceRPC.startLocalFollowUp, "StartLocalFollowUp"),
        (PartnershipServiceRPC.startMediation, "StartMediation"),
        (ReferralServiceRPC.startTriage, "StartTriage"),
        (NeedsServiceRPC.submitNeedsReport, "SubmitNeedsReport"),
        (PartnershipServiceRPC.submitPartnershipReport, "SubmitPartnershipReport"),
        (ReferralServiceRPC.submitReferral, "SubmitReferral"),
        (PartnershipServiceRPC.suspendPartnership, "SuspendPartnership"),
        (ReferralServiceRPC.transferReferral, "TransferReferral"),
        (NeedsServiceRPC.updateDecisionBasis, "UpdateDecisionBasis"),
        (PartnershipServiceRPC.updateMeasure, "UpdateMeasure"),
        (NeedsServiceRPC.updateNeedsAssessment, "UpdateNeedsAssessment"),
        (NeedsServiceRPC.updateNeedsReport, "UpdateNeedsReport"),
        (NeedsServiceRPC.updateNeedsRound, "UpdateNeedsRound"),
        (PartnershipServiceRPC.updatePartnership, "UpdatePartnership"),
        (PartnershipServiceRPC.updatePartnershipReport, "UpdatePartnershipReport"),
        (ReferralServiceRPC.updateReferralDraft, "UpdateReferralDraft"),
        (ReferralServiceRPC.withdrawConsent, "WithdrawConsent"),
        (NeedsServiceRPC.withdrawNeedsReport, "WithdrawNeedsReport"),
        (ReferralServiceRPC.withdrawReferral, "WithdrawReferral"),
    ]

    @Test("every command's audit name is the stored text, byte for byte")
    func namesAreUnchanged() {
        for (rpc, text) in Self.stored {
            #expect(rpc.rawValue == text)
        }
        #expect(Self.stored.count == 86)
    }

    @Test("the commands contexts run for themselves keep their stored names")
    func systemCommandNamesAreUnchanged() {
        #expect(ReferralSystemCommand.allCases.map(\.rawValue) == ["MarkStartupDeadline", "PurgeExpiredReferrals"])
        #expect(NeedsSystemCommand.allCases.map(\.rawValue) == ["AnnounceNeedsRoundClosingSoon"])
        #expect(
            PartnershipSystemCommand.allCases.map(\.rawValue) == [
                "RefreshPartnershipWarnings", "RefreshMeasureWarnings",
            ]
        )
        #expect(DeadLetterCommand.allCases.map(\.rawValue) == ["RetryDeadLetter", "DropDeadLetter"])
    }

    @Test("the audit states of entities without a lifecycle, and of dead letters, keep their stored text")
    func steadyStatesAreUnchanged() {
        #expect(SteadyState.allCases.map(\.rawValue) == ["recorded", "set", "active", "imported"])
        #expect(DeadLetterState.allCases.map(\.rawValue) == ["dead", "applied", "dropped"])
    }
}
