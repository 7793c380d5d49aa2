/// The scheduled work on grant reports (issue 13; ALLOC-R15, PART-R13): a reminder within
/// `reportReminderDays` of the report deadline, reportDue when the deadline is reached, and a late
/// notice (with an ALLOC-R15 warning on the grant) when it has passed without a report. ALLOC-R15's
/// block on new disbursements to a recipient more than 30 days late is enforced by `disburse`
/// (`OverdueReportBlocksDisbursementRule`). Each step emits its event once per grant and deadline.
extension GrantContext {
    /// How many days before the report deadline the reminder goes out.
    public static let reportReminderDays: Int64 = 14

    /// Runs the report-deadline steps of every grant on `today`; returns what it did.
    public func runGrantReportDeadlines(today: LocalDate) async throws -> String {
        let open: [GrantStatus] = [.accepted, .disbursed, .reportDue]
        let grants = try await runner.read { store in
            try await store.list(Grant.self, filter: StorageFilter(statuses: open.map(\.name))).items
        }
        var sweep = ScheduledSweep()
        for grant in grants {
            guard let due = grant.reportDueOn else { continue }
            let daysLeft = today.days(until: due)
            if grant.status != .reportDue && daysLeft >= 0 && daysLeft <= Self.reportReminderDays {
                await sweep.attempt("report reminders", entity: grant.id) {
                    try await remindGrantReport(grant.id, due: due)
                }
            }
            if grant.status == .disbursed && daysLeft <= 0 {
                await sweep.attempt("grants marked report due", entity: grant.id) {
                    let request = MarkGrantReportDueRequest.with {
                        $0.requestId = "scheduler:MarkGrantReportDue:\(grant.id):\(due)"
                        $0.grantId = grant.id
                        $0.expectedVersion = grant.version
                    }
                    _ = try await markGrantReportDue(request, as: ScheduledSweep.caller)
                    return true
                }
            }
            if (grant.status == .disbursed || grant.status == .reportDue) && daysLeft < 0 {
                await sweep.attempt("late reports", entity: grant.id) {
                    try await markGrantReportLate(grant.id, due: due)
                }
            }
        }
        return try sweep.finish()
    }

    /// GrantReportReminder, once per grant and deadline (the request id); true when it was emitted now.
    func remindGrantReport(_ grantId: String, due: LocalDate) async throws -> Bool {
        let caller = ScheduledSweep.caller
        let requestId = "scheduler:GrantReportReminder:\(grantId):\(due)"
        if try await runner.alreadyRan(requestId, caller: caller) { return false }
        _ = try await runner.run(AllocationSystemCommand.remindGrantReport, systemRequestId: requestId, caller: caller)
        { scope in
            let grant = try await scope.store.require(Grant.self, id: grantId, what: "grant")
            try await scope.audit(
                kind: Grant.entityKind,
                id: grant.id,
                role: .system,
                before: grant.status.name,
                after: grant.status.name,
                reason: "ALLOC-R15: report reminder, the report is due on \(due)"
            )
            try await Self.emit(scope, .grantReportReminder, aggregateId: grant.id) {
                Self.describe(grant, due: due, in: &$0)
            }
            return grant
        }
        return true
    }

    /// GrantReportLate, once per grant and deadline: the grant carries an ALLOC-R15 warning from now on.
    func markGrantReportLate(_ grantId: String, due: LocalDate) async throws -> Bool {
        let caller = ScheduledSweep.caller
        let requestId = "scheduler:GrantReportLate:\(grantId):\(due)"
        if try await runner.alreadyRan(requestId, caller: caller) { return false }
        _ = try await runner.run(
            AllocationSystemCommand.markGrantReportLate,
            systemRequestId: requestId,
            caller: caller
        ) { scope in
            var grant = try await scope.store.require(Grant.self, id: grantId, what: "grant")
            guard grant.status == .disbursed || grant.status == .reportDue, grant.reportDueOn == due else {
                return grant
            }
            grant.warnings.removeAll { Self.isLateReportWarning($0) }
            grant.warnings.append(
                Findings.warning(
                    OverdueReportBlocksDisbursementRule.id,
                    field: "report_due_on",
                    "the report was due on \(due) and has not arrived; more than \(OverdueReportBlocksDisbursementRule.graceDays) days late blocks new disbursements to the recipient"
                )
            )
            grant.updatedAt = scope.nowMillis
            let saved = try await scope.save(
                grant,
                role: .system,
                before: grant.status.name,
                after: grant.status.name,
                reason: "ALLOC-R15: the report due on \(due) is late"
            )
            try await Self.emit(scope, .grantReportLate, aggregateId: saved.id) {
                Self.describe(saved, due: due, in: &$0)
            }
            return saved
        }
        return true
    }

    /// The ALLOC-R15 warning the late-report step puts on a grant (removed when the report arrives).
    static func isLateReportWarning(_ warning: RuleWarning) -> Bool {
        warning.ruleId == OverdueReportBlocksDisbursementRule.id.value && warning.field == "report_due_on"
    }

    /// The grant fields of a report-deadline event.
    static func describe(_ grant: Grant, due: LocalDate?, in event: inout AllocationEvent) {
        event.governorOfficeId = grant.governorOfficeId
        event.scheme = grant.scheme
        event.year = grant.year
        event.grantId = grant.id
        event.recipientOrgId = grant.recipientOrgId
        event.amountOre = grant.amountOre
        event.dueOn = due
    }
}
