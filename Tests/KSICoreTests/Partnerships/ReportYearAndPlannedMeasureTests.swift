import KSITestSupport
import Testing

@testable import KSICore

/// PART-R13 / ALLOC-R15: an annual report for year Y binds only year-Y grants; PART-R7: GrantCommitted's
/// proposed-measure snapshot becomes planned measures, once.
@Suite("Partnerships: report years and planned measures from GrantCommitted (PART-R13, PART-R7)")
struct ReportYearAndPlannedMeasureTests {
    static let grant2026 = "grant-2026"

    /// The 2026 line of a second grant to the same partnership.
    static var share2026: GrantLineShare {
        var share = PartnershipFixtures.share(lineId: "line-2026")
        share.grantId = grant2026
        share.year = 2026
        return share
    }

    @Test("PART-R13 a 2025 report binds the 2025 grant only, and its events name only that grant")
    func reportBindsOwnYearsGrants() async throws {
        try await PartnershipTestBed.with { bed in
            var partnership = try await bed.active()
            partnership = try await bed.commitGrant(partnership, share: Self.share2026)
            #expect(Set(partnership.grantIds) == [PartnershipFixtures.grantId, Self.grant2026])
            let draft = try await bed.partnerships.reports.createPartnershipReport(
                .with {
                    $0.partnershipId = partnership.id
                    $0.year = 2025
                    $0.content = PartnershipFixtures.reportContent()
                },
                as: PartnershipTestBed.owner
            )
            #expect(draft.grantIds == [PartnershipFixtures.grantId])
            let submitted = try await bed.partnerships.reports.submitPartnershipReport(
                .with {
                    $0.partnershipReportId = draft.id
                    $0.expectedVersion = draft.version
                },
                as: PartnershipTestBed.owner
            )
            #expect(submitted.grantIds == [PartnershipFixtures.grantId])
            let accepted = try await bed.partnerships.reports.acceptPartnershipReport(
                .with {
                    $0.partnershipReportId = submitted.id
                    $0.expectedVersion = submitted.version
                },
                as: PartnershipTestBed.sf
            )
            #expect(accepted.status == .accepted)
            for type in [
                PartnershipEventType.partnershipReportSubmitted, PartnershipEventType.partnershipReportAccepted,
            ] {
                let events = try await bed.events(type)
                #expect(events.count == 1)
                #expect(events.first?.grantIds == [PartnershipFixtures.grantId], "\(type)")
                #expect(events.first?.reportYear == 2025)
            }
        }
    }

    @Test("PART-R7 GrantCommitted's proposed measures become planned measures with the same content, once on replay")
    func committedLineCreatesPlannedMeasures() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active(commit: false)
            let proposed = [
                ProposedMeasure.with {
                    $0.id = "measure-1"
                    $0.title = "Lesing i alle fag"
                    $0.themes = [.readingWriting]
                    $0.formats = [.gathering, .workingGroup]
                    $0.practiceComponents = [.guidance, .trialAndAdjustment]
                    $0.targetGroups = [.teachers]
                    $0.unitIds = [TestRegion.kristiansandSchool]
                    $0.years = 1
                },
                ProposedMeasure.with {
                    $0.id = "measure-2"
                    $0.title = "PPT i laget rundt barnet"
                    $0.themes = [.teamAroundChild]
                    $0.formats = [.network]
                    $0.practiceComponents = [.observationFeedback]
                    $0.targetGroups = [.pptStaff]
                    $0.unitIds = [TestRegion.kristiansandSchool]
                    $0.years = 1
                },
            ]
            let event = AllocationEvent.with {
                $0.sequence = 7
                $0.type = "GrantCommitted"
                $0.grantId = PartnershipFixtures.grantId
                $0.scheme = .ksi
                $0.year = 2025
                $0.committedLines = [
                    CommittedLine.with {
                        $0.recommendationLineId = PartnershipFixtures.lineId
                        $0.partnershipId = partnership.id
                        $0.ownerAmountOre = PartnershipFixtures.ownerShareOre
                        $0.uhAmountOre = PartnershipFixtures.uhShareOre
                        $0.proposedMeasures = proposed
                    }
                ]
            }
            try await EventApplication.apply(event, to: bed.partnerships, as: PartnershipTestBed.system)
            try await EventApplication.apply(event, to: bed.partnerships, as: PartnershipTestBed.system)
            let measures = try await bed.partnerships.queries.listMeasures(
                .with { $0.partnershipId = partnership.id },
                as: PartnershipTestBed.sf
            ).items
            #expect(measures.count == proposed.count)
            for expected in proposed {
                let measure = try #require(measures.first { $0.proposedMeasureId == expected.id })
                #expect(measure.status == .planned)
                #expect(measure.grantLineId == PartnershipFixtures.lineId)
                #expect(measure.title == expected.title)
                #expect(measure.themes == expected.themes)
                #expect(measure.formats == expected.formats)
                #expect(measure.practiceComponents == expected.practiceComponents)
                #expect(measure.targetGroups == expected.targetGroups)
                #expect(measure.participatingUnitIds == expected.unitIds)
            }
        }
    }
}

/// ALLOC-R15 on the Allocation side: a report of another year does not move or close a grant.
@Suite("Allocation: a partnership report binds its own year's grant (PART-R13, ALLOC-R15)")
struct GrantReportYearTests {
    @Test(
        "PART-R13 a 2024 report is refused on a 2025 grant and leaves it disbursed; the 2025 report moves it to reported"
    )
    func otherYearsReportIsRefused() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame()
            let grant = try await fixture.disbursedGrant()
            #expect(grant.year == 2025)
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.grants.applyPartnershipReportSubmitted(
                    .with {
                        $0.requestId = "r-2024"
                        $0.grantId = grant.id
                        $0.partnershipReportId = "report-2024"
                        $0.reportYear = 2024
                    },
                    as: fixture.system
                )
            }
            #expect(error?.violations.map(\.rule.value) == ["PART-R13"])
            #expect(error?.violations.map(\.field) == ["report_year"])
            let refusedAccept = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.grants.applyPartnershipReportAccepted(
                    .with {
                        $0.requestId = "a-2024"
                        $0.grantId = grant.id
                        $0.partnershipReportId = "report-2024"
                        $0.reportYear = 2024
                    },
                    as: fixture.system
                )
            }
            #expect(refusedAccept?.violations.map(\.rule.value) == ["PART-R13"])
            let unchanged = try await fixture.allocation.grants.getGrant(
                .with { $0.id = grant.id },
                as: fixture.caseworker
            )
            #expect(unchanged.status == .disbursed)
            #expect(unchanged.partnershipReportIds.isEmpty)
            let reported = try await fixture.allocation.grants.applyPartnershipReportSubmitted(
                .with {
                    $0.requestId = "r-2025"
                    $0.grantId = grant.id
                    $0.partnershipReportId = "report-2025"
                    $0.reportYear = 2025
                },
                as: fixture.system
            )
            #expect(reported.status == .reported)
        }
    }
}
