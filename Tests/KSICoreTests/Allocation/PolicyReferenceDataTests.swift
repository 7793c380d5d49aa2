import KSICore
import KSITestSupport
import Testing

@Suite("Reference-data admin (COM-R6)")
struct PolicyReferenceDataTests {
    let reference: ReferenceData
    init() throws { reference = try TestRegion.reference() }

    func withAllocation(_ body: @Sendable (AllocationContext) async throws -> Void) async throws {
        let reference = self.reference
        try await TestDatabase.with(.sqlite) { database in
            try await body(
                AllocationContext(
                    database: database,
                    reference: reference,
                    time: FixedTimeSource(date: GovernanceFixtures.today),
                    needsReports: NeedsContext(
                        database: database,
                        reference: reference,
                        time: FixedTimeSource(date: GovernanceFixtures.today)
                    )
                )
            )
        }
    }

    static func upsert(
        _ id: String,
        _ configure: (inout ReferenceDataSet) -> Void,
        dryRun: Bool = false
    ) -> UpsertReferenceDataRequest {
        var set = ReferenceDataSet()
        configure(&set)
        return UpsertReferenceDataRequest.with {
            $0.requestId = id
            $0.data = set
            $0.dryRun = dryRun
        }
    }

    @Test("COM-R6 a changed municipality becomes a new version and the old one stays valid for earlier dates")
    func newVersionKeepsHistory() async throws {
        try await withAllocation { allocation in
            let current = try #require(reference.municipality(TestRegion.aseral))
            var changed = current
            changed.population = 1_000
            changed.validFrom = LocalDate(year: 2025, month: 1, day: 1)
            let response = try await allocation.policy.upsertReferenceData(
                Self.upsert("r1") { $0.municipalities = [changed] },
                as: TestRegion.caller(.udirAdmin)
            )
            #expect(response.recordsChanged == 1)
            #expect(response.datasetVersion == reference.set.datasetVersion + 1)
            let merged = try await allocation.policy.currentReferenceData()
            #expect(
                merged.municipality(TestRegion.aseral, on: LocalDate(year: 2025, month: 6, day: 1))?.population == 1_000
            )
            #expect(
                merged.municipality(TestRegion.aseral, on: LocalDate(year: 2024, month: 6, day: 1))?.population == 950
            )
            let history = try await allocation.policy.exportReferenceData(
                ExportReferenceDataRequest(),
                as: TestRegion.caller(.sfCaseworker)
            )
            let versions = history.municipalities.filter { $0.id == TestRegion.aseral }
            #expect(versions.count >= 2)
            #expect(versions.contains { $0.validTo == LocalDate(year: 2024, month: 12, day: 31) })
            let asOf = try await allocation.policy.exportReferenceData(
                .with { $0.asOf = LocalDate(year: 2024, month: 6, day: 1) },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(asOf.municipalities.filter { $0.id == TestRegion.aseral }.map(\.population) == [950])
            let delta = try await allocation.policy.exportReferenceData(
                .with { $0.afterDatasetVersion = reference.set.datasetVersion },
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(delta.municipalities.filter { $0.id == TestRegion.aseral }.count == 2)
            #expect(delta.governorOffices.isEmpty)
        }
    }

    @Test("COM-R6 an unchanged record is not a new version, and a dry run stores nothing")
    func unchangedAndDryRun() async throws {
        try await withAllocation { allocation in
            let same = try #require(reference.municipality(TestRegion.arendal))
            let none = try await allocation.policy.upsertReferenceData(
                Self.upsert("r1") { $0.municipalities = [same] },
                as: TestRegion.caller(.udirAdmin)
            )
            #expect(none.recordsChanged == 0)
            var changed = same
            changed.name = "Arendal kommune"
            let dry = try await allocation.policy.upsertReferenceData(
                Self.upsert("r2", { $0.municipalities = [changed] }, dryRun: true),
                as: TestRegion.caller(.udirAdmin)
            )
            #expect(dry.recordsChanged == 1)
            let merged = try await allocation.policy.currentReferenceData()
            #expect(merged.municipality(TestRegion.arendal)?.name == "Arendal")
        }
    }

    @Test("COM-R6 only Udir imports, and malformed records are rejected")
    func permissionsAndValidation() async throws {
        try await withAllocation { allocation in
            let denied = await #expect(throws: DomainError.self) {
                try await allocation.policy.upsertReferenceData(
                    Self.upsert("r1") { $0.owners = [Owner.with { $0.id = "x" }] },
                    as: TestRegion.caller(.sfCaseworker)
                )
            }
            #expect(denied?.code == .notPermitted)
            let error = await #expect(throws: DomainError.self) {
                try await allocation.policy.upsertReferenceData(
                    Self.upsert("r2") {
                        $0.owners = [
                            Owner.with {
                                $0.validFrom = LocalDate(year: 2025, month: 1, day: 1)
                                $0.validTo = LocalDate(year: 2024, month: 1, day: 1)
                            }
                        ]
                        $0.organisations = [
                            Organisation.with {
                                $0.id = "o"
                                $0.orgNumber = "123"
                            }
                        ]
                    },
                    as: TestRegion.caller(.udirAdmin)
                )
            }
            #expect(
                Set(error?.violations.map(\.field) ?? []) == [
                    "data.owners[0].id", "data.owners[0].valid_to", "data.organisations[0].org_number",
                ]
            )
        }
    }

    @Test("LookupOrganisation resolves an organisation number with its roles, including imported ones")
    func lookup() async throws {
        try await withAllocation { allocation in
            let number = TestRegion.orgNumber(.sfCaseworker)
            let organisation = try await allocation.policy.lookupOrganisation(
                .with { $0.orgNumber = number },
                as: Caller.system("gateway")
            )
            #expect(organisation.roleGrants.contains { $0.role == .sfCaseworker })
            let missing = await #expect(throws: DomainError.self) {
                try await allocation.policy.lookupOrganisation(
                    .with { $0.orgNumber = "999999999" },
                    as: Caller.system("gateway")
                )
            }
            #expect(missing?.code == .notFound)
        }
    }
}
