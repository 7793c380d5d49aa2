/// A reference-data record with an id and a version (COM-R6).
protocol VersionedReferenceRecord: Hashable {
    var id: String { get }
    var version: Int64 { get set }
    var createdAt: Int64 { get set }
    var updatedAt: Int64 { get set }
}

/// A reference-data record that is effective-dated (COM-R6).
protocol EffectiveDatedReferenceRecord: VersionedReferenceRecord {
    var validFrom: LocalDate? { get set }
    var validTo: LocalDate? { get set }
}

extension GovernorOffice: EffectiveDatedReferenceRecord {}
extension County: EffectiveDatedReferenceRecord {}
extension Municipality: EffectiveDatedReferenceRecord {}
extension Owner: EffectiveDatedReferenceRecord {}
extension Unit: EffectiveDatedReferenceRecord {}
extension PptOffice: EffectiveDatedReferenceRecord {}
extension UhInstitution: EffectiveDatedReferenceRecord {}
extension StatpedLocation: EffectiveDatedReferenceRecord {}
extension StatpedDivision: EffectiveDatedReferenceRecord {}
extension StatpedSubjectAreaInfo: EffectiveDatedReferenceRecord {}
extension StatpedForumRep: EffectiveDatedReferenceRecord {}
extension Theme: EffectiveDatedReferenceRecord {}
extension Organisation: EffectiveDatedReferenceRecord {}
extension Person: EffectiveDatedReferenceRecord {}
extension SizeBand: VersionedReferenceRecord {}

/// COM-R6: turns an import into new versions of the records it changes.
///
/// A record identical to the version in force (ignoring version and timestamps) is unchanged. A changed record
/// becomes a new version, one above the highest so far; when it starts later than the version in force, that
/// version is kept and closed the day before (`validTo`), so objects keep the data valid on their date. A change
/// without a start date takes effect on the day of the import.
struct ReferenceDataVersioning {
    let today: LocalDate
    let nowMillis: Int64
    var changed = 0
    var warnings: [RuleWarning] = []

    init(today: LocalDate, nowMillis: Int64) {
        self.today = today
        self.nowMillis = nowMillis
    }

    static func normalised<R: VersionedReferenceRecord>(_ record: R) -> R {
        var copy = record
        copy.version = 0
        copy.createdAt = 0
        copy.updatedAt = 0
        return copy
    }

    /// The records to store for dated incoming records, given the existing versions.
    mutating func versions<R: EffectiveDatedReferenceRecord>(_ incoming: [R], existing: [R], field: String) -> [R] {
        var output: [R] = []
        var all = existing
        for (index, input) in incoming.enumerated() {
            let versions = all.filter { $0.id == input.id }
            let current = versions.last { ReferenceData.inForce($0.validFrom, $0.validTo, on: today) } ?? versions.last
            if versions.contains(where: { Self.normalised($0) == Self.normalised(input) }) { continue }
            var record = input
            if current != nil, record.validFrom == nil { record.validFrom = today }
            if versions.contains(where: { Self.normalised($0) == Self.normalised(record) }) { continue }
            record.version = (versions.map(\.version).max() ?? 0) + 1
            record.createdAt = current?.createdAt ?? nowMillis
            record.updatedAt = nowMillis
            if let current, current.validTo == nil, let start = record.validFrom {
                if let currentStart = current.validFrom, currentStart >= start {
                    warnings.append(
                        Findings.warning(
                            .effectiveDated,
                            field: "data.\(field)[\(index)].valid_from",
                            "the new version starts no later than the version in force, so it corrects that version's period"
                        )
                    )
                } else {
                    var closed = current
                    closed.validTo = start.adding(days: -1)
                    closed.updatedAt = nowMillis
                    output.append(closed)
                    all.append(closed)
                }
            }
            output.append(record)
            all.append(record)
            changed += 1
        }
        return output
    }

    /// The records to store for undated incoming records (size bands): a changed record replaces its id.
    mutating func versions<R: VersionedReferenceRecord>(undated incoming: [R], existing: [R]) -> [R] {
        var output: [R] = []
        for input in incoming {
            let versions = existing.filter { $0.id == input.id } + output.filter { $0.id == input.id }
            if let last = versions.last, Self.normalised(last) == Self.normalised(input) { continue }
            var record = input
            record.version = (versions.map(\.version).max() ?? 0) + 1
            record.createdAt = versions.last?.createdAt ?? nowMillis
            record.updatedAt = nowMillis
            output.append(record)
            changed += 1
        }
        return output
    }

    /// The records with the last of each (id, version): a closed copy replaces the open record it closes.
    static func deduplicated<R: VersionedReferenceRecord>(_ records: [R]) -> [R] {
        var last: [String: Int] = [:]
        for (index, record) in records.enumerated() { last["\(record.version)/\(record.id)"] = index }
        return records.enumerated().filter { last["\($0.element.version)/\($0.element.id)"] == $0.offset }.map(
            \.element
        )
    }

    /// A set without superseded copies.
    static func deduplicated(_ set: ReferenceDataSet) -> ReferenceDataSet {
        var result = set
        result.governorOffices = deduplicated(set.governorOffices)
        result.counties = deduplicated(set.counties)
        result.municipalities = deduplicated(set.municipalities)
        result.sizeBands = deduplicated(set.sizeBands)
        result.owners = deduplicated(set.owners)
        result.units = deduplicated(set.units)
        result.pptOffices = deduplicated(set.pptOffices)
        result.uhInstitutions = deduplicated(set.uhInstitutions)
        result.statpedLocations = deduplicated(set.statpedLocations)
        result.statpedDivisions = deduplicated(set.statpedDivisions)
        result.statpedSubjectAreas = deduplicated(set.statpedSubjectAreas)
        result.statpedForumReps = deduplicated(set.statpedForumReps)
        result.themes = deduplicated(set.themes)
        result.organisations = deduplicated(set.organisations)
        result.persons = deduplicated(set.persons)
        return result
    }

    /// The part of `set` that changes `current`.
    mutating func changes(_ set: ReferenceDataSet, over current: ReferenceDataSet) -> ReferenceDataSet {
        var result = ReferenceDataSet()
        result.governorOffices = versions(
            set.governorOffices,
            existing: current.governorOffices,
            field: "governor_offices"
        )
        result.counties = versions(set.counties, existing: current.counties, field: "counties")
        result.municipalities = versions(set.municipalities, existing: current.municipalities, field: "municipalities")
        result.sizeBands = versions(undated: set.sizeBands, existing: current.sizeBands)
        result.owners = versions(set.owners, existing: current.owners, field: "owners")
        result.units = versions(set.units, existing: current.units, field: "units")
        result.pptOffices = versions(set.pptOffices, existing: current.pptOffices, field: "ppt_offices")
        result.uhInstitutions = versions(set.uhInstitutions, existing: current.uhInstitutions, field: "uh_institutions")
        result.statpedLocations = versions(
            set.statpedLocations,
            existing: current.statpedLocations,
            field: "statped_locations"
        )
        result.statpedDivisions = versions(
            set.statpedDivisions,
            existing: current.statpedDivisions,
            field: "statped_divisions"
        )
        result.statpedSubjectAreas = versions(
            set.statpedSubjectAreas,
            existing: current.statpedSubjectAreas,
            field: "statped_subject_areas"
        )
        result.statpedForumReps = versions(
            set.statpedForumReps,
            existing: current.statpedForumReps,
            field: "statped_forum_reps"
        )
        result.themes = versions(set.themes, existing: current.themes, field: "themes")
        result.organisations = versions(set.organisations, existing: current.organisations, field: "organisations")
        result.persons = versions(set.persons, existing: current.persons, field: "persons")
        return result
    }

    /// Input problems: missing ids, periods that end before they start, organisation numbers that are not 9 valid digits.
    static func validate(_ set: ReferenceDataSet) -> Findings {
        var findings = Findings()
        func check<R: EffectiveDatedReferenceRecord>(_ records: [R], _ field: String) {
            for (index, record) in records.enumerated() {
                if record.id.isEmpty {
                    findings.reject(.malformedInput, field: "data.\(field)[\(index)].id", "each record needs an id")
                }
                if let from = record.validFrom, let to = record.validTo, to < from {
                    findings.reject(
                        .effectiveDated,
                        field: "data.\(field)[\(index)].valid_to",
                        "a record cannot stop being valid before it starts"
                    )
                }
            }
        }
        check(set.governorOffices, "governor_offices")
        check(set.counties, "counties")
        check(set.municipalities, "municipalities")
        check(set.owners, "owners")
        check(set.units, "units")
        check(set.pptOffices, "ppt_offices")
        check(set.uhInstitutions, "uh_institutions")
        check(set.statpedLocations, "statped_locations")
        check(set.statpedDivisions, "statped_divisions")
        check(set.statpedSubjectAreas, "statped_subject_areas")
        check(set.statpedForumReps, "statped_forum_reps")
        check(set.themes, "themes")
        check(set.organisations, "organisations")
        check(set.persons, "persons")
        for (index, band) in set.sizeBands.enumerated() where band.id.isEmpty {
            findings.reject(.malformedInput, field: "data.size_bands[\(index)].id", "each record needs an id")
        }
        for (index, organisation) in set.organisations.enumerated() where !OrgNumber.isValid(organisation.orgNumber) {
            findings.reject(
                .malformedInput,
                field: "data.organisations[\(index)].org_number",
                "an organisation number has 9 digits with a valid check digit"
            )
        }
        return findings
    }
}
