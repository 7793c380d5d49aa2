import KSICore
import KSITestSupport
import Testing

/// protos/README.md "Versions": a command that changes an existing entity carries the version it read.
/// 0 (absent) is refused with INVALID_ARGUMENT on `expected_version`, a stale version is a version conflict,
/// the stored version is accepted; only event-applying `Apply*` commands treat 0 as unconditional.
@Suite("expected_version semantics")
struct ExpectedVersionTests {
    /// The three paths of one command: 0, stale, right. `command(version)` runs it with that expected version.
    static func expectThreePaths(stored: Int64, _ command: (Int64) async throws -> Int64) async throws {
        let absent = await #expect(throws: DomainError.self) { _ = try await command(0) }
        #expect(absent?.code == .invalidArgument)
        #expect(absent?.violations.map(\.field) == ["expected_version"])
        #expect(absent?.violations.map(\.rule) == ["COM-INPUT"])
        let stale = await #expect(throws: DomainError.self) { _ = try await command(stored + 1) }
        #expect(stale?.code == .versionConflict)
        #expect(try await command(stored) == stored + 1)
    }

    @Test("the one check: 0 refused unless unconditional, negative refused, mismatch conflicts")
    func check() throws {
        #expect(throws: Never.self) { try ExpectedVersion.required.check(3, stored: 3) }
        #expect(throws: Never.self) { try ExpectedVersion.zeroIsUnconditional.check(0, stored: 3) }
        for (versions, expected) in [(ExpectedVersion.required, Int64(0)), (.required, -1), (.zeroIsUnconditional, -1)]
        {
            let error = #expect(throws: DomainError.self) { try versions.check(expected, stored: 3) }
            #expect(error?.code == .invalidArgument && error?.violations.first?.field == "expected_version")
        }
        let conflict = #expect(throws: DomainError.self) { try ExpectedVersion.zeroIsUnconditional.check(2, stored: 3) }
        #expect(conflict?.code == .versionConflict)
    }

    @Test("Needs: UpdateNeedsReport refuses 0, conflicts on a stale version, accepts the stored one")
    func needs() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let draft = try await fixture.draft(in: try await fixture.openRound())
            try await Self.expectThreePaths(stored: draft.version) { version in
                try await fixture.needs.reports.updateNeedsReport(
                    .with {
                        $0.needsReportId = draft.id
                        $0.expectedVersion = version
                        $0.content = NeedsFixture.validContent(assessmentIds: draft.assessmentIds)
                    },
                    as: TestRegion.caller(.kristiansandOwnerAdmin)
                ).version
            }
        }
    }

    @Test("Needs: the event-applying ApplyRecommendationLineCreated treats 0 as unconditional, as its contract says")
    func needsApplyIsUnconditional() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let report = try await fixture.report(in: .prioritised, round: try await fixture.openRound())
            let applied = try await fixture.needs.eventApplication.applyRecommendationLineCreated(
                .with {
                    $0.requestId = "relay-1"
                    $0.needsReportId = report.id
                    $0.recommendationLineId = "line-1"
                },
                as: NeedsFixture.system
            )
            #expect(applied.status == .inRecommendation)
            #expect(applied.version == report.version + 1)
        }
    }

    @Test("Allocation: AddRecommendationLine refuses 0, conflicts on a stale version, accepts the stored one")
    func allocation() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            let draft = try await fixture.draft()
            try await Self.expectThreePaths(stored: draft.version) { version in
                try await fixture.addRecommendationLine(
                    .with {
                        $0.recommendationId = draft.id
                        $0.expectedVersion = version
                        $0.line = AllocationMoneyFixture.line(recipient: TestRegion.arendalKommune)
                    },
                    as: fixture.committee
                ).version
            }
        }
    }

    @Test("Partnerships: SignAgreement refuses 0, conflicts on a stale version, accepts the stored one")
    func partnerships() async throws {
        try await PartnershipTestBed.with { bed in
            let draft = try await bed.draft()
            try await Self.expectThreePaths(stored: draft.version) { version in
                try await bed.partnerships.lifecycle.signAgreement(
                    .with {
                        $0.partnershipId = draft.id
                        $0.expectedVersion = version
                        $0.party = .owner
                    },
                    as: PartnershipTestBed.owner
                ).version
            }
        }
    }

    @Test("Referral: UpdateReferralDraft refuses 0, conflicts on a stale version, accepts the stored one")
    func referral() async throws {
        try await ReferralHarness.with { h in
            let draft = try await h.draft()
            try await Self.expectThreePaths(stored: draft.version) { version in
                try await h.referrals.intake.updateReferralDraft(
                    .with {
                        $0.referralId = draft.id
                        $0.expectedVersion = version
                        $0.content = ReferralFixtures.content(areas: [.vision])
                    },
                    as: ReferralHarness.ppt
                ).version
            }
        }
    }
}
