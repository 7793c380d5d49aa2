import KSICore

/// A small, fictitious region inside the real Agder embete, for tests: three kommuner, their owners
/// and units (private included), PPT offices, UH partners, and one caller per role.
///
/// Every id is a readable constant so tests read as sentences. Reference data that KSICore ships
/// (embeter, fylker, UH, themes, Statped subject areas) comes from the bundled files.
public enum TestRegion {
    public static let governorOfficeId = "agder"
    public static let otherGovernorOfficeId = "rogaland"
    public static let countyId = "42"

    // Kommuner (real kommunenummer in Agder, fictitious figures).
    public static let kristiansand = "4204"
    public static let arendal = "4203"
    public static let aseral = "4224"

    // Owners.
    public static let kristiansandKommune = "owner-kristiansand"
    public static let arendalKommune = "owner-arendal"
    public static let privateKindergartenOwner = "owner-private-kindergarten"
    public static let agderFylkeskommune = "owner-agder-fylkeskommune"

    // Units.
    public static let kristiansandSchool = "unit-kristiansand-school"
    public static let kristiansandKindergarten = "unit-kristiansand-kindergarten"
    public static let arendalSchool = "unit-arendal-school"
    public static let privateKindergarten = "unit-private-kindergarten"  // no PPT office (NEED-R4)
    public static let upperSecondary = "unit-agder-vgs"

    // PPT offices.
    public static let pptKristiansand = "ppt-kristiansand"  // serves Kristiansand and Åseral
    public static let pptArendal = "ppt-arendal"
    public static let pptAgderCounty = "ppt-agder-fylkeskommune"  // vgs pupils (Q16)

    // UH (bundled ids).
    public static let uia = "uia"  // teacher education
    public static let nih = "nih"  // no teacher education

    // Governance.
    public static let networkId = "network-sor"
    public static let committeeId = "committee-agder-ksi"
    public static let forumId = "forum-agder"

    /// Everyone who acts in tests; each has exactly the grants its name says.
    public enum Actor: String, CaseIterable, Sendable {
        case kristiansandOwnerAdmin, arendalOwnerAdmin, privateOwnerAdmin, countyOwnerAdmin
        case kristiansandUnitLeader
        case uiaContact, nihContact
        case pptKristiansandAdviser, pptKristiansandLeader, pptArendalLeader, pptCountyLeader
        case sfCaseworker, sfDecisionMaker, otherSfCaseworker
        case forumMember, forumChair, committeeMember, networkCoordinator
        case statpedIntake, statpedAdviser, statpedOtherAdviser, statpedManager, statpedForumRep
        case udirAdmin, unionRep, publicViewer
    }

    /// The organisation number, organisation record and grants of an actor.
    public static func grants(_ actor: Actor) -> (org: Int, record: String, kind: OrganisationKind, grants: [RoleGrant])
    {
        switch actor {
        case .kristiansandOwnerAdmin:
            (1, kristiansandKommune, .other, [RoleGrant(.ownerAdmin, scope: kristiansandKommune)])
        case .arendalOwnerAdmin: (2, arendalKommune, .other, [RoleGrant(.ownerAdmin, scope: arendalKommune)])
        case .privateOwnerAdmin:
            (3, privateKindergartenOwner, .other, [RoleGrant(.ownerAdmin, scope: privateKindergartenOwner)])
        case .countyOwnerAdmin: (4, agderFylkeskommune, .other, [RoleGrant(.ownerAdmin, scope: agderFylkeskommune)])
        case .kristiansandUnitLeader:
            (5, kristiansandSchool, .other, [RoleGrant(.unitLeader, scope: kristiansandSchool)])
        case .uiaContact: (6, uia, .uh, [RoleGrant(.uhContact, scope: uia)])
        case .nihContact: (7, nih, .uh, [RoleGrant(.uhContact, scope: nih)])
        case .pptKristiansandAdviser: (8, pptKristiansand, .ppt, [RoleGrant(.pptAdviser, scope: pptKristiansand)])
        case .pptKristiansandLeader: (8, pptKristiansand, .ppt, [RoleGrant(.pptLeader, scope: pptKristiansand)])
        case .pptArendalLeader: (9, pptArendal, .ppt, [RoleGrant(.pptLeader, scope: pptArendal)])
        case .pptCountyLeader: (10, pptAgderCounty, .ppt, [RoleGrant(.pptLeader, scope: pptAgderCounty)])
        case .sfCaseworker: (11, governorOfficeId, .governorOffice, [RoleGrant(.sfCaseworker, scope: governorOfficeId)])
        case .sfDecisionMaker:
            (11, governorOfficeId, .governorOffice, [RoleGrant(.sfDecisionMaker, scope: governorOfficeId)])
        case .otherSfCaseworker:
            (12, otherGovernorOfficeId, .governorOffice, [RoleGrant(.sfCaseworker, scope: otherGovernorOfficeId)])
        case .forumMember: (13, forumId, .ks, [RoleGrant(.forumMember, scope: governorOfficeId)])
        case .forumChair: (13, forumId, .ks, [RoleGrant(.forumChair, scope: governorOfficeId)])
        case .committeeMember: (14, committeeId, .other, [RoleGrant(.committeeMember, scope: governorOfficeId)])
        case .networkCoordinator: (15, networkId, .other, [RoleGrant(.networkCoordinator, scope: networkId)])
        case .statpedIntake: (16, "statped", .statped, [RoleGrant(.statpedIntake)])
        case .statpedAdviser: (16, "statped", .statped, [RoleGrant(.statpedAdviser)])
        case .statpedOtherAdviser: (16, "statped", .statped, [RoleGrant(.statpedAdviser)])
        case .statpedManager: (16, "statped", .statped, [RoleGrant(.statpedManager)])
        case .statpedForumRep: (16, "statped", .statped, [RoleGrant(.statpedForumRep, scope: countyId)])
        case .udirAdmin: (17, "udir", .other, [RoleGrant(.udirAdmin)])
        case .unionRep: (18, "union", .teacherUnion, [RoleGrant(.unionRep, scope: kristiansandSchool)])
        case .publicViewer: (19, "public", .other, [RoleGrant(.public)])
        }
    }

    /// The organisation number of an actor's organisation (fictitious, valid MOD11).
    public static func orgNumber(_ actor: Actor) -> String { OrgNumber.fictitious(grants(actor).org * 1000).value }

    /// The caller for an actor: a distinct person per actor (the person id is the actor's name, so
    /// four-eyes and assigned-adviser checks can tell people apart), logged in at ID-porten's
    /// `substantial` level, which reading child data needs by default (AUTH-R3).
    public static func caller(_ actor: Actor) -> Caller { caller(actor, assurance: .substantial) }

    /// The caller for an actor, logged in at `assurance` (AUTH-R3 tests).
    public static func caller(_ actor: Actor, assurance: AssuranceLevel) -> Caller {
        let info = grants(actor)
        return Caller(orgNumber: orgNumber(actor), grants: info.grants, personId: personId(actor), assurance: assurance)
    }

    /// The registry id of the person an actor is (`Person.id`).
    public static func personId(_ actor: Actor) -> String { "person-\(actor.rawValue)" }

    /// The registry entry of an actor's person: exactly the actor's grants, for its organisation; the
    /// `pid` is synthetic (`SyntheticPid`).
    public static func person(_ actor: Actor) -> Person {
        Person.with {
            $0.id = personId(actor)
            $0.pid = SyntheticPid.make(personId(actor))
            $0.name = "Test \(actor.rawValue)"
            $0.roles = grants(actor).grants.map { PersonRole(org: orgNumber(actor), $0.role, scope: $0.scopeId) }
        }
    }

    /// Bundled reference data plus this region's kommuner, owners, units, PPT offices and org registry.
    public static func reference() throws -> ReferenceData {
        try ReferenceData.bundled().merging(regionSet())
    }

    static func regionSet() -> ReferenceDataSet {
        var set = ReferenceDataSet()
        set.municipalities = [
            municipality(kristiansand, "Kristiansand", population: 116_000, children: 27_000),
            municipality(arendal, "Arendal", population: 45_000, children: 10_500),
            municipality(aseral, "Åseral", population: 950, children: 220),
        ]
        set.owners = [
            owner(kristiansandKommune, "Kristiansand kommune", .municipality, kristiansand, org: 1),
            owner(arendalKommune, "Arendal kommune", .municipality, arendal, org: 2),
            owner(privateKindergartenOwner, "Eventyrskogen barnehage AS", .privateKindergarten, kristiansand, org: 3),
            owner(agderFylkeskommune, "Agder fylkeskommune", .countyAuthority, kristiansand, org: 4),
        ]
        set.units = [
            unit(
                kristiansandSchool,
                "Lundsiden skole",
                .primarySchool,
                kristiansandKommune,
                kristiansand,
                ppt: pptKristiansand
            ),
            unit(
                kristiansandKindergarten,
                "Solsikken barnehage",
                .kindergarten,
                kristiansandKommune,
                kristiansand,
                ppt: pptKristiansand
            ),
            unit(arendalSchool, "Stintå skole", .primarySchool, arendalKommune, arendal, ppt: pptArendal),
            unit(
                privateKindergarten,
                "Eventyrskogen barnehage",
                .kindergarten,
                privateKindergartenOwner,
                kristiansand,
                ppt: ""
            ),
            unit(
                upperSecondary,
                "Sørlandet videregående skole",
                .upperSecondarySchool,
                agderFylkeskommune,
                kristiansand,
                ppt: pptAgderCounty
            ),
        ]
        set.pptOffices = [
            pptOffice(
                pptKristiansand,
                "PPT Kristiansand",
                host: kristiansandKommune,
                serves: [kristiansand, aseral],
                org: 8
            ),
            pptOffice(pptArendal, "PPT Arendal", host: arendalKommune, serves: [arendal], org: 9),
            pptOffice(
                pptAgderCounty,
                "PPT Agder fylkeskommune",
                host: agderFylkeskommune,
                serves: [],
                county: agderFylkeskommune,
                org: 10
            ),
        ]
        // The org registry: one entry per organisation, holding the grants of all its actors.
        var byOrg: [Int: Organisation] = [:]
        for actor in Actor.allCases {
            let info = grants(actor)
            var organisation =
                byOrg[info.org]
                ?? Organisation.with {
                    $0.id = "org-\(info.org)"
                    $0.orgNumber = orgNumber(actor)
                    $0.name = info.record
                    $0.kind = info.kind
                    $0.recordId = info.record
                    // Fictitious addresses for notices (issue 13); the private kindergarten owner has none, so
                    // tests see an organisation that is told through its event feed only.
                    $0.notificationEmail = info.record == privateKindergartenOwner ? "" : "post@\(info.record).example"
                }
            organisation.roleGrants += info.grants.filter { !organisation.roleGrants.contains($0) }
            byOrg[info.org] = organisation
        }
        set.organisations = byOrg.keys.sorted().compactMap { byOrg[$0] }
        set.persons = Actor.allCases.map(person)
        return set
    }

    static func municipality(_ id: String, _ name: String, population: Int64, children: Int64) -> Municipality {
        Municipality.with {
            $0.id = id
            $0.name = name
            $0.countyId = countyId
            $0.governorOfficeId = governorOfficeId
            $0.population = population
            $0.children0to19 = children
        }
    }

    static func owner(_ id: String, _ name: String, _ type: OwnerType, _ municipality: String, org: Int) -> Owner {
        Owner.with {
            $0.id = id
            $0.name = name
            $0.ownerType = type
            $0.municipalityId = municipality
            $0.countyId = countyId
            $0.governorOfficeId = governorOfficeId
            $0.orgNumber = OrgNumber.fictitious(org * 1000).value
        }
    }

    static func unit(
        _ id: String,
        _ name: String,
        _ type: UnitType,
        _ owner: String,
        _ municipality: String,
        ppt: String
    ) -> Unit {
        Unit.with {
            $0.id = id
            $0.name = name
            $0.unitType = type
            $0.ownerId = owner
            $0.municipalityId = municipality
            $0.pptOfficeId = ppt
            $0.enrolledCount = 300
        }
    }

    static func pptOffice(
        _ id: String,
        _ name: String,
        host: String,
        serves: [String],
        county: String = "",
        org: Int
    ) -> PptOffice {
        PptOffice.with {
            $0.id = id
            $0.name = name
            $0.hostOwnerId = host
            $0.orgNumber = OrgNumber.fictitious(org * 1000).value
            $0.serviceArea = PptServiceArea.with {
                $0.municipalityIds = serves
                $0.countyAuthorityId = county
            }
        }
    }
}
