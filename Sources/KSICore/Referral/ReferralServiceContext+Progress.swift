/// A referral's progress: what a referring system polls (the gateway's `GET /api/v1/referrals/{id}`).
///
/// PRIV-R1: the answer is built from the stored (sealed) record without opening it, so nothing is
/// decrypted and no child data, case content or free-text reason leaves the service. PRIV-R8: as no
/// child data is read, nothing is written to the access log — a status poll is a plain read.
extension ReferralServiceContext {
    /// Reads one referral's progress; the same readers as `getReferral` (§7 matrix, `ReferralAccess`).
    public func getReferralProgress(
        _ request: GetReferralProgressRequest,
        as caller: Caller
    ) async throws -> ReferralProgress {
        let today = time.today()
        return try await runner.read { store in
            let stored = try await store.require(Referral.self, id: request.id, what: "referral")
            // Any view (full or metadata) may read progress; no assurance level is needed, as no child data is read.
            _ = try ReferralAccess.requireView(caller, stored)
            var referral = stored
            StartupMeetingSlaRule.refresh(&referral, today: today, policy: policy(stored, on: today).statped)
            return Self.progress(referral)
        }
    }

    /// The progress fields of a referral (no child, guardians, case content or reasons; PRIV-R1, R2).
    public static func progress(_ referral: Referral) -> ReferralProgress {
        ReferralProgress.with {
            $0.id = referral.id
            $0.version = referral.version
            $0.kind = referral.kind
            $0.status = referral.status
            $0.phase = referral.phase
            $0.governorOfficeId = referral.governorOfficeId
            $0.milestones = referral.timestamps ?? ReferralTimestamps()
            $0.startupSlaBreached = referral.startupSlaBreached
            $0.returnedAt = referral.returnedAt
            $0.withdrawnAt = referral.withdrawnAt
            $0.updatedAt = referral.updatedAt
        }
    }
}
