/// Who a notification goes to, from the registry in force (issue 13): registry ids (owners, UH,
/// PPT offices, embeter, Statped divisions) map to org-registry entries, which carry the name and
/// `notification_email`. Built once per batch of events from `ReferenceData`.
public struct NotificationDirectory: Sendable {
    let reference: ReferenceData
    let date: LocalDate
    private let byRecordId: [String: Organisation]

    /// The directory of the registry `reference` as in force on `date`.
    public init(reference: ReferenceData, on date: LocalDate) {
        self.reference = reference
        self.date = date
        var byRecordId: [String: Organisation] = [:]
        for organisation in reference.set.organisations where !organisation.recordId.isEmpty {
            guard ReferenceData.inForce(organisation.validFrom, organisation.validTo, on: date) else { continue }
            if byRecordId[organisation.recordId] == nil { byRecordId[organisation.recordId] = organisation }
        }
        self.byRecordId = byRecordId
    }

    /// The org-registry entry of a registry id: the entry pointing at the record, else the entry with
    /// the record's organisation number (owners, UH, PPT offices, embeter, Statped divisions).
    public func organisation(recordId: String) -> Organisation? {
        if let organisation = byRecordId[recordId] { return organisation }
        let number =
            reference.owner(recordId)?.orgNumber ?? reference.uhInstitution(recordId)?.orgNumber
            ?? reference.pptOffice(recordId)?.orgNumber ?? reference.governorOffice(recordId, on: date)?.orgNumber
            ?? reference.set.statpedDivisions.first { $0.id == recordId }?.orgNumber
        guard let number, !number.isEmpty else { return nil }
        return reference.organisation(orgNumber: number, on: date)
    }

    /// A display name for a registry id: the record's (owner, UH, PPT office, embete), else the
    /// organisation's, else the id.
    public func name(of recordId: String) -> String {
        if let name = reference.owner(recordId)?.name ?? reference.uhInstitution(recordId)?.name ?? reference.pptOffice(
            recordId
        )?.name
            ?? reference.governorOffice(recordId, on: date)?.name, !name.isEmpty
        {
            return name
        }
        if let name = organisation(recordId: recordId)?.name, !name.isEmpty { return name }
        return recordId
    }

    /// The owners a needs round of `governorOfficeId` and `scheme` concerns: owners in the embete, in
    /// force on the date, that own at least one unit in force whose type the scheme covers (REKOM:
    /// kindergartens; DEKOM: schools; KSI: both; DOMAIN.md §1). Sorted by id.
    public func roundOwners(governorOfficeId: String, scheme: Scheme) -> [String] {
        let kindergarten: Set<UnitType> = [.kindergarten, .combinedCentre]
        let school: Set<UnitType> = [
            .primarySchool, .upperSecondarySchool, .sfo, .combinedCentre, .adultEducationCentre,
        ]
        let covered: Set<UnitType> =
            switch scheme {
            case .rekom: kindergarten
            case .dekom: school
            default: kindergarten.union(school)
            }
        return reference.set.owners
            .filter {
                $0.governorOfficeId == governorOfficeId && ReferenceData.inForce($0.validFrom, $0.validTo, on: date)
            }
            .filter { owner in
                reference.units(ofOwner: owner.id).contains {
                    covered.contains($0.unitType) && ReferenceData.inForce($0.validFrom, $0.validTo, on: date)
                }
            }
            .map(\.id).sorted()
    }

    /// Statped's organisation for a case: the division's own entry when it has one, else Statped's
    /// (the organisation of kind `statped`, whose intake reads the queue).
    public func statpedOrganisation(divisionId: String) -> String? {
        if !divisionId.isEmpty, organisation(recordId: divisionId) != nil { return divisionId }
        return reference.set.organisations.first {
            $0.kind == .statped && ReferenceData.inForce($0.validFrom, $0.validTo, on: date)
        }?.recordId
    }
}
