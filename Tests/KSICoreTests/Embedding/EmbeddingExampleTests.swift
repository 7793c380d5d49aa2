import Foundation
import KSICore
import KSIDemoData
import KSITestSupport
import Testing

/// The embedding guide's (KSICore.docc/EmbeddingKSICore.md) worked example, compiled and run here; a second test checks that the
/// document shows exactly this code.
@Suite("Embedding KSICore in a municipal system")
struct EmbeddingExampleTests {
    @Test("the worked example of the embedding guide runs: open a store, act as a kommune, command and query")
    func workedExampleRuns() async throws {
        let directory = try RepositoryPaths.temporaryDirectory("embedding")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ksi.sqlite").path
        let names = try await workedExample(databasePath: path)
        #expect(names == ["Inkluderende praksis i Kristiansand"])
    }

    // BEGIN EXAMPLE
    func workedExample(databasePath: String) async throws -> [String] {
        // Reference data: what KSICore ships, plus your region's organisations (here the demo region).
        let reference = try ReferenceData.bundled().merging(DemoRegion.referenceDataSet())

        // A database file of your own; KSICore creates and migrates it.
        let database = try await KSIDatabase.openSQLite(path: databasePath)
        return try await database.withRunning { database in
            try await CoreSchema.migrate(database)
            let partnerships = PartnershipContext(database: database, reference: reference, time: SystemTimeSource())

            // Act as a person at Kristiansand kommune: the org registry gives the organisation its roles, and a
            // write needs the acting person (AUTH-R5; your system has authenticated them).
            let kommune = DemoRegion.identities.first { $0.name == "kommune-kristiansand" }!.orgNumber
            let me = try reference.caller(
                orgNumber: kommune,
                personId: "demo-eier-owner-4204",
                on: SystemTimeSource().today()
            )
            let api = PartnershipServiceActing(partnerships, as: me)

            // A command: the rules run here, in-process; a broken rule throws a DomainError listing every violation.
            _ = try await api.createPartnership(
                .with {
                    $0.requestId = "my-system-0001"  // retrying with the same id returns the first result
                    $0.content = PartnershipContent.with {
                        $0.scheme = .ksi
                        $0.governorOfficeId = "agder"
                        $0.name = "Inkluderende praksis i Kristiansand"
                        $0.ownerIds = [DemoRegion.ownerId("4204")]
                        $0.uhInstitutionIds = ["uia"]
                        $0.validFrom = LocalDate(year: 2025, month: 1, day: 1)
                        $0.validTo = LocalDate(year: 2026, month: 12, day: 31)
                        $0.expectations = PartnershipExpectations.with {
                            $0.what = "Inkluderende praksis i barnehage og skole"
                            $0.how = "Veiledning og observasjon i enhetene"
                            $0.uhHours = 400
                            $0.ownerHours = 600
                        }
                    }
                }
            )

            // A query.
            let mine = try await api.listPartnerships(.with { $0.ownerId = DemoRegion.ownerId("4204") })
            return mine.items.map(\.name)
        }
    }
    // END EXAMPLE

    @Test("the embedding guide shows exactly the example this suite runs")
    func documentMatchesTheExample() throws {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let doc = try String(
            contentsOf: RepositoryPaths.root.appendingPathComponent("Sources/KSICore/KSICore.docc/EmbeddingKSICore.md"),
            encoding: .utf8
        )
        func between(_ text: String, _ start: String, _ end: String) -> String? {
            guard let a = text.range(of: start), let b = text.range(of: end, range: a.upperBound..<text.endIndex) else {
                return nil
            }
            return String(text[a.upperBound..<b.lowerBound])
        }
        let example = between(source, "// BEGIN EXAMPLE\n", "    // END EXAMPLE")
        let shown = between(doc, "```swift\n", "```")
        let normalise: (String?) -> [String] = {
            ($0 ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        #expect(!normalise(example).isEmpty)
        #expect(normalise(example) == normalise(shown))
    }
}
