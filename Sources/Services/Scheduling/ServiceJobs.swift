import KSICore

/// The scheduled jobs of each service (issue 13; docs/operations.md "Scheduled jobs"). Each job runs
/// the context's own commands as the system caller, so every change is audited, emits its outbox
/// event, and is idempotent (a state check or a request id per entity and deadline).
public enum ServiceJobs {
    /// How long after a run the deadline jobs are due again; they act on dates, so an hour is prompt.
    public static let hourly: Duration = .seconds(3600)
    /// The retention purge works on years; once a day is enough.
    public static let daily: Duration = .seconds(86_400)

    static func today(_ now: Int64) -> LocalDate { OsloCalendar.localDate(atMillis: now) }

    /// Every service: idempotency records older than the retention period are deleted (IDEM-R2).
    public static func idempotencyExpiry(_ database: KSIDatabase, retentionDays: Int) -> ScheduledJob {
        ScheduledJob(name: "idempotency-expiry", every: daily) { now in
            let purged = try await IdempotencyExpiry.purge(database, retentionDays: retentionDays, nowMillis: now)
            return purged == 0 ? "nothing to do" : "\(purged) request ids expired"
        }
    }

    /// AllocationService: report reminder, report due and report late (ALLOC-R15, PART-R13).
    public static func allocation(_ allocation: AllocationContext) -> [ScheduledJob] {
        [
            ScheduledJob(name: "grant-report-deadlines", every: hourly) { now in
                try await allocation.grants.runGrantReportDeadlines(today: today(now))
            }
        ]
    }

    /// NeedsService: the "round closes soon" notice (NEED-R6).
    public static func needs(_ needs: NeedsContext) -> [ScheduledJob] {
        [
            ScheduledJob(name: "needs-round-deadlines", every: hourly) { now in
                try await needs.rounds.runNeedsRoundDeadlines(today: today(now))
            }
        ]
    }

    /// PartnershipService: expiry, and the time-based warnings (PART-R11, PART-R12).
    public static func partnerships(_ partnerships: PartnershipContext) -> [ScheduledJob] {
        [
            ScheduledJob(name: "partnership-expiry", every: hourly) { now in
                try await partnerships.lifecycle.runPartnershipExpiry(today: today(now))
            },
            ScheduledJob(name: "partnership-warnings", every: hourly) { now in
                try await partnerships.lifecycle.refreshTimeBasedWarnings(today: today(now))
            },
        ]
    }

    /// ReferralService: the start-up deadline (REF-R10) and the retention purge (PRIV-R10).
    public static func referral(_ referral: ReferralContext) -> [ScheduledJob] {
        [
            ScheduledJob(name: "referral-startup-deadline", every: hourly) { now in
                try await referral.service.runStartupDeadlines(today: today(now))
            },
            ScheduledJob(name: "referral-retention-purge", every: daily) { now in
                let purged = try await referral.records.purgeExpired(asOf: today(now))
                return purged == 0 ? "nothing to do" : "\(purged) referrals purged"
            },
        ]
    }
}
