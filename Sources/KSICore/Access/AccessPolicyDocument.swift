/// docs/access.md, rendered from the declared policies (AUTH-R5): `ksi access-policy` prints it, and a test
/// fails when the committed file differs, so the document cannot drift from what the code enforces.
public enum AccessPolicyDocument {
    /// One section per service, one row per RPC.
    public static func markdown() -> String {
        var out = """
            # Access policy per RPC

            Generated from the declared policies in `Sources/KSICore/Access` by `ksi access-policy > docs/access.md`;
            do not edit by hand (`AccessPolicyTests` fails when this file differs). Rule AUTH-R5: every RPC has
            one declared policy that the code enforces (docs/security.md, "Access policy").

            `AccessGate` enforces each row before the handler runs, in the generated `…ServiceActing` (which the gRPC
            adapters, the gateway's HTTPS API and in-process embedders all call) and in the gateway's gRPC façade:

            - **Roles**: the caller must hold one of them (for any scope), else `PERMISSION_DENIED` naming AUTH-R5.
              The scope in brackets is what the domain code checks next (which organisation, embete or case):
              own org = the owner, unit, UH institution or PPT office the entity names; embete = the entity's
              statsforvalter embete; network = the competence network; assigned = the cases the person is assigned to
              (PRIV-R4); national = any.
            - **Person**: "yes" when a caller acting in a person-level role (every role but `system` and `public`) must
              be an authenticated person: every write and every read of child data. Without one: `PERMISSION_DENIED`
              naming AUTH-R5.
            - **Assurance**: reads of child data need the person's assurance (ID-porten `acr`) at or above the configured
              minimum (`ReferralContext.childDataMinimumAssurance`, `KSI_CHILD_DATA_MIN_ACR`, default `substantial`), else `PERMISSION_DENIED` naming AUTH-R3.
            - **Then**: the finer check the domain code makes after the gate.


            """
        out += section(NeedsServiceRPC.self)
        out += section(PartnershipServiceRPC.self)
        out += section(AllocationServiceRPC.self)
        out += section(ReferralServiceRPC.self)
        out += section(GatewayServiceRPC.self)
        return out
    }

    static func section<RPC: AccessControlledRPC>(_ type: RPC.Type) -> String {
        var out =
            "## \(RPC.serviceName)\n\n| RPC | Roles | Person | Assurance | Then |\n| --- | --- | --- | --- | --- |\n"
        for rpc in RPC.allCases {
            let policy = rpc.policy
            out +=
                "| \(rpc.rawValue) | \(roles(policy.roles)) | \(policy.requiresPerson ? "yes" : "no") | "
                + "\(policy.operation == .childDataRead ? "child data: configured minimum" : "—") | \(policy.note.isEmpty ? "—" : policy.note) |\n"
        }
        return out + "\n"
    }

    /// The role list, collapsed to the shared sets' names where the list is one of them.
    static func roles(_ roles: [Role]) -> String {
        if roles == AccessRoles.everyone { return "every role (public included)" }
        if roles == AccessRoles.registered { return "every role but public" }
        return roles.map { "`\($0.name)` (\(label($0.accessScope)))" }.joined(separator: ", ")
    }

    static func label(_ scope: AccessScope) -> String {
        switch scope {
        case .ownOrganisation: "own org"
        case .embete: "embete"
        case .network: "network"
        case .national: "national"
        case .assignedCase: "assigned"
        case .open: "open"
        }
    }
}
