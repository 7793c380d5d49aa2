import KSICore

/// The demo embete-year's reference data: the Agder embete with its 25 kommuner (real names and
/// numbers; rounded, approximate population figures), their owners, units, PPT offices, private
/// owners, the fylkeskommune, three competence networks, plainly fictitious Statped locations and
/// divisions (§3.5 is empty by default), an org registry with one organisation per role, and the
/// persons who act for them (`DemoPersons`, synthetic pids).
///
/// Deterministic: the same call gives the same data. Organisation numbers are fictitious.
public enum DemoRegion {
    public static let governorOfficeId = "agder"
    public static let countyId = "42"
    public static let year: Int32 = 2025

    /// (kommunenummer, name, approximate population, network).
    static let kommuner: [(String, String, Int64, String)] = [
        ("4201", "Risør", 6_800, "ostre-agder"), ("4202", "Grimstad", 24_000, "ostre-agder"),
        ("4203", "Arendal", 45_500, "ostre-agder"), ("4204", "Kristiansand", 116_000, "kristiansandsregionen"),
        ("4205", "Lindesnes", 23_500, "lister"), ("4206", "Farsund", 9_700, "lister"),
        ("4207", "Flekkefjord", 9_000, "lister"), ("4211", "Gjerstad", 2_500, "ostre-agder"),
        ("4212", "Vegårshei", 2_100, "ostre-agder"), ("4213", "Tvedestrand", 6_100, "ostre-agder"),
        ("4214", "Froland", 6_000, "ostre-agder"), ("4215", "Lillesand", 11_300, "kristiansandsregionen"),
        ("4216", "Birkenes", 5_300, "kristiansandsregionen"), ("4217", "Åmli", 1_800, "ostre-agder"),
        ("4218", "Iveland", 1_400, "kristiansandsregionen"),
        ("4219", "Evje og Hornnes", 3_800, "kristiansandsregionen"),
        ("4220", "Bygland", 1_200, "kristiansandsregionen"), ("4221", "Valle", 1_200, "kristiansandsregionen"),
        ("4222", "Bykle", 1_000, "kristiansandsregionen"), ("4223", "Vennesla", 15_000, "kristiansandsregionen"),
        ("4224", "Åseral", 950, "kristiansandsregionen"), ("4225", "Lyngdal", 10_500, "lister"),
        ("4226", "Hægebostad", 1_700, "lister"), ("4227", "Kvinesdal", 6_000, "lister"),
        ("4228", "Sirdal", 1_900, "lister"),
    ]

    public static let networks = ["ostre-agder", "kristiansandsregionen", "lister"]
    public static let uhPartners = ["uia", "nla", "usn"]

    public static func ownerId(_ kommune: String) -> String { "owner-\(kommune)" }
    public static func pptOfficeId(_ kommune: String) -> String { "ppt-\(hostOfPPT(kommune))" }
    public static let countyOwnerId = "owner-agder-fylkeskommune"
    public static let countyPPTId = "ppt-agder-fylkeskommune"

    /// Small kommuner share a PPT office with the network's largest kommune (interkommunal PPT).
    static func hostOfPPT(_ kommune: String) -> String {
        guard let entry = kommuner.first(where: { $0.0 == kommune }), entry.2 < 5_000 else { return kommune }
        return kommuner.filter { $0.3 == entry.3 }.max { $0.2 < $1.2 }?.0 ?? kommune
    }

    /// An organisation number from a stable serial.
    static func org(_ serial: Int) -> String { OrgNumber.fictitious(4_200_000 + serial * 10).value }

    /// The demo organisations one client certificate each is issued for (`ksi certs`).
    public static let identities: [(name: String, orgNumber: String)] = [
        ("kommune-kristiansand", org(4204)), ("kommune-arendal", org(4203)), ("ppt-kristiansand", org(14204)),
        ("uh-uia", org(20_001)), ("statsforvalter-agder", org(30_001)), ("statped", org(30_002)),
        ("udir", org(30_003)), ("fylkeskommune-agder", org(4200)),
    ]

    /// The reference data of the demo region (merge it over the bundled data).
    public static func referenceDataSet() -> ReferenceDataSet {
        var set = ReferenceDataSet()
        var random = DemoRandom(seed: 2025)
        var organisations: [Organisation] = []
        func organisation(
            _ id: String,
            _ name: String,
            _ orgNumber: String,
            _ kind: OrganisationKind,
            _ record: OrganisationRecordKind,
            _ grants: [RoleGrant]
        ) {
            organisations.append(
                Organisation.with {
                    $0.id = "org-\(id)"
                    $0.orgNumber = orgNumber
                    $0.name = name
                    $0.kind = kind
                    $0.recordKind = record
                    $0.recordId = id
                    $0.roleGrants = grants
                    // A fictitious address for notices (issue 13); `ksi dev` writes them to its mail folder.
                    $0.notificationEmail = "post@\(id).example"
                }
            )
        }

        for (number, name, population, _) in kommuner {
            set.municipalities.append(
                Municipality.with {
                    $0.id = number
                    $0.name = name
                    $0.countyId = countyId
                    $0.governorOfficeId = governorOfficeId
                    $0.population = population
                    $0.children0to19 = population * 23 / 100
                    $0.validFrom = LocalDate(year: 2020, month: 1, day: 1)
                }
            )
            let owner = ownerId(number)
            set.owners.append(
                Owner.with {
                    $0.id = owner
                    $0.orgNumber = org(Int(number) ?? 0)
                    $0.name = "\(name) kommune"
                    $0.ownerType = .municipality
                    $0.municipalityId = number
                    $0.countyId = countyId
                    $0.governorOfficeId = governorOfficeId
                }
            )
            organisation(
                owner,
                "\(name) kommune",
                org(Int(number) ?? 0),
                .other,
                .owner,
                [RoleGrant(.ownerAdmin, scope: owner)]
            )
            // Units in proportion to size: a school and a kindergarten per ~4 000 inhabitants, at least one each.
            let count = max(1, Int(population / 4_000))
            for index in 1...count {
                set.units.append(
                    unit(
                        "unit-\(number)-school-\(index)",
                        "\(name) skole \(index)",
                        .primarySchool,
                        owner,
                        number,
                        pptOfficeId(number),
                        random.next(upTo: 400) + 80
                    )
                )
                set.units.append(
                    unit(
                        "unit-\(number)-kindergarten-\(index)",
                        "\(name) barnehage \(index)",
                        .kindergarten,
                        owner,
                        number,
                        pptOfficeId(number),
                        random.next(upTo: 80) + 20
                    )
                )
            }
            if hostOfPPT(number) == number {
                let served = kommuner.filter { hostOfPPT($0.0) == number }.map(\.0)
                let id = pptOfficeId(number)
                set.pptOffices.append(
                    PptOffice.with {
                        $0.id = id
                        $0.orgNumber = org(10_000 + (Int(number) ?? 0))
                        $0.name = served.count > 1 ? "PPT for \(name) og omegn" : "PPT \(name)"
                        $0.hostOwnerId = owner
                        $0.serviceArea = PptServiceArea.with { $0.municipalityIds = served }
                    }
                )
                organisation(
                    id,
                    "PPT \(name)",
                    org(10_000 + (Int(number) ?? 0)),
                    .ppt,
                    .pptOffice,
                    [RoleGrant(.pptLeader, scope: id), RoleGrant(.pptAdviser, scope: id)]
                )
            }
        }

        // Private kindergarten owners in the three largest kommuner; one has no PPT affiliation (NEED-R4).
        for (serial, kommune) in ["4204", "4203", "4202"].enumerated() {
            let id = "owner-private-\(kommune)"
            let orgNumber = org(40_000 + serial)
            set.owners.append(
                Owner.with {
                    $0.id = id
                    $0.orgNumber = orgNumber
                    $0.name = "Private barnehager \(kommuner.first { $0.0 == kommune }?.1 ?? kommune) AS (demo)"
                    $0.ownerType = .privateKindergarten
                    $0.municipalityId = kommune
                    $0.countyId = countyId
                    $0.governorOfficeId = governorOfficeId
                }
            )
            set.units.append(
                unit(
                    "unit-private-\(kommune)",
                    "Privat barnehage \(kommune) (demo)",
                    .kindergarten,
                    id,
                    kommune,
                    serial == 0 ? "" : pptOfficeId(kommune),
                    60
                )
            )
            organisation(
                id,
                "Private barnehager \(kommune) AS (demo)",
                orgNumber,
                .other,
                .owner,
                [RoleGrant(.ownerAdmin, scope: id)]
            )
        }

        // The fylkeskommune: upper secondary schools and its own PPT (Q16).
        set.owners.append(
            Owner.with {
                $0.id = countyOwnerId
                $0.orgNumber = org(4200)
                $0.name = "Agder fylkeskommune"
                $0.ownerType = .countyAuthority
                $0.municipalityId = "4204"
                $0.countyId = countyId
                $0.governorOfficeId = governorOfficeId
            }
        )
        organisation(
            countyOwnerId,
            "Agder fylkeskommune",
            org(4200),
            .other,
            .owner,
            [RoleGrant(.ownerAdmin, scope: countyOwnerId)]
        )
        for (index, kommune) in ["4204", "4203", "4225"].enumerated() {
            set.units.append(
                unit(
                    "unit-vgs-\(kommune)",
                    "Videregående skole \(index + 1) (demo)",
                    .upperSecondarySchool,
                    countyOwnerId,
                    kommune,
                    countyPPTId,
                    Int64(700 - index * 200)
                )
            )
        }
        set.pptOffices.append(
            PptOffice.with {
                $0.id = countyPPTId
                $0.orgNumber = org(14_200)
                $0.name = "PPT Agder fylkeskommune"
                $0.hostOwnerId = countyOwnerId
                $0.serviceArea = PptServiceArea.with { $0.countyAuthorityId = countyOwnerId }
            }
        )
        organisation(
            countyPPTId,
            "PPT Agder fylkeskommune",
            org(14_200),
            .ppt,
            .pptOffice,
            [RoleGrant(.pptLeader, scope: countyPPTId), RoleGrant(.pptAdviser, scope: countyPPTId)]
        )

        // UH partners, the statsforvalter, Statped, Udir and forum members.
        for (serial, uh) in uhPartners.enumerated() {
            organisation(
                uh,
                uh.uppercased(),
                org(20_001 + serial),
                .uh,
                .uhInstitution,
                [RoleGrant(.uhContact, scope: uh)]
            )
        }
        organisation(
            governorOfficeId,
            "Statsforvalteren i Agder",
            org(30_001),
            .governorOffice,
            .governorOffice,
            [
                RoleGrant(.sfCaseworker, scope: governorOfficeId), RoleGrant(.sfDecisionMaker, scope: governorOfficeId),
                RoleGrant(.forumChair, scope: governorOfficeId), RoleGrant(.committeeMember, scope: governorOfficeId),
            ] + networks.map { RoleGrant(.networkCoordinator, scope: "network-\($0)") }
        )
        organisation(
            "statped",
            "Statped",
            org(30_002),
            .statped,
            .statped,
            [
                RoleGrant(.statpedIntake), RoleGrant(.statpedAdviser), RoleGrant(.statpedManager),
                RoleGrant(.statpedForumRep, scope: countyId),
            ]
        )
        organisation("udir", "Utdanningsdirektoratet", org(30_003), .other, .directorate, [RoleGrant(.udirAdmin)])
        organisation(
            "ks-agder",
            "KS Agder (demo)",
            org(30_004),
            .ks,
            .memberOrganisation,
            [RoleGrant(.forumMember, scope: governorOfficeId)]
        )
        organisation(
            "pbl",
            "PBL (demo)",
            org(30_005),
            .pbl,
            .memberOrganisation,
            [RoleGrant(.forumMember, scope: governorOfficeId)]
        )
        organisation(
            "union-agder",
            "Lærerorganisasjon Agder (demo)",
            org(30_006),
            .teacherUnion,
            .memberOrganisation,
            [RoleGrant(.forumMember, scope: governorOfficeId)]
                + set.units.prefix(4).map { RoleGrant(.unionRep, scope: $0.id) }
        )

        // §3.5: plainly fictitious Statped locations and the placeholder divisions.
        set.statpedLocations = [("sor", "4204"), ("vest", "4601"), ("nord", "1804")].map { code, kommune in
            StatpedLocation.with {
                $0.id = "statped-location-\(code)"
                $0.code = code
                $0.name = "Statped \(code) (demo)"
                $0.municipalityId = kommune
            }
        }
        set.statpedDivisions = [
            ("earlyYears", "Tidlig innsats (demo)", 0, 5, false), ("compulsory", "Grunnskole (demo)", 6, 15, false),
            ("upperSecondaryAdult", "Videregående og voksne (demo)", 16, 99, false),
            ("sead", "SEAD (demo)", 0, 99, true),
        ].map { code, name, from, to, sead in
            StatpedDivision.with {
                $0.id = "statped-division-\(code)"
                $0.code = code
                $0.name = name
                $0.ageFrom = Int32(from)
                $0.ageTo = Int32(to)
                $0.isSead = sead
            }
        }
        set.organisations = organisations
        set.persons = DemoPersons.persons(for: organisations)
        set.datasetVersion = 1
        return set
    }

    static func unit(
        _ id: String,
        _ name: String,
        _ type: UnitType,
        _ owner: String,
        _ kommune: String,
        _ ppt: String,
        _ enrolled: Int64
    ) -> Unit {
        Unit.with {
            $0.id = id
            $0.name = name
            $0.unitType = type
            $0.ownerId = owner
            $0.municipalityId = kommune
            $0.pptOfficeId = ppt
            $0.enrolledCount = enrolled
            $0.teacherFteHundredths = enrolled * 100 / 12
        }
    }
}

/// A seeded generator for demo and scale data (SplitMix64), so every run makes the same data.
public struct DemoRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound.
    public mutating func next(upTo bound: Int64) -> Int64 { Int64(next() % UInt64(max(bound, 1))) }
}
