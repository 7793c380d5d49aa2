/// The declared access policy of one RPC (AUTH-R5): which roles may call it, whether a person must act,
/// and whether it reads child data (then the person's assurance must reach the configured minimum,
/// AUTH-R3). `AccessGate` enforces it before the handler runs; docs/access.md is rendered from it.
///
/// The gate decides by role only. Which organisation, embete or case the role must be held for is the
/// domain code's finer check (`Caller.require(_:scope:)`, `ReferralAccess`); the policy names that scope
/// per role (`AccessScope`) so the document and the matrix test can say what the domain checks next.
public struct AccessPolicy: Sendable, Hashable {
    /// What the RPC does with data, which decides the person and assurance requirements.
    public enum Operation: String, Sendable, Hashable, CaseIterable {
        /// Reads data that is not child data: a person-level role may read without a person acting
        /// (the token-based caller keeps such roles only when a person acts anyway, docs/security.md).
        case read
        /// Reads child data (DOMAIN.md §7): a person must act, with assurance ≥ the configured minimum (AUTH-R3).
        case childDataRead
        /// Changes data: a person-level role acts only with a person (the audit names them, COM-R4).
        case write
    }

    /// The roles that pass the gate, in the order the document lists them.
    public var roles: [Role]
    /// What the RPC does with data: read, read child data, or write.
    public var operation: Operation
    /// One sentence on the finer check the domain code makes after the gate, when the role's scope does not say it all.
    public var note: String
    /// The roles count when the calling *organisation* holds them in the org registry, with or without a
    /// person (issue 13): only for reads that return nothing but what concerns the caller's organisation
    /// itself (its event feed), so a kommune's or PPT office's system reads it with its certificate alone.
    public var heldByOrganisation: Bool

    /// A policy: `operation` by one of `roles`; `heldByOrganisation` only for plain reads.
    public init(_ operation: Operation, _ roles: [Role], note: String = "", heldByOrganisation: Bool = false) {
        precondition(
            !heldByOrganisation || operation == .read,
            "only a plain read may be open to the organisation's own roles"
        )
        self.operation = operation
        self.roles = roles
        self.note = note
        self.heldByOrganisation = heldByOrganisation
    }

    /// Whether a caller acting in `role` must be a person: person-level roles on writes and on reads of
    /// child data. `system` (the services' relays) and `public` are organisation-level and never need one.
    public func requiresPerson(in role: Role) -> Bool {
        operation != .read && role.isPersonLevel
    }

    /// Whether a caller acting in one of `roles` must be a person (the document's "Person" column).
    public var requiresPerson: Bool { roles.contains { requiresPerson(in: $0) } }
}

/// Where a role is held, which is what the domain code checks after the gate (DOMAIN.md §4.0, §7).
public enum AccessScope: String, Sendable, Hashable, CaseIterable {
    /// The caller's own organisation: the owner, unit, UH institution or PPT office the entity names.
    case ownOrganisation = "own organisation"
    /// The statsforvalter embete (or its forums and committees) the entity belongs to.
    case embete
    /// The competence network the entity belongs to (its coordinator).
    case network
    /// National: Udir, Statped's national roles and the services themselves.
    case national
    /// A Statped adviser: only the cases the person is assigned to (PRIV-R4).
    case assignedCase = "assigned case"
    /// Anyone registered as the public: no scope.
    case open
}

extension Role {
    /// The scope a grant of this role is checked against by the domain code.
    public var accessScope: AccessScope {
        switch self {
        case .sfCaseworker, .sfDecisionMaker, .forumMember, .forumChair, .committeeMember: .embete
        case .networkCoordinator: .network
        case .ownerAdmin, .unitLeader, .uhContact, .pptAdviser, .pptLeader, .unionRep: .ownOrganisation
        case .udirAdmin, .statpedIntake, .statpedManager, .statpedForumRep, .system: .national
        case .statpedAdviser: .assignedCase
        case .public, .unspecified: .open
        }
    }

    /// Whether a grant of this role stands for a person (AUTH-R4): every role but `system` and `public`.
    /// Without a person a caller keeps only those two (docs/security.md, "Access policy").
    public var isPersonLevel: Bool { self != .system && self != .public && self != .unspecified }
}
