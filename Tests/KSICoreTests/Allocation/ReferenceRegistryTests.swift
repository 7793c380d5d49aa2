import KSICore
import KSITestSupport
import Testing

/// The live registry of organisations and people (issue 12): persons imported through `UpsertReferenceData`,
/// checked against the registry (AUTH-R1, AUTH-R4, COM-R6), managed by the right administrators, and put in
/// force in AllocationService's own registry at once.
@Suite("Live reference registry and persons")
struct ReferenceRegistryTests {
    static let today = LocalDate(year: 2025, month: 3, day: 3)
    /// Fictitious national identity numbers with valid check digits (from the referral fixtures' generator).
    static let pidA = ReferralFixtures.nationalId(year: 1980, month: 5, day: 17, seed: 101)
    static let pidB = ReferralFixtures.nationalId(year: 1975, month: 2, day: 2, seed: 202)

    func withAllocation(_ body: @Sendable (AllocationContext) async throws -> Void) async throws {
        let reference = try TestRegion.reference()
        try await TestDatabase.with(.sqlite) { database in
            try await body(
                AllocationContext(
                    database: database,
                    reference: reference,
                    time: FixedTimeSource(date: Self.today),
                    needsReports: NeedsContext(
                        database: database,
                        reference: reference,
                        time: FixedTimeSource(date: Self.today)
                    )
                )
            )
        }
    }

    static func person(_ id: String, pid: String, _ roles: [PersonRole]) -> Person {
        Person.with {
            $0.id = id
            $0.pid = pid
            $0.name = "Kari Nordmann \(id)"
            $0.roles = roles
        }
    }

    static func role(_ actor: TestRegion.Actor, _ role: Role, scope: String = "") -> PersonRole {
        PersonRole.with {
            $0.orgNumber = TestRegion.orgNumber(actor)
            $0.role = role
            $0.scopeId = scope
        }
    }

    static func upsert(_ id: String, _ persons: [Person]) -> UpsertReferenceDataRequest {
        UpsertReferenceDataRequest.with {
            $0.requestId = id
            $0.data = ReferenceDataSet.with { $0.persons = persons }
        }
    }

    /// The persons of a registry beyond the test region's own (TestRegion gives every actor a person).
    static func imported(_ registry: ReferenceRegistry) -> [Person] {
        let baseline = Set(((try? TestRegion.reference())?.set.persons ?? []).map(\.id))
        return registry.current.set.persons.filter { !baseline.contains($0.id) }
    }

    static func violations(_ error: (any Error)?) -> [String] {
        ((error as? DomainError)?.violations ?? []).map { "\($0.field) \($0.rule)" }
    }

    @Test(
        "a person imported by udirAdmin is in AllocationService's registry at once, and the import is audited (COM-R4)"
    )
    func importedPersonIsLive() async throws {
        try await withAllocation { allocation in
            let person = Self.person("person-kari", pid: Self.pidA, [Self.role(.statpedManager, .statpedAdviser)])
            #expect(Self.imported(allocation.registry).isEmpty)
            let response = try await allocation.policy.upsertReferenceData(
                Self.upsert("p1", [person]),
                as: TestRegion.caller(.udirAdmin)
            )
            #expect(response.recordsChanged == 1)
            let live = Self.imported(allocation.registry)
            #expect(live.map(\.id) == ["person-kari"])
            #expect(allocation.registry.importVersion == response.datasetVersion)
            // The audit trail names the import (COM-R4).
            let audit = try await allocation.listAuditRecords(
                ListAuditRecordsRequest(),
                as: TestRegion.caller(.udirAdmin)
            )
            #expect(
                audit.items.contains {
                    $0.aggregateType == "ReferenceDataImport" && $0.actorOrgNumber == TestRegion.orgNumber(.udirAdmin)
                        && $0.actorRole == .udirAdmin
                }
            )
        }
    }

    @Test(
        "AUTH-R4 a person role naming an organisation not in the registry, or a role the organisation does not hold, is refused with field and rule"
    )
    func unknownOrganisationAndRoleRefused() async throws {
        try await withAllocation { allocation in
            let unknownOrg = PersonRole.with {
                $0.orgNumber = OrgNumber.fictitious(777_000).value
                $0.role = .pptAdviser
            }
            let notHeld = Self.role(.statpedManager, .udirAdmin)
            let error = await #expect(throws: DomainError.self) {
                _ = try await allocation.policy.upsertReferenceData(
                    Self.upsert("p1", [Self.person("person-a", pid: Self.pidA, [unknownOrg, notHeld])]),
                    as: TestRegion.caller(.udirAdmin)
                )
            }
            #expect(error?.code == .invalidArgument)
            #expect(
                Self.violations(error) == [
                    "data.persons[0].roles[0].org_number AUTH-R4", "data.persons[0].roles[1].role AUTH-R4",
                ]
            )
            #expect(Self.imported(allocation.registry).isEmpty)
        }
    }

    @Test("AUTH-R1 two persons with one pid, in one import or against the registry, are refused; a malformed pid too")
    func duplicateAndMalformedPidsRefused() async throws {
        try await withAllocation { allocation in
            let manager = Self.role(.statpedManager, .statpedManager)
            let twice = await #expect(throws: DomainError.self) {
                _ = try await allocation.policy.upsertReferenceData(
                    Self.upsert(
                        "p1",
                        [
                            Self.person("person-a", pid: Self.pidA, [manager]),
                            Self.person("person-b", pid: Self.pidA, [manager]),
                        ]
                    ),
                    as: TestRegion.caller(.udirAdmin)
                )
            }
            #expect(Self.violations(twice) == ["data.persons[1].pid AUTH-R1"])
            _ = try await allocation.policy.upsertReferenceData(
                Self.upsert("p2", [Self.person("person-a", pid: Self.pidA, [manager])]),
                as: TestRegion.caller(.udirAdmin)
            )
            let again = await #expect(throws: DomainError.self) {
                _ = try await allocation.policy.upsertReferenceData(
                    Self.upsert("p3", [Self.person("person-c", pid: Self.pidA, [manager])]),
                    as: TestRegion.caller(.udirAdmin)
                )
            }
            #expect(Self.violations(again) == ["data.persons[0].pid AUTH-R1"])
            var wrongCheckDigit = Array(Self.pidB)
            wrongCheckDigit[10] = wrongCheckDigit[10] == "0" ? "1" : "0"
            let malformed = await #expect(throws: DomainError.self) {
                _ = try await allocation.policy.upsertReferenceData(
                    Self.upsert("p4", [Self.person("person-d", pid: String(wrongCheckDigit), [manager])]),
                    as: TestRegion.caller(.udirAdmin)
                )
            }
            #expect(Self.violations(malformed) == ["data.persons[0].pid COM-INPUT"])
        }
    }

    @Test("LIM-R5 and LIM-R6 bound a person's name and role list at the service edge, with field and rule")
    func personBounds() async throws {
        try await withAllocation { allocation in
            let role = Self.role(.statpedManager, .statpedAdviser)
            var person = Self.person("person-long", pid: Self.pidA, Array(repeating: role, count: 1_001))
            person.name = String(repeating: "n", count: 501)
            let error = await #expect(throws: DomainError.self) {
                _ = try await AllocationServiceActing(allocation, as: TestRegion.caller(.udirAdmin))
                    .upsertReferenceData(Self.upsert("b1", [person]))
            }
            #expect(Self.violations(error) == ["data.persons[0].name LIM-R5", "data.persons[0].roles LIM-R6"])
            #expect(Self.imported(allocation.registry).isEmpty)
        }
    }

    @Test(
        "an organisation's administrator manages its own people only, in roles the organisation holds; others may not import"
    )
    func organisationAdminScope() async throws {
        try await withAllocation { allocation in
            let manager = TestRegion.caller(.statpedManager)
            let own = Self.person("person-adviser", pid: Self.pidA, [Self.role(.statpedManager, .statpedAdviser)])
            _ = try await allocation.policy.upsertReferenceData(Self.upsert("o1", [own]), as: manager)
            #expect(Self.imported(allocation.registry).map(\.id) == ["person-adviser"])
            // Another organisation's role: refused, nothing stored.
            let foreign = Self.person(
                "person-ppt",
                pid: Self.pidB,
                [Self.role(.pptKristiansandLeader, .pptAdviser, scope: TestRegion.pptKristiansand)]
            )
            let error = await #expect(throws: DomainError.self) {
                _ = try await allocation.policy.upsertReferenceData(Self.upsert("o2", [foreign]), as: manager)
            }
            #expect(error?.code == .notPermitted)
            // Other reference data is udirAdmin's.
            let municipality = await #expect(throws: DomainError.self) {
                _ = try await allocation.policy.upsertReferenceData(
                    UpsertReferenceDataRequest.with {
                        $0.requestId = "o3"
                        $0.data = ReferenceDataSet.with {
                            $0.municipalities = [try! #require(TestRegion.reference().municipality(TestRegion.aseral))]
                        }
                    },
                    as: manager
                )
            }
            #expect(municipality?.code == .notPermitted)
            // A role without administration may not manage people.
            let adviser = await #expect(throws: DomainError.self) {
                _ = try await allocation.policy.upsertReferenceData(
                    Self.upsert("o4", [own]),
                    as: TestRegion.caller(.statpedAdviser)
                )
            }
            #expect(adviser?.code == .notPermitted)
            #expect(Self.imported(allocation.registry).map(\.id) == ["person-adviser"])
        }
    }

    @Test(
        "GetReferenceDataChanges returns the imports after a version, to system callers only, with the database's epoch"
    )
    func changesAfterVersion() async throws {
        try await withAllocation { allocation in
            let manager = Self.role(.statpedManager, .statpedManager)
            let first = try await allocation.policy.upsertReferenceData(
                Self.upsert("c1", [Self.person("person-a", pid: Self.pidA, [manager])]),
                as: TestRegion.caller(.udirAdmin)
            )
            let second = try await allocation.policy.upsertReferenceData(
                Self.upsert("c2", [Self.person("person-b", pid: Self.pidB, [manager])]),
                as: TestRegion.caller(.udirAdmin)
            )
            let system = Caller.system("test")
            let all = try await allocation.policy.getReferenceDataChanges(GetReferenceDataChangesRequest(), as: system)
            #expect(all.imports.map(\.datasetVersion) == [first.datasetVersion, second.datasetVersion])
            #expect(all.throughVersion == second.datasetVersion && !all.more && !all.epoch.isEmpty)
            let after = try await allocation.policy.getReferenceDataChanges(
                .with {
                    $0.sinceVersion = first.datasetVersion
                    $0.pageSize = 1
                },
                as: system
            )
            #expect(after.imports.flatMap(\.persons).map(\.id) == ["person-b"])
            let paged = try await allocation.policy.getReferenceDataChanges(.with { $0.pageSize = 1 }, as: system)
            #expect(paged.imports.count == 1 && paged.more)
            // A follower merges them in order into its own registry.
            let follower = ReferenceRegistry(try TestRegion.reference())
            follower.apply(all.imports)
            #expect(Self.imported(follower).map(\.id).sorted() == ["person-a", "person-b"])
            await #expect(throws: DomainError.self) {
                _ = try await allocation.policy.getReferenceDataChanges(
                    GetReferenceDataChangesRequest(),
                    as: TestRegion.caller(.udirAdmin)
                )
            }
            // Exports leave persons (and their pids) out for callers that are neither system nor udirAdmin.
            let export = try await allocation.policy.exportReferenceData(
                ExportReferenceDataRequest(),
                as: TestRegion.caller(.sfCaseworker)
            )
            #expect(export.persons.isEmpty)
        }
    }

    @Test(
        "COM-R6 a registry applies imports in version order once; later imports win; an older refresh cannot put earlier data back"
    )
    func registryOrderAndIdempotence() throws {
        let base = try TestRegion.reference()
        let registry = ReferenceRegistry(base)
        let orgNumber = OrgNumber.fictitious(8_810_070).value
        func organisationImport(_ version: Int64, name: String) -> ReferenceDataSet {
            ReferenceDataSet.with {
                $0.datasetVersion = version
                $0.organisations = [
                    Organisation.with {
                        $0.id = "org-x"
                        $0.version = version
                        $0.orgNumber = orgNumber
                        $0.name = name
                    }
                ]
            }
        }
        // Out of order in one page: applied by version, so version 3's name is the one in force.
        #expect(registry.apply([organisationImport(3, name: "Tredje"), organisationImport(2, name: "Andre")]) == 3)
        #expect(registry.current.organisation(orgNumber: orgNumber)?.name == "Tredje")
        // The same page again changes nothing.
        #expect(registry.apply([organisationImport(2, name: "Andre")]) == 3)
        #expect(registry.current.organisation(orgNumber: orgNumber)?.name == "Tredje")
        // A refresh that read an earlier state is passed over.
        registry.replace(base, importVersion: 1, policyVersion: 0)
        #expect(registry.current.organisation(orgNumber: orgNumber)?.name == "Tredje")
        registry.reset()
        #expect(registry.importVersion == 0 && registry.current.organisation(orgNumber: orgNumber) == nil)
    }

    @Test("REF-R8 on the bundled reference data a Sámi referral can be assigned: the bundled divisions include SEAD")
    func bundledDataRoutesSamiReferral() async throws {
        let bundled = try ReferenceData.bundled()
        let sead = bundled.set.statpedDivisions.filter(\.isSead)
        #expect(sead.map(\.name) == ["Samisk spesialpedagogisk støtte (SEAD)"])
        // Every age falls in exactly one age-based division.
        for age in Int32(0)...Int32(120) {
            #expect(
                bundled.set.statpedDivisions.filter { !$0.isSead && $0.ageFrom <= age && age <= $0.ageTo }.count == 1,
                "age \(age)"
            )
        }
        // The test region adds no divisions of its own: the bundled ones route the case.
        try await ReferralHarness.with(reference: try TestRegion.reference()) { h in
            var r = try await h.draft(child: ReferralFixtures.child(sami: .luleSami))
            r = try await h.accept(try await h.startTriage(try await h.submit(r)))
            let assigned = try await h.assign(r, division: try #require(sead.first).id)
            #expect(assigned.status == .assigned)
            #expect(assigned.assignment?.divisionId == "statped-division-sead")
        }
    }
}
