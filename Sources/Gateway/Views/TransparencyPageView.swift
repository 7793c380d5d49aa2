import KSICore

/// V10 Public transparency page (DOMAIN.md §5; ALLOC-R23; PRIV-R12): for the embeter (× schemes) whose
/// governor policy has `publishTransparencyPage`, the decided grants per recipient, the decided needs reports
/// (title, themes, lead owner, outcome) and the partnerships' contact roles — role and organisation only, never
/// a person.
///
/// Which embeter publish is read from the policies in AllocationService; with allocation unavailable nothing
/// is known to be published, so the page is empty (the safe side of ALLOC-R23). With needs or partnerships
/// unavailable only their list is empty.
///
/// PD choices:
/// - A grant row is one recipient × embete × scheme: Σ decided amounts for the year (§5 "amount") and the
///   number of lines. The name is the owner's or UH institution's name from the reference data.
/// - A report is "decided" when it has an outcome (funded as requested, otherwise, or not funded) for the year.
/// - Contact roles: partnerships in force (`active`, `suspended`, `terminating`), one row per role held today.
///   The organisation is the side that holds the role: owners for `ownerContact` and `coordinator`; UH for
///   `uhContact`, `processLead` and `subjectExpert` (the `UhRole`s); PPT offices for `pptContact`; Statped for
///   `statpedContact`. Several organisations on a side are joined with ", ".
public enum TransparencyPageView {
    public static func make(_ request: GetTransparencyPageRequest, inputs: ViewInputs) -> TransparencyPage {
        let year = inputs.query.years.upperBound
        let office = inputs.query.governorOfficeId
        let allocation = inputs.allocation.value
        let published = ViewPolicyLookup.publishedScopes(
            allocation?.policies ?? [],
            governorOfficeId: office,
            year: year,
            scheme: request.scheme
        )
        func isPublished(_ governorOfficeId: String, _ scheme: Scheme) -> Bool {
            published.contains(.init(governorOfficeId: governorOfficeId, scheme: scheme))
        }
        let lines = (allocation?.decidedLines(year: year, governorOfficeId: office, scheme: request.scheme) ?? [])
            .filter { isPublished($0.governorOfficeId, $0.scheme) }
        let reports = (inputs.needs.value?.reports ?? []).filter {
            $0.year == year && $0.outcome != .unspecified && isPublished($0.governorOfficeId, $0.scheme)
        }
        let partnerships = (inputs.partnerships.value?.partnerships ?? []).filter {
            PartnershipHealthViewBuilder.inForce.contains($0.status) && isPublished($0.governorOfficeId, $0.scheme)
        }
        return TransparencyPage.with {
            $0.scheme = request.scheme
            $0.year = year
            $0.generatedAt = inputs.nowMillis
            $0.publishedGovernorOfficeIds = Set(published.map(\.governorOfficeId)).sorted()
            $0.allocationSection = inputs.allocation.status
            $0.needsSection = inputs.needs.status
            $0.partnershipsSection = inputs.partnerships.status
            $0.grants = grants(lines, reference: inputs.reference)
            $0.reports = reports.sorted {
                ($0.governorOfficeId, $0.title, $0.id) < ($1.governorOfficeId, $1.title, $1.id)
            }.map { report in
                TransparencyReport.with {
                    $0.needsReportId = report.id
                    $0.title = report.title
                    $0.themes = report.themes
                    $0.leadOwnerName = inputs.reference.owner(report.leadOwnerId)?.name ?? ""
                    $0.outcome = report.outcome
                }
            }
            $0.contactRoles = partnerships.sorted { ($0.name, $0.id) < ($1.name, $1.id) }.flatMap {
                contactRoles($0, reference: inputs.reference, today: inputs.today)
            }
        }
    }

    struct RecipientKey: Hashable {
        var governorOfficeId: String
        var recipientOrgId: String
        var scheme: Scheme
    }

    /// Decided grants per recipient × embete × scheme, sorted by embete, name and id.
    static func grants(_ lines: [DecidedLine], reference: ReferenceData) -> [TransparencyGrant] {
        let byRecipient = Dictionary(grouping: lines) {
            RecipientKey(governorOfficeId: $0.governorOfficeId, recipientOrgId: $0.recipientOrgId, scheme: $0.scheme)
        }
        let rows = byRecipient.map { key, lines in
            TransparencyGrant.with {
                $0.governorOfficeId = key.governorOfficeId
                $0.recipientOrgId = key.recipientOrgId
                $0.recipientName =
                    reference.owner(key.recipientOrgId)?.name
                    ?? reference.uhInstitution(key.recipientOrgId)?.name ?? ""
                $0.scheme = key.scheme
                $0.year = lines.first?.year ?? 0
                // LIM-R2: saturating over stored data
                $0.approvedAmountOre = Money.saturatingSum(lines) { $0.amountOre }
                $0.lineCount = Int64(lines.count)
            }
        }
        return rows.sorted {
            ($0.governorOfficeId, $0.recipientName, $0.recipientOrgId, $0.scheme.rawValue)
                < ($1.governorOfficeId, $1.recipientName, $1.recipientOrgId, $1.scheme.rawValue)
        }
    }

    /// The roles held today in a partnership, as role + organisation name (no person ids; PRIV-R12).
    static func contactRoles(
        _ partnership: Partnership,
        reference: ReferenceData,
        today: LocalDate
    ) -> [TransparencyContactRole] {
        PartnershipRole.allCases.filter { $0 != .unspecified }.compactMap { role in
            guard let holder = RequiredRolesRule.holder(of: role, in: partnership.roles, on: today),
                !holder.personId.isEmpty
            else { return nil }
            return TransparencyContactRole.with {
                $0.partnershipId = partnership.id
                $0.partnershipName = partnership.name
                $0.role = role
                $0.organisationName = organisationNames(for: role, in: partnership, reference: reference)
            }
        }
    }

    static func organisationNames(
        for role: PartnershipRole,
        in partnership: Partnership,
        reference: ReferenceData
    ) -> String {
        let names: [String]
        switch role {
        case .ownerContact, .coordinator: names = partnership.ownerIds.compactMap { reference.owner($0)?.name }
        case .uhContact, .processLead, .subjectExpert:
            names = partnership.uhInstitutionIds.compactMap { reference.uhInstitution($0)?.name }
        case .pptContact: names = partnership.pptOfficeIds.compactMap { reference.pptOffice($0)?.name }
        case .statpedContact: names = ["Statped"]
        default: names = []
        }
        return names.joined(separator: ", ")
    }
}
