import KSICore

/// The demo region's persons (issue 12): every person the demo year, the `ksi dev` dashboard and the
/// over-the-wire tests act as, each with exactly the roles those callers use, for the organisation
/// they act for. Names are plainly fictitious and every `pid` is synthetic (`SyntheticPid`).
public enum DemoPersons {
    /// The statsforvalter caseworker the certificate-free dashboard acts as by default.
    public static let dashboardDefault = "demo-saksbehandler-ein"

    /// The persons for the demo organisations (`DemoRegion.referenceDataSet().organisations`).
    static func persons(for organisations: [Organisation]) -> [Person] {
        var persons: [Person] = []
        func add(_ id: String, _ name: String, _ organisation: Organisation, _ grants: [RoleGrant]) {
            persons.append(
                Person.with {
                    $0.id = id
                    $0.pid = SyntheticPid.make(id)
                    $0.name = name
                    $0.roles = grants.map { PersonRole(org: organisation.orgNumber, $0.role, scope: $0.scopeId) }
                }
            )
        }
        func grants(_ organisation: Organisation, _ roles: Role...) -> [RoleGrant] {
            organisation.roleGrants.filter { roles.contains($0.role) }
        }
        for organisation in organisations {
            let id = organisation.recordId
            switch organisation.recordKind {
            case .governorOffice:
                // Four eyes (ALLOC-R11): the caseworker and the decision maker are two persons.
                add(
                    "demo-saksbehandler-ein",
                    "Saksbehandler Ein (demo)",
                    organisation,
                    grants(organisation, .sfCaseworker, .forumChair, .committeeMember, .networkCoordinator)
                )
                add("demo-beslutter-ein", "Beslutter Ein (demo)", organisation, grants(organisation, .sfDecisionMaker))
            case .statped:
                add(
                    "demo-statped-inntak",
                    "Inntakskoordinator (demo)",
                    organisation,
                    grants(organisation, .statpedIntake)
                )
                add("demo-statped-leder", "Statped-leder (demo)", organisation, grants(organisation, .statpedManager))
                for index in 1...3 {
                    add(
                        "demo-statped-radgiver-\(index)",
                        "Statped-rådgiver \(index) (demo)",
                        organisation,
                        grants(organisation, .statpedAdviser)
                    )
                }
                add(
                    "demo-statped-forum",
                    "Statped forumrepresentant (demo)",
                    organisation,
                    grants(organisation, .statpedForumRep)
                )
            case .directorate:
                add("demo-udir", "Udir-forvalter (demo)", organisation, grants(organisation, .udirAdmin))
            case .owner:
                add(
                    "demo-eier-\(id)",
                    "Eieradministrator \(organisation.name) (demo)",
                    organisation,
                    grants(organisation, .ownerAdmin)
                )
            case .uhInstitution:
                add(
                    "demo-uh-\(id)",
                    "UH-kontakt \(organisation.name) (demo)",
                    organisation,
                    grants(organisation, .uhContact)
                )
            case .pptOffice:
                add(
                    "demo-ppt-radgiver-\(id)",
                    "PPT-rådgiver \(organisation.name) (demo)",
                    organisation,
                    grants(organisation, .pptAdviser)
                )
                add(
                    "demo-ppt-leder-\(id)",
                    "PPT-leder \(organisation.name) (demo)",
                    organisation,
                    grants(organisation, .pptLeader)
                )
            default:
                add("demo-medlem-\(id)", "Medlem \(organisation.name) (demo)", organisation, organisation.roleGrants)
            }
        }
        return persons
    }
}
