/// REF-R9: an assignment records the division, the location, at least one adviser and an
/// `AssignmentReason`; division and location must be known when Statped's catalogue is configured.
public enum AssignmentRule: DomainRule {
    public static let id: RuleID = "REF-R9"
    public static let severity: RuleSeverity = .hard

    static func check(
        divisionId: String,
        locationId: String,
        adviserIds: [String],
        reason: AssignmentReason,
        reference: ReferenceData,
        on date: LocalDate
    ) -> Findings {
        var findings = Findings()
        let divisions = reference.set.statpedDivisions
        let locations = reference.set.statpedLocations
        if divisionId.isEmpty {
            findings.reject(id, field: "division_id", "an assignment names the Statped division")
        } else if !divisions.isEmpty
            && !divisions.contains(where: {
                $0.id == divisionId && ReferenceData.inForce($0.validFrom, $0.validTo, on: date)
            })
        {
            findings.reject(id, field: "division_id", "the division must be a Statped division in force")
        }
        if locationId.isEmpty {
            findings.reject(id, field: "location_id", "an assignment names the Statped location")
        } else if !locations.isEmpty
            && !locations.contains(where: {
                $0.id == locationId && ReferenceData.inForce($0.validFrom, $0.validTo, on: date)
            })
        {
            findings.reject(id, field: "location_id", "the location must be a Statped location in force")
        }
        if adviserIds.filter({ !$0.isEmpty }).isEmpty {
            findings.reject(id, field: "adviser_ids", "an assignment names at least one adviser")
        }
        if reason == .unspecified {
            findings.reject(id, field: "reason", "an assignment records why it was made")
        }
        return findings
    }
}
