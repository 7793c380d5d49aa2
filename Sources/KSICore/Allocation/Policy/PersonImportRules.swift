import Foundation

/// The persons of a reference-data import, checked against the registry they join (issue 12), and who may
/// change them.
///
/// - AUTH-R1: a token's `pid` must name exactly one person, so no two persons share a `pid`.
/// - AUTH-R4: a person acts only in roles the registry gives them, and only roles their organisation itself
///   holds (same org number, role and scope), so a `PersonRole` naming an unknown organisation or a role the
///   organisation does not hold is refused rather than stored dormant.
/// - COM-R6: role periods are effective-dated like every record.
enum PersonImportRules {
    /// The roles with which an organisation manages its own people: its administrator (owners), leader (PPT),
    /// manager (Statped), decision maker (statsforvalter). See docs/services.md, "Managing the registry".
    static let organisationAdminRoles: [Role] = [.ownerAdmin, .pptLeader, .statpedManager, .sfDecisionMaker]

    /// Every problem with the persons of `set` joining `current` (the registry before the import), each with its
    /// field and rule.
    static func check(
        _ set: ReferenceDataSet,
        over current: ReferenceData,
        today: LocalDate,
        nationalIds: NationalIdentityValidator
    ) -> Findings {
        var findings = Findings()
        guard !set.persons.isEmpty else { return findings }
        // The import's own organisations count: an organisation and its people may arrive together.
        let registry =
            set.organisations.isEmpty
            ? current : current.merging(ReferenceDataSet.with { $0.organisations = set.organisations })
        var pidOwner: [String: String] = [:]
        for person in current.set.persons where !person.pid.isEmpty && (person.validTo.map { $0 >= today } ?? true) {
            pidOwner[person.pid] = person.id
        }
        var importPids: [String: String] = [:]
        for (index, person) in set.persons.enumerated() {
            let field = "data.persons[\(index)]"
            // A pid is a national identity number; ID-porten's test users have synthetic ones, which only a
            // test environment accepts (ID-R1).
            if let problem = nationalIds.violation(person.pid, field: "\(field).pid") {
                findings.reject(problem.rule, field: problem.field, problem.message)
            } else if let other = importPids[person.pid] ?? pidOwner[person.pid], other != person.id {
                findings.reject(
                    .verifiedToken,
                    field: "\(field).pid",
                    "another person already has this pid; a signed-in person must match exactly one person"
                )
            } else {
                importPids[person.pid] = person.id
            }
            if person.name.trimmingCharacters(in: .whitespaces).isEmpty {
                findings.reject(.malformedInput, field: "\(field).name", "a person needs a name")
            }
            for (roleIndex, role) in person.roles.enumerated() {
                checkRole(
                    role,
                    field: "\(field).roles[\(roleIndex)]",
                    registry: registry,
                    today: today,
                    personFrom: person.validFrom,
                    into: &findings
                )
            }
        }
        return findings
    }

    /// The problems of one role of a person: at most one, the first that applies.
    static func checkRole(
        _ role: PersonRole,
        field: String,
        registry: ReferenceData,
        today: LocalDate,
        personFrom: LocalDate?,
        into findings: inout Findings
    ) {
        if let from = role.validFrom, let to = role.validTo, to < from {
            findings.reject(.effectiveDated, field: "\(field).valid_to", "a role cannot end before it starts")
            return
        }
        if role.role == .unspecified {
            findings.reject(.malformedInput, field: "\(field).role", "a person role names a role")
            return
        }
        // The organisation as it stands when the role starts (COM-R6).
        let date = role.validFrom ?? personFrom ?? today
        guard
            let organisation = registry.organisation(orgNumber: role.orgNumber, on: date)
                ?? registry.organisation(orgNumber: role.orgNumber)
        else {
            findings.reject(
                .personRole,
                field: "\(field).org_number",
                "no organisation with this number is in the registry on \(date)"
            )
            return
        }
        let held = organisation.roleGrants.contains { $0.role == role.role && $0.scopeId == role.scopeId }
        guard held else {
            findings.reject(
                .personRole,
                field: "\(field).role",
                "the organisation \(role.orgNumber) does not hold the role \(role.role.name)"
                    + (role.scopeId.isEmpty ? "" : " for \(role.scopeId)")
                    + "; a person acts only in roles their organisation holds"
            )
            return
        }
    }

    // MARK: Who may change persons

    /// Throws unless `caller` may make this import: `udirAdmin` may import anything; an organisation's
    /// administrator (`organisationAdminRoles`) may import persons only, for its own organisation — each person
    /// holds at least one role there, roles for other organisations stay as they are, and an existing person's
    /// pid does not change.
    static func requirePermitted(
        _ set: ReferenceDataSet,
        by caller: Caller,
        current: ReferenceData,
        today: LocalDate
    ) throws {
        if caller.has(.udirAdmin, on: today) { return }
        guard caller.organisationAdminRoles(on: today).isEmpty == false else {
            throw DomainError.notPermitted(
                "only udirAdmin, or an organisation's administrator for its own people, may change the reference data"
            )
        }
        var onlyPersons = set
        onlyPersons.persons = []
        onlyPersons.datasetVersion = 0
        guard onlyPersons == ReferenceDataSet() else {
            throw DomainError.notPermitted(
                "an organisation's administrator changes persons only; other reference data is udirAdmin's"
            )
        }
        var findings = Findings()
        for (index, person) in set.persons.enumerated() {
            let field = "data.persons[\(index)]"
            let existing = current.set.persons.last { $0.id == person.id }
            let own = person.roles.filter { $0.orgNumber == caller.orgNumber }
            if own.isEmpty {
                findings.reject(
                    .personRole,
                    field: "\(field).roles",
                    "an organisation's administrator manages only people with a role in its own organisation"
                )
            }
            let foreign = person.roles.filter { $0.orgNumber != caller.orgNumber }
            let foreignBefore = existing?.roles.filter { $0.orgNumber != caller.orgNumber } ?? []
            if foreign != foreignBefore {
                findings.reject(
                    .personRole,
                    field: "\(field).roles",
                    "roles for other organisations are changed by those organisations or udirAdmin"
                )
            }
            if let existing, existing.pid != person.pid {
                findings.reject(
                    .verifiedToken,
                    field: "\(field).pid",
                    "only udirAdmin changes the pid of an existing person"
                )
            }
        }
        if !findings.violations.isEmpty {
            throw DomainError(
                .notPermitted,
                "the import changes people outside the caller's organisation",
                violations: findings.violations
            )
        }
    }
}

extension Caller {
    /// The organisation-administrator roles (`PersonImportRules.organisationAdminRoles`) the caller holds.
    func organisationAdminRoles(on date: LocalDate) -> [Role] {
        PersonImportRules.organisationAdminRoles.filter { has($0, on: date) }
    }
}
