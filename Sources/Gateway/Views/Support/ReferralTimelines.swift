import KSICore

/// One referral's pseudonymous milestones folded together (V8, V9, V13): when each milestone was first
/// reached, the status the latest milestone implies, and the grouping keys. No child data (PRIV-R1).
package struct ReferralTimeline: Sendable, Hashable {
    package var referralId: String
    /// The embete of the home municipality at submission (§5 V8 "region").
    package var region: String = ""
    /// The assigned division, or the age band's division before assignment (the latest one seen).
    package var divisionId: String = ""
    package var subjectAreas: [StatpedSubjectArea] = []
    /// The home municipality at submission; empty for `system` requests.
    package var municipalityId: String = ""
    package var kind: ReferralKind = .unspecified
    package var assignmentReason: AssignmentReason = .unspecified
    /// The first instant (epoch ms) each milestone was reached.
    package var firstReached: [ReferralMilestone: Int64] = [:]
    /// The status implied by the latest milestone.
    package var status: ReferralStatus = .unspecified

    package init(referralId: String) { self.referralId = referralId }

    /// When the milestone was first reached, if ever.
    package func at(_ milestone: ReferralMilestone) -> Int64? { firstReached[milestone] }

    /// When triage was decided: the first `triaged`, `accepted`, `declined` or `returned` milestone
    /// after submission. PD: ReferralService stamps `triagedAt` with each decision and emits the decision's
    /// milestone rather than a separate `triaged` one, so any of them marks the end of triage.
    package var triagedAt: Int64? {
        guard at(.submitted) != nil else { return nil }
        return [ReferralMilestone.triaged, .accepted, .declined, .returned].compactMap { at($0) }.min()
    }

    /// When the case entered the queue: submission, or acceptance on the exception path (REF-R2).
    package var openedAt: Int64? { at(.submitted) ?? firstReached.values.min() }

    /// Still in the queue: neither closed, withdrawn nor declined (V8 open cases, V13).
    package var isOpen: Bool {
        switch status {
        case .closed, .withdrawn, .declined, .unspecified, .draft: false
        default: true
        }
    }

    /// The status a milestone leaves a referral in (§4.4 state machine). `extended` returns the case to
    /// `inService`; a bare `triaged` (no decision yet) reads as `inTriage`.
    package static func status(after milestone: ReferralMilestone) -> ReferralStatus {
        switch milestone {
        case .submitted: .submitted
        case .returned: .returned
        case .triaged: .inTriage
        case .accepted: .accepted
        case .declined: .declined
        case .assigned: .assigned
        case .startupHeld: .startupHeld
        case .inService, .extended: .inService
        case .closing: .closing
        case .closed: .closed
        case .withdrawn: .withdrawn
        default: .unspecified
        }
    }
}

extension ReferralData {
    /// One timeline per referral, ordered by referral id. Milestones are applied in time order
    /// (then stream order), so the latest milestone sets the status and the latest non-empty
    /// division, subject areas and assignment reason win.
    package var timelines: [ReferralTimeline] {
        let ordered = milestones.enumerated().sorted { lhs, rhs in
            (lhs.element.at, lhs.element.sequence, lhs.offset) < (rhs.element.at, rhs.element.sequence, rhs.offset)
        }.map(\.element)
        var byId: [String: ReferralTimeline] = [:]
        for event in ordered where event.milestone != .unspecified {
            var timeline = byId[event.referralId] ?? ReferralTimeline(referralId: event.referralId)
            if timeline.firstReached[event.milestone] == nil { timeline.firstReached[event.milestone] = event.at }
            timeline.status = ReferralTimeline.status(after: event.milestone)
            if timeline.region.isEmpty { timeline.region = event.region }
            if timeline.municipalityId.isEmpty { timeline.municipalityId = event.municipalityId }
            if !event.divisionId.isEmpty { timeline.divisionId = event.divisionId }
            if !event.subjectAreas.isEmpty { timeline.subjectAreas = event.subjectAreas }
            if event.kind != .unspecified { timeline.kind = event.kind }
            if event.assignmentReason != .unspecified { timeline.assignmentReason = event.assignmentReason }
            byId[event.referralId] = timeline
        }
        return byId.values.sorted { $0.referralId < $1.referralId }
    }
}
