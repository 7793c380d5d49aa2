import SQLKit

/// PRIV-R10: retention of child data after a case ends: closed, declined or withdrawn.
extension ReferralRecordsContext {
    /// The statuses that end a case, and so start the retention period (PRIV-R10).
    static let retentionRule: RuleID = .referralRetention
    static let endedStatuses: [ReferralStatus] = [.closed, .declined, .withdrawn]

    /// Deletes the child data of every referral that ended (closed, declined or withdrawn) more than
    /// `retentionYearsAfterClosure` years before `asOf` (Q14: 5), counted from its closed, declined
    /// (triage) or withdrawn date. The referral keeps its pseudonymous case record (status, timestamps,
    /// subject areas, assignment) and the milestone events stay; everything sealed, the guardians,
    /// consents, plan texts and attachment contents are erased. Returns how many referrals it purged.
    @discardableResult
    public func purgeExpired(asOf date: LocalDate) async throws -> Int {
        // Not an rpc: a maintenance job with an Int result, so it runs its own transactions: one per page of
        // ended referrals, so no write waits behind the whole sweep (a write transaction holds the one writer).
        // Paging is by id and a purge changes no status, so the pages stay stable; a referral found purged
        // already is skipped, so a sweep cut off half-way is finished by the next one.
        var purged = 0
        var token = ""
        repeat {
            let (count, next) = try await purgePage(asOf: date, pageToken: token)
            purged += count
            token = next
        } while !token.isEmpty
        return purged
    }

    /// Purges the expired referrals of one page of ended ones in one transaction; returns how many and the
    /// next page's token.
    private func purgePage(asOf date: LocalDate, pageToken: String) async throws -> (Int, String) {
        let now = time.nowMillis()
        return try await database.transaction { sql in
            let scope = CommandScope(
                store: StoreTransaction(sql: sql, context: ReferralContext.contextName, registry: registry),
                caller: .system("referral-retention"),
                nowMillis: now,
                requestId: "",
                action: ReferralSystemCommand.purgeExpiredReferrals.rawValue
            )
            let page = try await scope.store.list(
                Referral.self,
                filter: StorageFilter(statuses: Self.endedStatuses.map(\.name)),
                pageSize: 500,
                pageToken: pageToken
            )
            var purged = 0
            for referral in page.items
            where referral.kind != .system
                && Self.isExpired(referral, asOf: date, policy: policy(referral, on: date))
            {
                // already purged
                if referral.warnings.contains(where: { $0.ruleId == Self.retentionRule.value }) { continue }
                for attachment in referral.attachments {
                    try await tombstone(attachmentId: attachment.id, scope: scope)
                }
                _ = try await scope.save(
                    Self.purged(referral),
                    role: .system,
                    before: referral.status.name,
                    after: referral.status.name,
                    reason: "PRIV-R10: child data deleted after the retention period"
                )
                purged += 1
            }
            return (purged, page.nextPageToken)
        }
    }

    static func isExpired(_ referral: Referral, asOf date: LocalDate, policy: PolicyConfig) -> Bool {
        let endedAt = endedAt(referral)
        guard endedAt > 0 else { return false }
        let years = policy.statped.retentionYearsAfterClosure > 0 ? policy.statped.retentionYearsAfterClosure : 5
        return OsloCalendar.localDate(atMillis: endedAt).adding(years: years) < date
    }

    /// When the case ended: closed, declined (the triage decision) or withdrawn; 0 while it runs.
    static func endedAt(_ referral: Referral) -> Int64 {
        switch referral.status {
        case .closed: referral.timestamps?.closedAt ?? 0
        case .declined: referral.timestamps?.triagedAt ?? referral.triage?.at ?? 0
        case .withdrawn: referral.withdrawnAt
        default: 0
        }
    }

    /// The referral without child data: only the pseudonym and the pseudonymous case record remain.
    static func purged(_ referral: Referral) -> Referral {
        var record = ReferralSealing.metadata(referral)
        record.child = referral.child.map { child in Child.with { $0.childRef = child.childRef } }
        record.guardians = []
        record.attachments = []
        record.attachmentChecklist = []
        record.consents = []
        record.evaluations = []
        record.triage?.reason = ""
        record.triage?.redirect = nil
        record.returnReason = ""
        record.withdrawalReason = ""
        record.startupMeeting?.note = ""
        record.collaborationPlan = nil
        record.collaborationPlanHistory = []
        record.extensions = []
        record.closure?.summary = ""
        record.warnings = [
            Findings.warning(
                Self.retentionRule,
                field: "child",
                "the child's data was deleted after the retention period"
            )
        ]
        return record
    }
}
