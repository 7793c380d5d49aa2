/// ReferralService (DOMAIN.md §4.4 state machine "Who", §7 PRIV-R3/R4 and the referral access matrix;
/// `ReferralStateMachine`, `ReferralAccess` make the per-case check). `ownerAdmin` and `uhContact` appear
/// for `system` requests, which their organisation creates and follows (no child data, PRIV-R11).
extension ReferralServiceRPC {
    /// Who may call the RPC, and how (AUTH-R5).
    public var policy: AccessPolicy {
        let ppt: [Role] = [.pptAdviser, .pptLeader]
        let requester: [Role] = [.ownerAdmin, .uhContact]
        switch self {
        case .createReferral, .updateReferralDraft, .removeReferralAttachment:
            return AccessPolicy(
                .write,
                ppt + requester,
                note: "the responsible PPT office (REF-R1), or the requester of a system request"
            )
        case .addReferralAttachment:
            return AccessPolicy(
                .write,
                ppt + requester + [.statpedAdviser],
                note: "the responsible PPT office or an assigned adviser"
            )
        case .submitReferral, .withdrawReferral:
            return AccessPolicy(
                .write,
                [.pptLeader] + requester,
                note: "the responsible office's PPT leader, or the requester of a system request"
            )
        case .openWithoutApplication, .startTriage, .returnReferralForCompletion, .acceptReferral, .declineReferral:
            return AccessPolicy(.write, [.statpedIntake])
        case .notifyPpt:
            return AccessPolicy(
                .write,
                [.statpedIntake, .statpedAdviser],
                note: "intake or an assigned adviser (REF-R2)"
            )
        case .assignReferral, .reassignReferral:
            return AccessPolicy(.write, [.statpedManager], note: AssignmentRule.id.value)
        case .transferReferral:
            return AccessPolicy(
                .write,
                [.pptLeader, .statpedIntake],
                note: "the responsible office's PPT leader, or intake"
            )
        case .recordStartupMeeting, .startClosing, .closeReferral:
            return AccessPolicy(.write, [.statpedAdviser], note: "an adviser assigned to the case (PRIV-R4)")
        case .proposeCollaborationPlan, .agreeCollaborationPlan, .extendService:
            return AccessPolicy(
                .write,
                ppt + requester + [.statpedAdviser],
                note: "the responsible PPT office and an assigned adviser"
            )
        case .recordConsent, .withdrawConsent:
            return AccessPolicy(
                .write,
                ppt + [.statpedAdviser],
                note: "the responsible PPT office or an assigned adviser (PRIV-R9)"
            )
        case .getReferral:
            return AccessPolicy(
                .childDataRead,
                ppt + requester + [.statpedIntake, .statpedAdviser, .statpedManager],
                note:
                    "per the referral access matrix (§7): a manager gets metadata only; every read is logged (PRIV-R8)"
            )
        case .getReferralAttachment:
            return AccessPolicy(
                .childDataRead,
                ppt + requester + [.statpedIntake, .statpedAdviser],
                note: "those who see the child's data (§7)"
            )
        case .exportDataSubject:
            return AccessPolicy(
                .childDataRead,
                [.pptLeader, .statpedIntake, .statpedAdviser],
                note: RuleID.dataSubjectRequest.value
            )
        case .listReferrals:
            return AccessPolicy(
                .read,
                ppt + requester + [.statpedIntake, .statpedManager, .statpedAdviser],
                note: "summaries with the pseudonym only (PRIV-R7): own office's cases, the queue, assigned cases"
            )
        case .listIntakeQueue:
            return AccessPolicy(
                .read,
                [.statpedIntake, .statpedManager],
                note: "the intake queue without child data (PRIV-R4, R5): Statped intake and managers only"
            )
        case .listReferralFeed:
            return AccessPolicy(
                .read,
                AccessRoles.organisationFeed,
                note: AccessRoles.organisationFeedNote,
                heldByOrganisation: true
            )
        case .listReferralMilestones:
            return AccessPolicy(
                .read,
                [.system],
                note:
                    "record-level pseudonymous events (REF-R16): the system identities only; others get suppressed aggregates (PRIV-R5)"
            )
        case .getReferralProgress:
            return AccessPolicy(
                .read,
                ppt + requester + [.statpedIntake, .statpedAdviser, .statpedManager],
                note:
                    "status and milestone times only: the readers of the referral, no child data, not logged (PRIV-R1, R8)"
            )
        case .listChildDataAccess, .listAuditRecords:
            return AccessPolicy(
                .read,
                [.statpedManager, .udirAdmin],
                note: "the access log (PRIV-R8) and the audit log"
            )
        case .getDataVersion:
            return AccessPolicy(.read, [.system])
        }
    }
}
