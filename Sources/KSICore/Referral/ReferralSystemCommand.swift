/// The commands Referral runs for itself rather than for an RPC (issue 16): the scheduler's startup-meeting
/// deadline (REF-R10) and the retention job's purge (PRIV-R10).
enum ReferralSystemCommand: String, SystemCommand {
    case markStartupDeadline = "MarkStartupDeadline"
    case purgeExpiredReferrals = "PurgeExpiredReferrals"
}
