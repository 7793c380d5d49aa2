import Foundation

/// The reference data in force (DOMAIN.md §3): embeter, fylker, kommuner, owners, units, PPT offices,
/// UH, Statped's catalogue, themes, and the org registry that turns an organisation number into a
/// `Caller`. Records are effective-dated (COM-R6): lookups take the date of the object.
public struct ReferenceData: Sendable {
    /// Every record, all versions, as loaded.
    public private(set) var set: ReferenceDataSet
    /// The stored policy records, resolved per COM-R5.
    public var policies: PolicyResolver
    /// The forums' long-term plans (NEED-R14), followed with the policy records.
    public var longTermPlans: LongTermPlansInForce

    private var governorOffices: [String: [GovernorOffice]] = [:]
    private var counties: [String: [County]] = [:]
    private var municipalities: [String: [Municipality]] = [:]
    private var owners: [String: Owner] = [:]
    private var units: [String: Unit] = [:]
    private var pptOffices: [String: PptOffice] = [:]
    private var uhInstitutions: [String: UhInstitution] = [:]
    private var organisationsByNumber: [String: [Organisation]] = [:]
    private var organisationsByRecordId: [String: [Organisation]] = [:]
    private var personsByPid: [String: [Person]] = [:]
    private var personsById: [String: [Person]] = [:]
    private var themes: [ThemeCode: Theme] = [:]

    /// Indexes `set` for the lookups below.
    public init(
        _ set: ReferenceDataSet,
        policies: PolicyResolver = PolicyResolver(),
        longTermPlans: LongTermPlansInForce = LongTermPlansInForce()
    ) {
        self.set = set
        self.policies = policies
        self.longTermPlans = longTermPlans
        for record in set.governorOffices { governorOffices[record.id, default: []].append(record) }
        for record in set.counties { counties[record.id, default: []].append(record) }
        for record in set.municipalities { municipalities[record.id, default: []].append(record) }
        for record in set.owners { owners[record.id] = record }
        for record in set.units { units[record.id] = record }
        for record in set.pptOffices { pptOffices[record.id] = record }
        for record in set.uhInstitutions { uhInstitutions[record.id] = record }
        for record in set.organisations {
            organisationsByNumber[record.orgNumber, default: []].append(record)
            if !record.recordId.isEmpty { organisationsByRecordId[record.recordId, default: []].append(record) }
        }
        for record in set.themes { themes[record.code] = record }
        for record in set.persons {
            personsByPid[record.pid, default: []].append(record)
            personsById[record.id, default: []].append(record)
        }
    }

    /// Adds records to the set (demo data, imports); later records with the same id replace earlier ones.
    public func merging(_ extra: ReferenceDataSet) -> ReferenceData {
        var merged = set
        merged.governorOffices += extra.governorOffices
        merged.counties += extra.counties
        merged.municipalities += extra.municipalities
        merged.sizeBands += extra.sizeBands
        merged.owners += extra.owners
        merged.units += extra.units
        merged.pptOffices += extra.pptOffices
        merged.uhInstitutions += extra.uhInstitutions
        merged.statpedLocations += extra.statpedLocations
        merged.statpedDivisions += extra.statpedDivisions
        merged.statpedSubjectAreas += extra.statpedSubjectAreas
        merged.statpedForumReps += extra.statpedForumReps
        merged.themes += extra.themes
        merged.organisations += extra.organisations
        merged.persons += extra.persons
        merged.datasetVersion = max(set.datasetVersion, extra.datasetVersion)
        return ReferenceData(merged, policies: policies, longTermPlans: longTermPlans)
    }

    // MARK: Effective-dated lookups (COM-R6)

    static func inForce(_ from: LocalDate?, _ to: LocalDate?, on date: LocalDate?) -> Bool {
        // Without a date, the record in force now is the one with no end date.
        guard let date else { return to == nil }
        return (from.map { $0 <= date } ?? true) && (to.map { date <= $0 } ?? true)
    }

    /// The embete `id` in force on `date`; without a date, the version with no end date.
    public func governorOffice(_ id: String, on date: LocalDate? = nil) -> GovernorOffice? {
        governorOffices[id]?.last { Self.inForce($0.validFrom, $0.validTo, on: date) }
    }

    /// The fylke `id` in force on `date`; without a date, the version with no end date.
    public func county(_ id: String, on date: LocalDate? = nil) -> County? {
        counties[id]?.last { Self.inForce($0.validFrom, $0.validTo, on: date) }
    }

    /// The kommune `id` in force on `date`; without a date, the version with no end date.
    public func municipality(_ id: String, on date: LocalDate? = nil) -> Municipality? {
        municipalities[id]?.last { Self.inForce($0.validFrom, $0.validTo, on: date) }
    }

    /// The municipalities of an embete on a date.
    public func municipalities(inGovernorOffice id: String, on date: LocalDate? = nil) -> [Municipality] {
        municipalities.values.compactMap { versions in
            versions.last { Self.inForce($0.validFrom, $0.validTo, on: date) }
        }.filter { $0.governorOfficeId == id }.sorted { $0.id < $1.id }
    }

    /// The owner `id` (the last record with that id).
    public func owner(_ id: String) -> Owner? { owners[id] }
    /// The unit `id` (the last record with that id).
    public func unit(_ id: String) -> Unit? { units[id] }
    /// The PPT office `id` (the last record with that id).
    public func pptOffice(_ id: String) -> PptOffice? { pptOffices[id] }
    /// The UH institution `id` (the last record with that id).
    public func uhInstitution(_ id: String) -> UhInstitution? { uhInstitutions[id] }
    /// The taxonomy record of `code`.
    public func theme(_ code: ThemeCode) -> Theme? { themes[code] }

    /// The units an owner owns.
    public func units(ofOwner ownerId: String) -> [Unit] {
        set.units.filter { $0.ownerId == ownerId }
    }

    /// The PPT offices whose service area covers a municipality (REF-R1).
    public func pptOffices(serving municipalityId: String) -> [PptOffice] {
        set.pptOffices.filter { $0.serviceArea?.municipalityIds.contains(municipalityId) ?? false }
    }

    /// §3.7: whether a theme belongs to a special-needs category (V4).
    public func isSpecialNeeds(_ code: ThemeCode) -> Bool {
        guard let category = themes[code]?.category else { return false }
        return [.highFrequencyDifficulty, .targetedSpecialNeeds, .lowFrequencySpecialised].contains(category)
    }

    /// §3.7: a theme's frequency (NEED-R13).
    public func frequency(of code: ThemeCode) -> Frequency {
        themes[code]?.frequency ?? .unspecified
    }

    // MARK: Org registry

    /// The registry entry for an organisation number in force on a date.
    public func organisation(orgNumber: String, on date: LocalDate? = nil) -> Organisation? {
        organisationsByNumber[orgNumber]?.last { Self.inForce($0.validFrom, $0.validTo, on: date) }
    }

    /// The registry id of the caller's organisation (`Organisation.record_id`: the owner, UH institution, PPT
    /// office, embete or Statped record it is), the form in which entities name organisations (`…_org_id`): from
    /// the caller's registry entry, else from the entry of its organisation number on `date`; nil when neither
    /// names a record.
    public func registryId(of caller: Caller, on date: LocalDate) -> String? {
        if let recordId = caller.organisation?.recordId, !recordId.isEmpty { return recordId }
        guard let recordId = organisation(orgNumber: caller.orgNumber, on: date)?.recordId, !recordId.isEmpty
        else { return nil }
        return recordId
    }

    /// The organisation numbers the org registry gives an entity's registry id (an owner, UH institution,
    /// PPT office, embete or Statped record: `Organisation.record_id`), in force on a date (issue 13 feeds).
    public func orgNumbers(ofRecord recordId: String, on date: LocalDate? = nil) -> [String] {
        guard !recordId.isEmpty else { return [] }
        return (organisationsByRecordId[recordId] ?? []).filter { Self.inForce($0.validFrom, $0.validTo, on: date) }
            .map(\.orgNumber)
    }

    /// The organisation numbers of every registry entry of one record kind in force (e.g. Statped).
    public func orgNumbers(ofRecordKind kind: OrganisationRecordKind, on date: LocalDate? = nil) -> [String] {
        set.organisations.filter { $0.recordKind == kind && Self.inForce($0.validFrom, $0.validTo, on: date) }.map(
            \.orgNumber
        )
    }

    /// The person a verified token's `pid` names, in force on a date (AUTH-R1: only a verified token
    /// leads here).
    public func person(pid: String, on date: LocalDate? = nil) -> Person? {
        guard !pid.isEmpty else { return nil }
        return personsByPid[pid]?.last { Self.inForce($0.validFrom, $0.validTo, on: date) }
    }

    /// The person with a registry id (`Person.id`), in force on a date.
    public func person(id: String, on date: LocalDate? = nil) -> Person? {
        guard !id.isEmpty else { return nil }
        return personsById[id]?.last { Self.inForce($0.validFrom, $0.validTo, on: date) }
    }

    /// The caller for an authenticated organisation and, when a verified token named one, person
    /// (issue 12 caller semantics): the organisation's grants in force on `date` that the person also
    /// holds through a `PersonRole` for that organisation (same role and scope, in force), AUTH-R4.
    /// Without a person only the organisation's `system` and `public` grants remain.
    public func caller(
        orgNumber: String,
        person: Person?,
        assurance: AssuranceLevel,
        on date: LocalDate
    ) throws -> Caller {
        guard let organisation = organisation(orgNumber: orgNumber, on: date) else {
            throw DomainError.notPermitted("the organisation number \(orgNumber) is not in the organisation registry")
        }
        let inForce = organisation.roleGrants.filter { $0.isValid(on: date) }
        guard let person else {
            return Caller(
                orgNumber: orgNumber,
                organisation: organisation,
                grants: inForce.filter { [.system, .public].contains($0.role) },
                organisationGrants: inForce
            )
        }
        let held = person.roles.filter { $0.orgNumber == orgNumber && $0.isValid(on: date) }
        let grants = inForce.filter { grant in held.contains { $0.role == grant.role && $0.scopeId == grant.scopeId } }
        return Caller(
            orgNumber: orgNumber,
            organisation: organisation,
            grants: grants,
            personId: person.id,
            assurance: assurance,
            organisationGrants: inForce
        )
    }

    /// The in-process seam for KSICore's embedders, tests and the demo year: acts as the registered
    /// person `personId` (its `Person.id`) for an organisation, with the same grant semantics as a
    /// verified token. An unknown person is refused (no unsigned person id becomes a person, AUTH-R1);
    /// an empty id acts without a person. Never reachable from a remote call.
    public func caller(
        orgNumber: String,
        personId: String,
        assurance: AssuranceLevel = .substantial,
        on date: LocalDate
    ) throws -> Caller {
        guard !personId.isEmpty else {
            return try caller(orgNumber: orgNumber, person: nil, assurance: .none, on: date)
        }
        guard let person = person(id: personId, on: date) else {
            throw DomainError.notPermitted("the person \(personId) is not in the person registry")
        }
        return try caller(orgNumber: orgNumber, person: person, assurance: assurance, on: date)
    }

    /// The organisation itself with every grant in force on `date` and no person: for organisation-level
    /// questions inside KSICore (which sides an organisation can take) and an embedder acting as its own
    /// organisation in-process. Never used for a remote caller.
    public func organisationCaller(orgNumber: String, on date: LocalDate) throws -> Caller {
        guard let organisation = organisation(orgNumber: orgNumber, on: date) else {
            throw DomainError.notPermitted("the organisation number \(orgNumber) is not in the organisation registry")
        }
        return Caller(
            orgNumber: orgNumber,
            organisation: organisation,
            grants: organisation.roleGrants.filter { $0.isValid(on: date) }
        )
    }
}

extension PersonRole {
    /// Whether the role is in force on `date` (COM-R6 effective dating).
    public func isValid(on date: LocalDate) -> Bool {
        (validFrom.map { $0 <= date } ?? true) && (validTo.map { date <= $0 } ?? true)
    }

    /// The role `role` for the organisation `orgNumber`, scoped to `scope` ("" = unscoped), with no dates.
    public init(org orgNumber: String, _ role: Role, scope: String = "") {
        self.init()
        self.orgNumber = orgNumber
        self.role = role
        self.scopeId = scope
    }
}

extension ReferenceData {
    /// The reference data shipped with KSICore (Resources/ReferenceData), without demo organisations.
    public static func bundled() throws -> ReferenceData {
        ReferenceData(try ReferenceDataFiles.loadBundled())
    }
}

/// Reads the JSON reference-data files shipped in the package (COM-R6: versioned, effective-dated).
public enum ReferenceDataFiles {
    /// Every `*.json` file of the bundled folder, merged in name order.
    public static func loadBundled() throws -> ReferenceDataSet {
        guard let folder = Bundle.module.url(forResource: "ReferenceData", withExtension: nil) else {
            return ReferenceDataSet()
        }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        var merged = ReferenceDataSet()
        for file in files {
            let part = try JSONDecoder().decode(ReferenceDataSet.self, from: Data(contentsOf: file))
            merged = merge(merged, part)
        }
        return merged
    }

    static func merge(_ a: ReferenceDataSet, _ b: ReferenceDataSet) -> ReferenceDataSet {
        ReferenceData(a).merging(b).set
    }
}
