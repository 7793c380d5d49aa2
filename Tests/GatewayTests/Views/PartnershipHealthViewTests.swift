import Gateway
import KSICore
import KSITestSupport
import Testing

/// V7 over ViewFixtureB, today 2026-03-01.
///
/// p1 "Sør": roles 1, meetings 1, reporting 0.5 (grant g1's report was due 2026-01-31, none submitted: 29 days
/// late), practice evidence 1 (no measure past T2), PPT 1, stability 1, conflicts 0 (an open case read
/// separately) → 20 + 15 + 7.5 + 20 + 10 + 10 + 0 = 82.5 → 83, green.
/// p2 "Nord": roles 0, meetings 0, the rest 1 → 15 + 20 + 10 + 10 + 10 = 65, amber.
@Suite("V7 Partnership health")
struct PartnershipHealthViewTests {
    func request(partnershipId: String = "") -> GetPartnershipHealthRequest {
        GetPartnershipHealthRequest.with {
            $0.governorOfficeId = ViewFixtureB.agder
            $0.scheme = .ksi
            $0.year = 2025
            $0.partnershipId = partnershipId
        }
    }

    func value(_ item: PartnershipHealthItem, _ component: HealthComponent) -> Int32? {
        item.components.first { $0.component == component }?.valueBp
    }

    @Test("V7 scores the partnerships in force in the embete, lowest first, with band counts")
    func scoresAndBands() throws {
        let view = PartnershipHealthViewBuilder.make(request(), inputs: try ViewFixtureB.inputs())
        #expect(view.items.map(\.partnershipId) == ["p2", "p1"])  // p3 terminated, p4 in rogaland
        #expect(view.items.map(\.score) == [65, 83])
        #expect(view.items.map(\.band) == [.amber, .green])
        #expect(view.bandCounts.map(\.band) == [.green, .amber, .red])
        #expect(view.bandCounts.map(\.count) == [1, 1, 0])
    }

    @Test("V7 c3 uses the grant's report due date and c7 the conflict cases read separately (PD)")
    func reportingAndConflicts() throws {
        let view = PartnershipHealthViewBuilder.make(request(partnershipId: "p1"), inputs: try ViewFixtureB.inputs())
        let item = try #require(view.items.first)
        #expect(view.items.count == 1)
        #expect(value(item, .reporting) == 5000)
        #expect(value(item, .conflicts) == 0)
        #expect(value(item, .roles) == 10_000 && value(item, .meetings) == 10_000)
        #expect(item.components.map(\.weight) == [20, 15, 15, 20, 10, 10, 10])
    }

    @Test("V7 without allocation: no grant due date, so reporting counts as on time")
    func allocationUnavailable() throws {
        let view = PartnershipHealthViewBuilder.make(
            request(partnershipId: "p1"),
            inputs: try ViewFixtureB.inputs(allocation: .unavailable(reason: "down"))
        )
        let item = try #require(view.items.first)
        #expect(value(item, .reporting) == 10_000)
        #expect(item.score == 90)
    }

    @Test("V7 with partnerships unavailable: no items and every band count 0")
    func partnershipsUnavailable() throws {
        let view = PartnershipHealthViewBuilder.make(
            request(),
            inputs: try ViewFixtureB.inputs(partnerships: .unavailable(reason: "down"))
        )
        #expect(view.partnershipsSection?.available == false)
        #expect(view.items.isEmpty)
        #expect(view.bandCounts.map(\.count) == [0, 0, 0])
    }
}
