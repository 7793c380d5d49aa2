import Foundation
import KSICore
import KSIDemoData
import KSITestSupport
import SQLKit
import Testing

/// The national benchmark data set at a small scale: the expected counts, read back through the contexts.
@Suite("National data set")
struct NationalDataSetTests {
    @Test("at 0.02× the generator writes the scaled counts over all 10 embeter and ~356 kommuner")
    func smallScale() async throws {
        let base = try ReferenceData.bundled()
        let generator = NationalDataSet(scale: 0.02, base: base)
        #expect(generator.embeter.count == 10)
        #expect(generator.needsReportCount == 400)
        #expect(generator.measureCount == 100)
        #expect(generator.partnershipCount == 25)
        #expect(generator.referralCount == 60)
        let reference = try base.merging(generator.referenceDataSet())
        let municipalities = generator.referenceDataSet().municipalities
        #expect(municipalities.count == 356)
        #expect(Set(municipalities.map(\.governorOfficeId)).count == 10)
        #expect(Set(municipalities.map(\.id)).count == municipalities.count)

        let listed = try await TestDatabase.with(.sqlite) { needsDB in
            try await TestDatabase.with(.sqlite) { partnershipsDB in
                try await TestDatabase.with(.sqlite) { referralDB in
                    let keyRing = try ReferralKeyRing.ephemeral()
                    let progress = ProgressLog()
                    let counts = try await generator.load(
                        needs: needsDB,
                        partnerships: partnershipsDB,
                        referral: referralDB,
                        keyRing: keyRing,
                        batchSize: 100,
                        progress: { done, total in progress.record(done, total) }
                    )
                    let time = FixedTimeSource(date: LocalDate(year: 2025, month: 12, day: 1))
                    let needs = NeedsContext(database: needsDB, reference: reference, time: time)
                    let partnerships = PartnershipContext(database: partnershipsDB, reference: reference, time: time)
                    let referrals = ReferralContext(
                        database: referralDB,
                        reference: reference,
                        time: time,
                        keyRing: keyRing
                    )
                    let udir = Caller(
                        orgNumber: OrgNumber.fictitious(9_990).value,
                        grants: [RoleGrant(.udirAdmin)],
                        personId: "test"
                    )
                    let statped = Caller(
                        orgNumber: OrgNumber.fictitious(9_980).value,
                        grants: [RoleGrant(.statpedIntake)],
                        personId: "test",
                        assurance: .substantial
                    )
                    var reports = 0
                    var token = ""
                    repeat {
                        let page = try await needs.queries.listNeedsReports(
                            .with {
                                $0.pageSize = 500
                                $0.pageToken = token
                            },
                            as: udir
                        )
                        reports += page.items.count
                        token = page.nextPageToken
                    } while !token.isEmpty
                    let rounds = try await ListNeedsRoundsRequest().allPages(pageSize: 500) {
                        try await needs.rounds.listNeedsRounds($0, as: udir)
                    }.count
                    let measures = try await ListMeasuresRequest().allPages(pageSize: 500) {
                        try await partnerships.queries.listMeasures($0, as: udir)
                    }.count
                    let partnershipCount = try await ListPartnershipsRequest().allPages(pageSize: 500) {
                        try await partnerships.queries.listPartnerships($0, as: udir)
                    }.count
                    let referralItems = try await ListReferralsRequest().allPages(pageSize: 500) {
                        try await referrals.records.listReferrals($0, as: statped)
                    }
                    // Statped intake never sees a PPT draft (PRIV-R3, R4): count the stored referrals that
                    // were ever submitted, read raw from the database.
                    let stored = try await referralDB.read { sql in
                        try await sql.raw("SELECT body FROM entities WHERE kind = 'Referral'").all().map {
                            try Referral(wireBytes: [UInt8](try $0.decode(column: "body", as: Data.self)))
                        }
                    }
                    #expect(stored.count == generator.referralCount)
                    let everSubmitted = stored.filter {
                        ($0.timestamps?.submittedAt ?? 0) != 0 || ![.draft, .withdrawn].contains($0.status)
                    }
                    #expect(everSubmitted.count < stored.count)  // the set has drafts, and they are hidden
                    #expect(referralItems.count == everSubmitted.count)
                    let referralCount = referralItems.count + (stored.count - everSubmitted.count)
                    // The child data is sealed as ReferralContext seals it: Statped intake opens a submitted case.
                    let submitted = referralItems.first { $0.status == .submitted && $0.kind == .individual }
                    #expect(submitted != nil)
                    if let submitted {
                        let opened = try await referrals.records.getReferral(
                            .with { $0.id = submitted.id },
                            as: statped
                        )
                        #expect(opened.child?.name.hasPrefix("Testbarn ") == true)
                        #expect(opened.child?.nationalIdMasked.hasSuffix("*****") == true)
                    }
                    return (counts, [rounds, reports, partnershipCount, measures, referralCount], progress.snapshot())
                }
            }
        }
        let (counts, queried, progress) = listed
        #expect(counts.needsRounds == 150)
        #expect(counts.needsReports == 400)
        #expect(counts.partnerships == 25)
        #expect(counts.measures == 100)
        #expect(counts.referrals == 60)
        #expect(queried == [150, 400, 25, 100, 60])
        #expect(progress.last == [735, 735])
        #expect(progress.first == [0, 735])
    }

    @Test("the generator is deterministic and scales linearly")
    func deterministicAndScaled() throws {
        let base = try ReferenceData.bundled()
        let a = NationalDataSet(scale: 1, base: base)
        let b = NationalDataSet(scale: 1, base: base)
        #expect(a.referenceDataSet() == b.referenceDataSet())
        #expect(a.makeReportsForTest().map(\.status) == b.makeReportsForTest().map(\.status))
        #expect((a.needsReportCount, a.measureCount, a.referralCount) == (20_000, 5_000, 3_000))
        let four = NationalDataSet(scale: 4, base: base)
        #expect((four.needsReportCount, four.measureCount, four.referralCount) == (80_000, 20_000, 12_000))
    }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [[Int]] = []
    func record(_ done: Int, _ total: Int) { lock.withLock { entries.append([done, total]) } }
    func snapshot() -> [[Int]] { lock.withLock { entries } }
}
