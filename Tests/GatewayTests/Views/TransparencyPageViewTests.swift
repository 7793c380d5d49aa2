import Gateway
import KSICore
import KSITestSupport
import Testing

/// V10 over ViewFixtureB: agder publishes for 2025 (ALLOC-R23), rogaland does not.
@Suite("V10 Public transparency page")
struct TransparencyPageViewTests {
    let request = GetTransparencyPageRequest.with {
        $0.scheme = .ksi
        $0.year = 2025
    }

    func report(
        _ id: String,
        office: String = ViewFixtureB.agder,
        year: Int32 = 2025,
        outcome: NeedsOutcome
    ) -> NeedsReport {
        NeedsReport.with {
            $0.id = id
            $0.title = "Report \(id)"
            $0.governorOfficeId = office
            $0.scheme = .ksi
            $0.year = year
            $0.leadOwnerId = TestRegion.kristiansandKommune
            $0.themes = [.readingWriting]
            $0.outcome = outcome
        }
    }

    func needs() -> SourceSection<NeedsData> {
        var data = NeedsData()
        data.reports = [
            report("r1", outcome: .fundedAsRequested), report("r2", outcome: .unspecified),
            report("r3", office: ViewFixtureB.rogaland, outcome: .notFunded),
            report("r4", year: 2024, outcome: .notFunded),
        ]
        return .available(data)
    }

    func inputs(
        allocation: SourceSection<AllocationData>? = nil,
        needs: SourceSection<NeedsData>? = nil
    ) throws -> ViewInputs {
        var extra = ViewFixtureB.allocation()
        // A second 2025 line for Kristiansand kommune, to sum per recipient.
        let l6 = ViewFixtureB.line(
            "L6",
            TestRegion.kristiansandKommune,
            themes: [],
            sectors: [],
            units: [],
            municipalities: []
        )
        extra.recommendations[0].lines.append(l6)
        extra.decisions.append(ViewFixtureB.decision(l6, amount: 10_000_000))
        return try ViewFixtureB.inputs(
            office: "",
            allocation: allocation ?? .available(extra),
            needs: needs ?? self.needs()
        )
    }

    @Test("V10 national lists only published embeter, with decided grants summed per recipient (ALLOC-R23)")
    func grants() throws {
        let page = TransparencyPageView.make(request, inputs: try inputs())
        #expect(page.publishedGovernorOfficeIds == ["agder"])
        #expect(
            page.grants.map(\.recipientName) == [
                "Arendal kommune", "Eventyrskogen barnehage AS", "Kristiansand kommune", "Universitetet i Agder",
            ]
        )
        #expect(page.grants.map(\.approvedAmountOre) == [30_000_000, 5_000_000, 70_000_000, 5_000_000])
        #expect(page.grants.map(\.lineCount) == [1, 1, 2, 1])
        #expect(page.grants.allSatisfy { $0.governorOfficeId == "agder" && $0.year == 2025 })
    }

    @Test("V10 lists the decided reports of the year with title, themes, lead owner and outcome")
    func reports() throws {
        let page = TransparencyPageView.make(request, inputs: try inputs())
        #expect(page.reports.map(\.needsReportId) == ["r1"])
        let r1 = try #require(page.reports.first)
        #expect(r1.title == "Report r1" && r1.themes == [.readingWriting])
        #expect(r1.leadOwnerName == "Kristiansand kommune" && r1.outcome == .fundedAsRequested)
    }

    @Test("V10 contact roles carry role and organisation, never a person (PRIV-R12)")
    func contactRoles() throws {
        let page = TransparencyPageView.make(request, inputs: try inputs())
        #expect(page.contactRoles.map(\.role) == [.ownerContact, .uhContact, .coordinator, .pptContact])
        #expect(
            page.contactRoles.map(\.organisationName) == [
                "Kristiansand kommune", "Universitetet i Agder", "Kristiansand kommune", "PPT Kristiansand",
            ]
        )
        #expect(page.contactRoles.allSatisfy { $0.partnershipId == "p1" && $0.partnershipName == "Sør" })
        let text = page.contactRoles.map { "\($0)" }.joined()
        #expect(!text.contains("person-") && !text.contains("deputy-"))
    }

    @Test("V10 for an embete that does not publish is empty")
    func unpublishedEmbete() throws {
        var inputs = try inputs()
        inputs.query.governorOfficeId = ViewFixtureB.rogaland
        let page = TransparencyPageView.make(request, inputs: inputs)
        #expect(page.publishedGovernorOfficeIds.isEmpty)
        #expect(page.grants.isEmpty && page.reports.isEmpty && page.contactRoles.isEmpty)
    }

    @Test("V10 with needs unavailable keeps grants and roles; with allocation unavailable nothing is published")
    func partial() throws {
        let withoutNeeds = TransparencyPageView.make(request, inputs: try inputs(needs: .unavailable(reason: "down")))
        #expect(withoutNeeds.needsSection?.available == false)
        #expect(withoutNeeds.reports.isEmpty)
        #expect(withoutNeeds.grants.count == 4 && withoutNeeds.contactRoles.count == 4)
        let withoutAllocation = TransparencyPageView.make(
            request,
            inputs: try inputs(allocation: .unavailable(reason: "down"))
        )
        #expect(withoutAllocation.allocationSection?.available == false)
        #expect(withoutAllocation.publishedGovernorOfficeIds.isEmpty)
        #expect(
            withoutAllocation.grants.isEmpty && withoutAllocation.reports.isEmpty
                && withoutAllocation.contactRoles.isEmpty
        )
    }
}
