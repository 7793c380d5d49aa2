/// ALLOC-R20: WARN if a forum lacks a mandatory category: for `ksi` (and `rekom`, PD) public and private owners,
/// a kommune as kindergarten authority, a nearby UH, KS, PBL and teacher unions; for `dekom` school owners, UH,
/// KS, PBL and unions. Deputies have no vote.
///
/// Only members in force on the date count, and a deputy does not fill a category (it stands in for a seat).
/// In SKK mode KS and PBL are not fixed members (ALLOC-R18), so they are not required for that scheme.
/// The recommendation's adoption asks the caseworker to acknowledge these warnings.
public enum ForumCompositionRule: DomainRule {
    public static let id: RuleID = "ALLOC-R20"
    public static let severity: RuleSeverity = .warn

    /// A category of member a forum must have.
    public enum Category: String, CaseIterable, Sendable {
        /// Public owners (kommune, fylkeskommune).
        case publicOwners = "public owners"
        /// Private owners.
        case privateOwners = "private owners"
        /// A kommune as kindergarten authority.
        case kindergartenAuthority = "a kommune as kindergarten authority"
        /// School owners (DEKOM).
        case schoolOwners = "school owners"
        /// A nearby UH institution.
        case uh = "a nearby UH institution"
        /// KS.
        case ks = "KS"
        /// PBL.
        case pbl = "PBL"
        /// Teacher unions.
        case teacherUnions = "teacher unions"
        /// Unions (DEKOM).
        case unions = "unions"
    }

    /// The categories a scheme requires (§4.3 ALLOC-R20); KS and PBL drop out in SKK mode.
    public static func required(for scheme: Scheme, skkMode: Bool) -> [Category] {
        var categories: [Category] =
            switch scheme {
            case .dekom: [.schoolOwners, .uh, .ks, .pbl, .unions]
            case .ksi, .rekom: [.publicOwners, .privateOwners, .kindergartenAuthority, .uh, .ks, .pbl, .teacherUnions]
            case .unspecified: []
            }
        if skkMode { categories.removeAll { $0 == .ks || $0 == .pbl } }
        return categories
    }

    /// The categories one member fills, from its organisation kind and the owner or UH its organisation id names.
    public static func categories(of member: ForumMember, reference: ReferenceData) -> Set<Category> {
        var result = Set<Category>()
        switch member.organisationKind {
        case .ks: result.insert(.ks)
        case .pbl: result.insert(.pbl)
        case .teacherUnion: result.formUnion([.teacherUnions, .unions])
        case .schoolLeaderUnion: result.insert(.unions)
        case .uh: result.insert(.uh)
        case .independentSchoolNetwork: result.formUnion([.privateOwners, .schoolOwners])
        default: break
        }
        if reference.uhInstitution(member.orgId) != nil { result.insert(.uh) }
        if let owner = reference.owner(member.orgId) {
            switch owner.ownerType {
            case .municipality: result.formUnion([.publicOwners, .kindergartenAuthority, .schoolOwners])
            case .countyAuthority: result.formUnion([.publicOwners, .schoolOwners])
            case .privateKindergarten: result.insert(.privateOwners)
            case .privateSchool: result.formUnion([.privateOwners, .schoolOwners])
            case .unspecified: break
            }
        }
        return result
    }

    /// Whether a member is in force on `date` (no date: every member).
    public static func inForce(_ member: ForumMember, on date: LocalDate?) -> Bool {
        guard let date else { return true }
        return (member.from.map { $0 <= date } ?? true) && (member.to.map { date <= $0 } ?? true)
    }

    /// The warnings for a forum's members and schemes; `skkModeSchemes` are the schemes in SKK mode.
    public static func check(
        members: [ForumMember],
        schemes: [Scheme],
        reference: ReferenceData,
        on date: LocalDate?,
        skkModeSchemes: Set<Scheme> = [],
        field: String = "content.members"
    ) -> Findings {
        var findings = Findings()
        var filled = Set<Category>()
        for member in members where inForce(member, on: date) && !member.isDeputy {
            filled.formUnion(categories(of: member, reference: reference))
        }
        var required: [Category] = []
        for scheme in schemes {
            for category in self.required(for: scheme, skkMode: skkModeSchemes.contains(scheme))
            where !required.contains(category) {
                required.append(category)
            }
        }
        let missing = required.filter { !filled.contains($0) }
        if !missing.isEmpty {
            findings.warn(
                id,
                field: field,
                "the forum has no member from \(missing.map(\.rawValue).joined(separator: ", ")), which the scheme expects"
            )
        }
        for (index, member) in members.enumerated() where member.isDeputy && member.hasVote && inForce(member, on: date)
        {
            findings.warn(id, field: "\(field)[\(index)].has_vote", "a deputy has no vote")
        }
        return findings
    }

    /// The warnings for a stored forum on a date, with SKK mode from the resolved policy of each scheme
    /// (for the recommendation's adoption).
    public static func check(
        _ forum: CollaborationForum,
        reference: ReferenceData,
        policies: PolicyResolver,
        on date: LocalDate
    ) -> Findings {
        let skk = Set(
            forum.schemes.filter {
                policies.resolve(governorOfficeId: forum.governorOfficeId, year: date.year, scheme: $0).schemeYear
                    .skkMode
            }
        )
        return check(
            members: forum.members,
            schemes: forum.schemes,
            reference: reference,
            on: date,
            skkModeSchemes: skk,
            field: "members"
        )
    }
}
