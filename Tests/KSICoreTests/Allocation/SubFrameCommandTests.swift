import KSICore
import KSITestSupport
import Testing

@Suite("Allocation sub-frames (COM-R3, ALLOC-R8)")
struct SubFrameCommandTests {
    @Test("COM-R3: sub-frames per county sum exactly to the frame, and recomputing replaces them")
    func subFramesSumToTheFrame() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            let national = try await fixture.allocation.budgets.setNationalBudget(
                .with {
                    $0.scheme = .ksi
                    $0.year = 2025
                    $0.amountOre = 2_000_000_000
                },
                as: fixture.udir
            )
            #expect(national.amountOre == 2_000_000_000)
            let office = "ostfold-buskerud-oslo-akershus"
            let frame = try await fixture.allocation.budgets.setRegionalFrame(
                .with {
                    $0.governorOfficeId = office
                    $0.scheme = .ksi
                    $0.year = 2025
                    $0.amountOre = 1_000_000_100  // 10 000 001 kr: four counties cannot share it equally
                },
                as: fixture.udir
            )
            let caseworker = Caller(
                orgNumber: TestRegion.orgNumber(.otherSfCaseworker),
                grants: [RoleGrant(.sfCaseworker, scope: office)],
                personId: "p"
            )
            let request = ComputeSubFramesRequest.with {
                $0.regionalFrameId = frame.id
                $0.expectedVersion = frame.version
                $0.method = SimulationMethodInput.with { $0.method = .proRataPerCounty }
            }
            let first = try await fixture.allocation.budgets.computeSubFrames(request, as: caseworker)
            #expect(Set(first.subFrames.map(\.targetId)) == ["03", "31", "32", "33"])
            #expect(first.subFrames.map(\.amountOre).reduce(0, +) == frame.amountOre)
            #expect(first.subFrames.allSatisfy { Money.isWholeKroner($0.amountOre) })
            _ = try await fixture.allocation.budgets.computeSubFrames(request, as: caseworker)
            let listed = try await fixture.allocation.budgets.listSubFrames(
                .with { $0.regionalFrameId = frame.id },
                as: caseworker
            )
            #expect(listed.items.count == 4)
            #expect(listed.items.allSatisfy { $0.version == 2 && $0.method == .proRataPerCounty })
        }
    }

    @Test("only the frame's own embete computes its sub-frames")
    func otherEmbeteIsNotPermitted() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            let frame = try await fixture.publishedFrame(amountOre: 900_000_000, nationalOre: 1_000_000_000)
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.budgets.computeSubFrames(
                    .with {
                        $0.regionalFrameId = frame.id
                        $0.expectedVersion = frame.version
                    },
                    as: TestRegion.caller(.otherSfCaseworker)
                )
            }
            #expect(error?.code == .notPermitted)
        }
    }
}
