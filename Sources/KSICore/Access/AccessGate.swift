/// An RPC with a declared access policy (AUTH-R5). The generated `<Service>RPC` enums conform; their
/// `policy` is an exhaustive `switch` in Sources/KSICore/Access, so an RPC without a policy does not compile.
public protocol AccessControlledRPC: Sendable, CaseIterable, RawRepresentable where RawValue == String {
    /// The protobuf service, e.g. `ksi.v1.NeedsService`.
    static var serviceName: String { get }
    /// Who may call the RPC, and how (AUTH-R5; docs/security.md access matrix).
    var policy: AccessPolicy { get }
}

extension AccessControlledRPC {
    /// `ksi.v1.NeedsService/CreateNeedsRound`.
    public var fullName: String { "\(Self.serviceName)/\(rawValue)" }
}

/// The one place an RPC's declared policy is enforced: the generated `…ServiceActing` (gRPC adapters, the
/// gateway's HTTPS API and in-process embedders all pass it) and the gateway's gRPC façade call it before
/// the handler. Refusals are `notPermitted` (gRPC PERMISSION_DENIED, HTTP 403) and carry the rule as a
/// violation (a BadRequest field violation in the google.rpc.Status), field `caller`.
public enum AccessGate {
    /// The default minimum assurance for reading child data (AUTH-R3; ID-porten `substantial`).
    public static let defaultChildDataAssurance: AssuranceLevel = ChildDataAssurance.defaultMinimum

    /// Throws unless `caller` passes `rpc`'s policy: it holds one of the policy's roles (AUTH-R5); when every
    /// such role is person-level and the RPC writes or reads child data, a person acts (AUTH-R5); when it
    /// reads child data, the person's assurance is at least `childDataAssurance` (AUTH-R3).
    public static func enforce<RPC: AccessControlledRPC>(
        _ rpc: RPC,
        on caller: Caller,
        childDataAssurance: AssuranceLevel = defaultChildDataAssurance
    ) throws {
        try enforce(rpc.policy, named: rpc.fullName, on: caller, childDataAssurance: childDataAssurance)
    }

    /// The decision for one policy; `name` is used in the message.
    public static func enforce(
        _ policy: AccessPolicy,
        named name: String,
        on caller: Caller,
        childDataAssurance: AssuranceLevel = defaultChildDataAssurance
    ) throws {
        // An organisation with no role at all is the public (PRIV-R12: the public sees V10).
        let held = policy.roles.filter { role in
            caller.has(role) || (role == .public && caller.grants.isEmpty)
                || (policy.heldByOrganisation && caller.organisationGrants.contains { $0.role == role })
        }
        guard !held.isEmpty else {
            let names = policy.roles.map(\.name).joined(separator: ", ")
            throw refusal(
                .operationRole,
                "\(name) is open to \(names.isEmpty ? "no caller" : names); the caller holds none of these roles"
            )
        }
        // A role that needs no person (system, public; or any role on a plain read) lets the call through without one.
        if caller.person == nil, held.allSatisfy({ policy.requiresPerson(in: $0) }) {
            throw refusal(
                .operationRole,
                "\(name) needs an authenticated person acting in the role \(held.map(\.name).joined(separator: " or "))"
            )
        }
        if policy.operation == .childDataRead, caller.person != nil, caller.assurance < childDataAssurance {
            throw refusal(
                .assuranceLevel,
                "\(name) reads child data and needs a person authenticated at level \(childDataAssurance.acr) or higher"
            )
        }
    }

    static func refusal(_ rule: RuleID, _ message: String) -> DomainError {
        DomainError(
            .notPermitted,
            "\(rule): \(message)",
            violations: [RuleViolation(field: "caller", rule: rule, message: message)]
        )
    }
}
