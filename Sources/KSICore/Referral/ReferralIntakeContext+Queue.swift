/// The Statped intake queue as a worklist (issue 15): the open cases oldest first, with their REF-R10
/// state, and no child data at all (PRIV-R4, R5, R7) — not the pseudonym, not names, national ids,
/// birth dates or case texts — so the gateway may show it to statpedIntake and statpedManager persons.
extension ReferralIntakeContext {
    /// The queue when the request names no status: submitted, in triage, and accepted or assigned with
    /// the start-up meeting still ahead (REF-R10).
    static let intakeQueueStatuses: [ReferralStatus] = [.submitted, .inTriage] + ReferralServiceContext.awaitingStartup

    /// LIM-R7 paging in age order with bounded memory: each page scans the matching referrals in keyset
    /// batches of `StoreTransaction.maximumPageBatch` and keeps only the `size + 1` oldest entries after the
    /// token's key (submission time, then id), so memory is one batch plus one page whatever the queue's length.
    public func listIntakeQueue(
        _ request: ListIntakeQueueRequest,
        as caller: Caller
    ) async throws -> ListIntakeQueueResponse {
        // The access policy admits only these roles; checked again here because the queue is Statped's (PRIV-R4).
        try caller.require(.statpedIntake, .statpedManager, toDo: "read the intake queue")
        if let bad = request.statuses.first(where: { $0 == .unspecified || $0 == .draft }) {
            throw DomainError.invalidArgument(
                field: "statuses",
                "a PPT draft or an unspecified status is never in Statped's queue (\(bad.name))"
            )
        }
        let pageRequest = try PageRequest(request)
        let after = pageRequest.after.map(IntakeQueueKey.init(token:)) ?? nil
        if pageRequest.after != nil && after == nil {
            throw DomainError.invalidArgument(
                field: "page_token",
                "page_token is not a token this list returned; start again without one"
            )
        }
        let statuses = request.statuses.isEmpty ? Self.intakeQueueStatuses : request.statuses
        let today = time.today()
        let collected: [(key: IntakeQueueKey, referral: Referral)] = try await runner.read { store in
            var filter = StorageFilter(statuses: statuses.map(\.name))
            if !request.referringPptOfficeId.isEmpty { filter.ownerId = request.referringPptOfficeId }
            var kept: [(key: IntakeQueueKey, referral: Referral)] = []
            var cursor = ""
            repeat {
                let batch = try await store.list(
                    Referral.self,
                    filter: filter,
                    pageSize: StoreTransaction.maximumPageBatch,
                    pageToken: cursor
                )
                for stored in batch.items
                where ReferralAccess.isVisibleToStatped(stored)
                    && (request.kind == .unspecified || stored.kind == request.kind)
                    && (request.subjectArea == .unspecified || stored.subjectAreas.contains(request.subjectArea))
                {
                    let key = IntakeQueueKey(stored)
                    guard after.map({ key > $0 }) ?? true else { continue }
                    // Filtered before the page is cut, so a page is full whenever a next-page token is returned.
                    if !request.divisionId.isEmpty, try self.division(of: stored) != request.divisionId { continue }
                    kept.append((key, stored))
                }
                // Keep the oldest size + 1 only (bounded memory); +1 tells whether a next page exists.
                if kept.count > 2 * (pageRequest.size + 1) {
                    kept.sort { $0.key < $1.key }
                    kept.removeLast(kept.count - (pageRequest.size + 1))
                }
                cursor = batch.nextPageToken
            } while !cursor.isEmpty
            kept.sort { $0.key < $1.key }
            return Array(kept.prefix(pageRequest.size + 1))
        }
        var response = ListIntakeQueueResponse()
        for (_, stored) in collected.prefix(pageRequest.size) {
            response.items.append(try intakeQueueEntry(stored, today: today))
        }
        if collected.count > pageRequest.size {
            response.nextPageToken = pageRequest.token(after: collected[pageRequest.size - 1].key.token)
        }
        return response
    }

    /// The division a queue entry shows (and the division filter matches): the assigned one, or the
    /// division of the child's age band at submission (only the division id leaves, never the birth date).
    func division(of referral: Referral) throws -> String {
        if let assigned = referral.assignment?.divisionId, !assigned.isEmpty { return assigned }
        return try ageBandDivision(
            of: referral,
            on: OsloCalendar.localDate(atMillis: IntakeQueueKey(referral).submittedAt)
        )
    }

    /// One queue entry: case metadata and REF-R10 state as of `today`, no child identity (PRIV-R7).
    func intakeQueueEntry(_ stored: Referral, today: LocalDate) throws -> IntakeQueueEntry {
        var referral = stored
        StartupMeetingSlaRule.refresh(&referral, today: today, policy: policy(stored, on: today).statped)
        let submittedAt = IntakeQueueKey(stored).submittedAt
        let acceptedAt = referral.timestamps?.acceptedAt ?? 0
        let submittedOn = OsloCalendar.localDate(atMillis: submittedAt)
        let division = try self.division(of: stored)
        let awaitingStartup =
            ReferralServiceContext.awaitingStartup.contains(referral.status) && referral.startupMeeting?.heldOn == nil
        return IntakeQueueEntry.with {
            $0.referralId = referral.id
            $0.kind = referral.kind
            $0.status = referral.status
            $0.referringPptOfficeId = referral.referringPptOfficeId
            $0.requestingOrgId = referral.requestingOrgId
            $0.homeMunicipalityId = referral.child?.residenceMunicipalityId ?? ""
            $0.governorOfficeId = referral.governorOfficeId
            $0.divisionId = division
            $0.subjectAreas = referral.subjectAreas
            $0.submittedAt = submittedAt
            $0.acceptedAt = acceptedAt
            // Never negative: a clock set back before the submission reads as day 0.
            $0.ageDays = Int32(clamping: max(0, submittedOn.days(until: today)))
            $0.daysSinceAcceptance =
                acceptedAt > 0
                ? Int32(clamping: max(0, OsloCalendar.localDate(atMillis: acceptedAt).days(until: today))) : 0
            $0.startupSlaBreached = referral.startupSlaBreached
            $0.startupDeadlineNear =
                awaitingStartup && !referral.startupSlaBreached
                && referral.warnings.contains { $0.ruleId == StartupMeetingSlaRule.id.value }
        }
    }
}

/// The queue order: submission time (creation for a case Statped opened itself), then id.
struct IntakeQueueKey: Comparable, Sendable {
    var submittedAt: Int64
    var id: String

    init(_ referral: Referral) {
        let submitted = referral.timestamps?.submittedAt ?? 0
        submittedAt = submitted > 0 ? submitted : referral.createdAt
        id = referral.id
    }

    /// The key a page token carries: "<millis>|<id>".
    init?(token: String) {
        let parts = token.split(separator: "|", maxSplits: 1)
        guard parts.count == 2, let millis = Int64(parts[0]) else { return nil }
        submittedAt = millis
        id = String(parts[1])
    }

    var token: String { "\(submittedAt)|\(id)" }

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.submittedAt, lhs.id) < (rhs.submittedAt, rhs.id) }
}
