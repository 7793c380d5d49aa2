/// REF-R1: only the PPT office whose service area holds the child's home municipality may create and
/// submit an individual referral; for a pupil at an upper secondary school (vgs) it is the county
/// authority's PPT office (PD reading, Q16).
public enum ResponsiblePptOfficeRule: DomainRule {
    public static let id: RuleID = "REF-R1"
    public static let severity: RuleSeverity = .hard

    /// Checks that `officeId` is the office responsible for a child living in `municipalityId`,
    /// attending `unitId` (may be empty), on `date`.
    static func check(
        officeId: String,
        municipalityId: String,
        unitId: String,
        reference: ReferenceData,
        on date: LocalDate
    ) -> Findings {
        var findings = Findings()
        guard let office = reference.pptOffice(officeId) else {
            findings.reject(id, field: "referring_ppt_office_id", "the referring PPT office must be a known PPT office")
            return findings
        }
        guard reference.municipality(municipalityId, on: date) != nil else {
            findings.reject(
                id,
                field: "child.residence_municipality_id",
                "the child's home municipality must be a known municipality"
            )
            return findings
        }
        var unit: Unit?
        if !unitId.isEmpty {
            unit = reference.unit(unitId)
            if unit == nil { findings.reject(id, field: "child.unit_id", "the child's unit must be a known unit") }
        }
        if let unit, unit.unitType == .upperSecondarySchool {
            let countyAuthority = office.serviceArea?.countyAuthorityId ?? ""
            if countyAuthority.isEmpty || countyAuthority != unit.ownerId {
                findings.reject(
                    id,
                    field: "referring_ppt_office_id",
                    "a pupil at an upper secondary school is referred by the county authority's PPT office"
                )
            }
        } else if !(office.serviceArea?.municipalityIds.contains(municipalityId) ?? false) {
            findings.reject(
                id,
                field: "referring_ppt_office_id",
                "only the PPT office serving the child's home municipality may refer the child"
            )
        }
        return findings
    }
}
