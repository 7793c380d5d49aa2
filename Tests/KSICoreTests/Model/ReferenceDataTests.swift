import KSICore
import KSIDemoData
import KSITestSupport
import Testing

@Suite("Bundled reference data (DOMAIN.md §3)")
struct ReferenceDataTests {
    let reference: ReferenceData

    init() throws { reference = try TestRegion.reference() }

    @Test("the 10 embeter and the 15 fylker from 2024 are in force on 2025-01-01")
    func embeterAndFylkerFrom2024() throws {
        let date = LocalDate(year: 2025, month: 1, day: 1)
        let offices = Set(reference.set.governorOffices.map(\.id)).compactMap { reference.governorOffice($0, on: date) }
        #expect(offices.count == 10)
        let counties = Set(reference.set.counties.map(\.id)).compactMap { reference.county($0, on: date) }
        #expect(counties.count == 15)
        #expect(offices.flatMap(\.countyIds).sorted() == counties.map(\.id).sorted())
    }

    @Test("COM-R6: the Oslo/Viken embete keeps its earlier name and Viken on 2022 dates")
    func historyIsKept() throws {
        let old = reference.governorOffice(
            "ostfold-buskerud-oslo-akershus",
            on: LocalDate(year: 2022, month: 6, day: 1)
        )
        #expect(old?.name == "Statsforvalteren i Oslo og Viken")
        #expect(reference.county("30", on: LocalDate(year: 2022, month: 6, day: 1))?.name == "Viken")
        #expect(reference.county("30", on: LocalDate(year: 2024, month: 6, day: 1)) == nil)
        #expect(reference.county("14", on: LocalDate(year: 2018, month: 6, day: 1))?.name == "Sogn og Fjordane")
        let current = reference.governorOffice("ostfold-buskerud-oslo-akershus")
        #expect(current?.name == "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus")
    }

    @Test("the 17 DEKOM UH institutions ship, one of them without teacher education")
    func uhInstitutions() {
        #expect(reference.set.uhInstitutions.count == 17)
        #expect(reference.set.uhInstitutions.filter { !$0.hasTeacherEducation }.map(\.id) == ["nih"])
    }

    @Test("the theme taxonomy has every ThemeCode, and V4's special-needs categories are the three of §3.7")
    func themes() {
        #expect(Set(reference.set.themes.map(\.code)) == Set(ThemeCode.allCases.filter { $0 != .unspecified }))
        #expect(reference.isSpecialNeeds(.autism))
        #expect(reference.isSpecialNeeds(.readingWriting))
        #expect(reference.isSpecialNeeds(.hearing))
        #expect(!reference.isSpecialNeeds(.inclusivePractice))
        #expect(!reference.isSpecialNeeds(.digitalisation))
        #expect(reference.frequency(of: .deafblindness) == .low)
    }

    @Test(
        "Statped subject areas ship with their mandate flag; the three age divisions and SEAD ship (§3.5); locations are empty by default"
    )
    func statped() {
        #expect(reference.set.statpedSubjectAreas.count == 10)
        #expect(reference.set.statpedSubjectAreas.allSatisfy { $0.inMandate })
        #expect(reference.set.statpedLocations.isEmpty)
        // §3.5: earlyYears (0–5), compulsory (6–15), upperSecondaryAdult (16+) and sead.
        #expect(
            reference.set.statpedDivisions.map(\.code) == ["earlyYears", "compulsory", "upperSecondaryAdult", "sead"]
        )
        #expect(reference.set.statpedDivisions.map { [$0.ageFrom, $0.ageTo] }.prefix(2) == [[0, 5], [6, 15]])
        #expect(reference.set.statpedDivisions.filter(\.isSead).map(\.code) == ["sead"])
    }

    @Test("the org registry turns an organisation number into an organisation caller with its grants")
    func orgRegistry() throws {
        let today = LocalDate(year: 2025, month: 3, day: 1)
        let caller = try reference.organisationCaller(
            orgNumber: TestRegion.orgNumber(.pptKristiansandLeader),
            on: today
        )
        #expect(caller.has(.pptLeader, scope: TestRegion.pptKristiansand))
        #expect(caller.has(.pptAdviser, scope: TestRegion.pptKristiansand))
        #expect(!caller.has(.pptLeader, scope: TestRegion.pptArendal))
        #expect(throws: DomainError.self) { _ = try reference.organisationCaller(orgNumber: "999999999", on: today) }
        #expect(throws: DomainError.self) {
            _ = try reference.caller(orgNumber: "999999999", person: nil, assurance: .none, on: today)
        }
    }

    @Test("AUTH-R4: a person acts only in the organisation's roles that the registry gives the person there")
    func personRolesIntersectOrganisationGrants() throws {
        let today = LocalDate(year: 2025, month: 3, day: 1)
        let statped = TestRegion.orgNumber(.statpedIntake)
        // The Statped organisation holds intake, adviser, manager and forum rep; the intake person holds intake only.
        let intakePerson = try #require(reference.person(pid: TestRegion.person(.statpedIntake).pid, on: today))
        #expect(intakePerson.id == "person-statpedIntake")
        let intake = try reference.caller(orgNumber: statped, person: intakePerson, assurance: .substantial, on: today)
        #expect(intake.personId == "person-statpedIntake")
        #expect(intake.assurance == .substantial)
        #expect(intake.has(.statpedIntake))
        #expect(!intake.has(.statpedManager))
        #expect(!intake.has(.statpedAdviser))
        // The same person for another organisation holds nothing there.
        let elsewhere = try reference.caller(
            orgNumber: TestRegion.orgNumber(.udirAdmin),
            person: intakePerson,
            assurance: .high,
            on: today
        )
        #expect(elsewhere.grants.isEmpty)
    }

    @Test("without a person an organisation keeps only its system and public grants")
    func noPersonNoRoles() throws {
        let today = LocalDate(year: 2025, month: 3, day: 1)
        let statped = try reference.caller(
            orgNumber: TestRegion.orgNumber(.statpedManager),
            person: nil,
            assurance: .none,
            on: today
        )
        #expect(statped.grants.isEmpty)
        #expect(statped.personId.isEmpty)
        let publicViewer = try reference.caller(
            orgNumber: TestRegion.orgNumber(.publicViewer),
            person: nil,
            assurance: .none,
            on: today
        )
        #expect(publicViewer.grants.map(\.role) == [.public])
    }

    @Test("a person role out of force (COM-R6) gives no grant; the in-process seam refuses an unknown person id")
    func personRoleDatesAndUnknownIds() throws {
        let today = LocalDate(year: 2025, month: 3, day: 1)
        var person = TestRegion.person(.sfCaseworker)
        person.roles = person.roles.map { role in
            var ended = role
            ended.validTo = LocalDate(year: 2025, month: 2, day: 28)
            return ended
        }
        let caller = try reference.caller(
            orgNumber: TestRegion.orgNumber(.sfCaseworker),
            person: person,
            assurance: .substantial,
            on: today
        )
        #expect(!caller.has(.sfCaseworker))
        #expect(throws: DomainError.self) {
            _ = try reference.caller(
                orgNumber: TestRegion.orgNumber(.sfCaseworker),
                personId: "nobody-registered",
                on: today
            )
        }
        let registered = try reference.caller(
            orgNumber: TestRegion.orgNumber(.sfCaseworker),
            personId: "person-sfCaseworker",
            on: today
        )
        #expect(registered.has(.sfCaseworker, scope: TestRegion.governorOfficeId))
        #expect(!registered.has(.sfDecisionMaker))
    }

    @Test("demo and test pids are synthetic (month + 80), 11 digits, unique and stable")
    func syntheticPids() throws {
        let demo = DemoRegion.referenceDataSet().persons
        let pids = (demo + TestRegion.Actor.allCases.map(TestRegion.person)).map(\.pid)
        #expect(pids.allSatisfy(SyntheticPid.isSynthetic))
        #expect(Set(pids).count == pids.count)
        // Stable across processes: FNV-1a 64 of "demo-saksbehandler-ein", computed independently (Python).
        #expect(SyntheticPid.make("demo-saksbehandler-ein") == "20844514082")
        #expect(demo.contains { $0.id == DemoPersons.dashboardDefault })
    }
}
