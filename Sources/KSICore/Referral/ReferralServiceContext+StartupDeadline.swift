/// The scheduled REF-R10 watch (issue 13): the start-up meeting is due within 14 days of acceptance.
/// Until now the SLA was computed only when someone changed the referral; the scheduler refreshes the
/// REF-R10 warning and breach flag on the day they change and emits the pseudonymous milestones
/// `startupDeadlineNear` (day `startupMeetingWarnDay`, 10) and `startupDeadlineBreached` (after day
/// `startupMeetingMaxDays`, 14: the rule's own breach), each once per referral.
extension ReferralServiceContext {
    /// The statuses in which the start-up meeting is still ahead: accepted, or assigned to an adviser.
    static let awaitingStartup: [ReferralStatus] = [.accepted, .assigned]

    /// Refreshes REF-R10 on every referral still waiting for its start-up meeting on `today`; returns what it did.
    public func runStartupDeadlines(today: LocalDate) async throws -> String {
        let waiting = try await runner.read { store in
            try await store.list(Referral.self, filter: StorageFilter(statuses: Self.awaitingStartup.map(\.name))).items
        }
        var sweep = ScheduledSweep()
        for referral in waiting where referral.kind != .system && referral.startupMeeting?.heldOn == nil {
            let acceptedAt = referral.timestamps?.acceptedAt ?? 0
            guard acceptedAt > 0 else { continue }
            let statped = policy(referral, on: today).statped
            let sla = StartupMeetingSlaRule.check(acceptedAt: acceptedAt, heldOn: nil, today: today, policy: statped)
            let milestone: ReferralMilestone? =
                sla.breached ? .startupDeadlineBreached : (sla.findings.warnings.isEmpty ? nil : .startupDeadlineNear)
            guard let milestone else { continue }
            await sweep.attempt(
                milestone == .startupDeadlineBreached ? "start-up deadlines breached" : "start-up deadlines near",
                entity: referral.id
            ) { try await markStartupDeadline(referral.id, milestone) }
        }
        return try sweep.finish()
    }

    /// Refreshes the referral's REF-R10 state and emits `milestone`, once per referral and milestone
    /// (the request id); true when emitted now.
    func markStartupDeadline(_ referralId: String, _ milestone: ReferralMilestone) async throws -> Bool {
        let caller = ScheduledSweep.caller
        let requestId = "scheduler:\(milestone.name):\(referralId)"
        if try await runner.alreadyRan(requestId, caller: caller) { return false }
        _ = try await runner.run(ReferralSystemCommand.markStartupDeadline, systemRequestId: requestId, caller: caller)
        { scope in
            var referral = try await scope.load(
                Referral.self,
                id: referralId,
                expectedVersion: 0,
                what: "referral",
                versions: .zeroIsUnconditional
            )
            guard Self.awaitingStartup.contains(referral.status), referral.startupMeeting?.heldOn == nil else {
                return ReferralSealing.redact(referral)
            }
            StartupMeetingSlaRule.refresh(
                &referral,
                today: scope.today,
                policy: self.policy(referral, on: scope.today).statped
            )
            referral.updatedAt = scope.nowMillis
            let saved = try await scope.save(
                referral,
                role: .system,
                before: referral.status.name,
                after: referral.status.name,
                reason:
                    "REF-R10: \(milestone == .startupDeadlineBreached ? "start-up deadline breached" : "start-up deadline near")"
            )
            try await self.emit(milestone, for: saved, scope: scope)
            return ReferralSealing.redact(saved)
        }
        return true
    }
}
