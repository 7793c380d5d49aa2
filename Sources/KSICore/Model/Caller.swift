/// Who is acting: an organisation (by organisation number), the roles the org registry grants it,
/// and optionally the acting person (audited; used for person-level checks such as the assigned
/// Statped adviser, DOMAIN.md §4.0).
public struct Caller: Sendable, Hashable {
    /// The calling organisation's number (9 digits): its identity.
    public var orgNumber: String
    /// The registry entry, when the organisation is known.
    public var organisation: Organisation?
    /// The roles the caller acts in: the organisation's grants, narrowed to the acting person's roles when one acts.
    public var grants: [RoleGrant]
    /// The acting person's registry id (`Person.id`), or empty when no person acts (a system).
    public var personId: String
    /// How strongly the person was authenticated (the token's `acr`); child data needs at least
    /// the configured level (issue 12, PRIV-R8).
    public var assurance: AssuranceLevel
    /// The verified token the person presented (AUTH-R1), which the gateway forwards to the services so
    /// they verify the person themselves; nil in-process and for system identities.
    public var bearer: BearerToken?
    /// Every grant the org registry gives the organisation on the day, whether or not a person acts or holds
    /// it. Only an RPC whose policy says `heldByOrganisation` (the organisation's own event feed) lets these
    /// pass its gate; every other check reads `grants` (AUTH-R4).
    public var organisationGrants: [RoleGrant]

    /// A caller with every part given; no person, no assurance and no token by default.
    public init(
        orgNumber: String,
        organisation: Organisation? = nil,
        grants: [RoleGrant],
        personId: String = "",
        assurance: AssuranceLevel = .none,
        bearer: BearerToken? = nil,
        organisationGrants: [RoleGrant] = []
    ) {
        self.orgNumber = orgNumber
        self.organisation = organisation
        self.grants = grants
        self.organisationGrants = organisationGrants
        self.personId = personId
        self.assurance = assurance
        self.bearer = bearer
    }

    /// The internal caller that applies other services' events (DOMAIN.md: "Who: AllocationService").
    public static func system(_ service: String) -> Caller {
        Caller(orgNumber: "system:\(service)", grants: [RoleGrant.with { $0.role = .system }])
    }

    /// Whether the caller holds `role`, for `scope` when given. A grant with an empty scope is
    /// national (Udir, Statped) and matches any scope.
    public func has(_ role: Role, scope: String? = nil, on date: LocalDate? = nil) -> Bool {
        grants.contains { grant in
            grant.role == role
                && (scope == nil || grant.scopeId.isEmpty || grant.scopeId == scope)
                && date.map { grant.isValid(on: $0) } ?? true
        }
    }

    /// Whether the caller holds any of `roles` for `scope`.
    public func hasAny(_ roles: [Role], scope: String? = nil) -> Bool {
        roles.contains { has($0, scope: scope) }
    }

    /// The scopes (entity ids) for which the caller holds `role`.
    public func scopes(of role: Role) -> [String] {
        grants.filter { $0.role == role }.map(\.scopeId)
    }

    /// Throws `notPermitted` unless the caller holds one of `roles` for `scope`.
    public func require(_ roles: Role..., scope: String? = nil, toDo action: String) throws {
        guard hasAny(roles, scope: scope) else {
            let names = roles.map(\.name).joined(separator: " or ")
            throw DomainError.notPermitted(
                "only \(names)\(scope.map { _ in " of the organisation concerned" } ?? "") may \(action)"
            )
        }
    }

    /// The role to record in the audit log: the first of `preferred` that the caller holds.
    public func auditRole(_ preferred: [Role]) -> Role {
        preferred.first { has($0) } ?? grants.first?.role ?? .unspecified
    }

    /// The acting person's id, or nil when none was given.
    public var person: String? { personId.isEmpty ? nil : personId }
}

/// ID-porten's levels of assurance (the `acr` claim), lowest first. `none` is a caller without a
/// verified person (a system identity) or a token without a recognised `acr`.
public enum AssuranceLevel: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// No verified person (a system identity) or an unrecognised `acr`.
    case none = 0
    /// `idporten-loa-low` (or `Level2`).
    case low = 1
    /// `idporten-loa-substantial` (or `Level3`).
    case substantial = 2
    /// `idporten-loa-high` (or `Level4`).
    case high = 3

    /// The level an `acr` value names: ID-porten's `idporten-loa-low|substantial|high` and the
    /// older `Level3`/`Level4`; anything else is `none`.
    public init(acr: String) {
        switch acr {
        case "idporten-loa-high", "Level4": self = .high
        case "idporten-loa-substantial", "Level3": self = .substantial
        case "idporten-loa-low", "Level2": self = .low
        default: self = .none
        }
    }

    /// The `acr` value ID-porten uses for the level.
    public var acr: String {
        switch self {
        case .none: ""
        case .low: "idporten-loa-low"
        case .substantial: "idporten-loa-substantial"
        case .high: "idporten-loa-high"
        }
    }

    /// Orders the levels from none to high.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension RoleGrant {
    /// Whether the grant is in force on `date` (COM-R6 effective dating).
    public func isValid(on date: LocalDate) -> Bool {
        (validFrom.map { $0 <= date } ?? true) && (validTo.map { date <= $0 } ?? true)
    }

    /// A grant of `role`, scoped to `scope` ("" = unscoped), with no dates.
    public init(_ role: Role, scope: String = "") {
        self.init()
        self.role = role
        self.scopeId = scope
    }
}
