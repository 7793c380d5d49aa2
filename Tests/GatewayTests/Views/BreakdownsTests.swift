import Gateway
import KSICore
import Testing

@Suite("Breakdowns by view dimension (§5 common parameters)")
struct BreakdownsTests {
    struct Item {
        var sectors: [String]?
        var year: String
    }

    func key(_ item: Item, _ dimension: ViewDimension) -> [String]? {
        switch dimension {
        case .sector: item.sectors
        case .year: [item.year]
        default: nil
        }
    }

    @Test(
        "rows are the cross product of the requested dimensions that items have; an item with two sectors is in both rows"
    )
    func crossProduct() {
        let items = [
            Item(sectors: ["kindergarten", "compulsorySchool"], year: "2025"),
            Item(sectors: ["kindergarten"], year: "2024"),
        ]
        let groups = Breakdowns.group(items, by: [.sector, .year, .sector], key: key)
        #expect(
            groups.map { $0.keys.map(\.value) } == [
                ["compulsorySchool", "2025"], ["kindergarten", "2024"], ["kindergarten", "2025"],
            ]
        )
        #expect(groups.map(\.items.count) == [1, 1, 1])
        #expect(groups[0].keys.map(\.dimension) == [.sector, .year])
    }

    @Test("an item the dimension does not apply to counts in every row; an item without a value in none")
    func notApplicable() {
        let items = [
            Item(sectors: ["kindergarten"], year: "2025"), Item(sectors: nil, year: "2025"),
            Item(sectors: [], year: "2025"),
        ]
        let groups = Breakdowns.group(items, by: [.sector], key: key)
        #expect(groups.map { $0.keys.map(\.value) } == [["kindergarten"]])
        #expect(groups.first?.items.count == 2)
    }
}
