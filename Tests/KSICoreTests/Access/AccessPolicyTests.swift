import Foundation
import KSICore
import KSITestSupport
import Testing

/// The declaration itself (AUTH-R5): one policy per RPC of the contract, docs/access.md rendered from it, and
/// the roles of DOMAIN.md's "Who" columns in it.
@Suite("Declared access policy")
struct AccessPolicyTests {
    /// The RPC names of each service, read from protos/ksi/v1/*.proto (not from the generated enums).
    static func contractRPCs() throws -> [String: Set<String>] {
        let folder = RepositoryPaths.root.appendingPathComponent("protos/ksi/v1")
        var services: [String: Set<String>] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".proto") {
            var current: String?
            for line in try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).split(
                separator: "\n"
            ) {
                let words = line.split(whereSeparator: { " \t(".contains($0) })
                if words.first == "service", words.count > 1 { current = "ksi.v1.\(words[1])" }
                if words.first == "rpc", words.count > 1, let current {
                    services[current, default: []].insert(String(words[1]))
                }
            }
        }
        return services
    }

    static func declared<RPC: AccessControlledRPC>(_ type: RPC.Type) -> (String, Set<String>) {
        (RPC.serviceName, Set(RPC.allCases.map(\.rawValue)))
    }

    @Test(
        "every RPC of the five services in the contract has exactly one declared policy naming at least one role (AUTH-R5)"
    )
    func everyRPCDeclared() throws {
        let contract = try Self.contractRPCs()
        let declared = Dictionary(uniqueKeysWithValues: [
            Self.declared(NeedsServiceRPC.self), Self.declared(PartnershipServiceRPC.self),
            Self.declared(AllocationServiceRPC.self),
            Self.declared(ReferralServiceRPC.self), Self.declared(GatewayServiceRPC.self),
        ])
        #expect(Set(contract.keys) == Set(declared.keys))
        for (service, rpcs) in contract {
            #expect(declared[service] == rpcs, "\(service): declared and contract RPCs differ")
        }
        #expect(contract.values.map(\.count).reduce(0, +) > 200)
        func check<RPC: AccessControlledRPC>(_ type: RPC.Type) {
            for rpc in RPC.allCases {
                let roles = rpc.policy.roles
                #expect(!roles.isEmpty, "\(rpc.fullName) admits no role")
                #expect(!roles.contains(.unspecified), "\(rpc.fullName)")
                #expect(Set(roles).count == roles.count, "\(rpc.fullName) lists a role twice")
            }
        }
        check(NeedsServiceRPC.self)
        check(PartnershipServiceRPC.self)
        check(AllocationServiceRPC.self)
        check(ReferralServiceRPC.self)
        check(GatewayServiceRPC.self)
    }

    @Test("docs/access.md is the rendering of the declaration (`ksi access-policy`)")
    func documentIsCurrent() throws {
        let committed = try String(
            contentsOf: RepositoryPaths.root.appendingPathComponent("docs/access.md"),
            encoding: .utf8
        )
        #expect(
            committed == AccessPolicyDocument.markdown(),
            "docs/access.md is stale: run `swift run ksi access-policy > docs/access.md`"
        )
        // Every RPC has its row.
        for rpc in ReferralServiceRPC.allCases { #expect(committed.contains("| \(rpc.rawValue) |")) }
    }

    /// DOMAIN.md §4 "Who" columns and §7 (read by hand from the spec): the roles that must pass the gate, and
    /// roles that must not.
    static let who: [(rpc: String, allowed: [Role], refused: [Role], rule: String)] = [
        ("ksi.v1.NeedsService/CreateNeedsReport", [.ownerAdmin], [.uhContact, .sfCaseworker], "§4.1 — → draft"),
        (
            "ksi.v1.NeedsService/UpdateNeedsReport", [.ownerAdmin, .uhContact, .pptLeader], [.pptAdviser],
            "§4.1 co-editors"
        ),
        (
            "ksi.v1.NeedsService/SubmitNeedsReport", [.ownerAdmin], [.uhContact, .pptLeader, .networkCoordinator],
            "NEED-R5"
        ),
        (
            "ksi.v1.NeedsService/ReturnNeedsReportForCompletion", [.sfCaseworker], [.ownerAdmin, .sfDecisionMaker],
            "§4.1"
        ),
        ("ksi.v1.NeedsService/RouteNeedsReport", [.sfCaseworker], [.committeeMember], "§4.1"),
        (
            "ksi.v1.NeedsService/PrioritiseNeedsReport", [.networkCoordinator, .committeeMember, .sfCaseworker],
            [.ownerAdmin, .forumMember], "§4.1"
        ),
        ("ksi.v1.NeedsService/WithdrawNeedsReport", [.ownerAdmin], [.sfCaseworker], "§4.1"),
        ("ksi.v1.NeedsService/ApplyGrantOutcome", [.system], [.sfDecisionMaker, .udirAdmin], "§4.1 AllocationService"),
        ("ksi.v1.PartnershipService/CreatePartnership", [.ownerAdmin], [.uhContact], "§4.2"),
        ("ksi.v1.PartnershipService/SignAgreement", [.ownerAdmin, .uhContact], [.sfCaseworker], "§4.2"),
        ("ksi.v1.PartnershipService/SuspendPartnership", [.sfCaseworker], [.ownerAdmin, .uhContact], "§4.2"),
        (
            "ksi.v1.PartnershipService/ConfirmTermination", [.ownerAdmin, .uhContact, .sfCaseworker], [.pptLeader],
            "PART-R5"
        ),
        ("ksi.v1.PartnershipService/ExpirePartnership", [.system], [.ownerAdmin, .sfCaseworker], "§4.2 system"),
        ("ksi.v1.PartnershipService/CompleteMeasure", [.ownerAdmin], [.uhContact], "PART-R17"),
        ("ksi.v1.PartnershipService/StartLocalFollowUp", [.ownerAdmin, .pptLeader], [.uhContact], "§4.2"),
        ("ksi.v1.PartnershipService/AbortMeasure", [.ownerAdmin], [.uhContact, .sfCaseworker], "PART-R6"),
        (
            "ksi.v1.AllocationService/CreateRecommendation", [.committeeMember, .sfCaseworker],
            [.forumMember, .sfDecisionMaker], "§4.3"
        ),
        ("ksi.v1.AllocationService/AdoptRecommendation", [.sfCaseworker], [.committeeMember, .forumChair], "§4.3"),
        ("ksi.v1.AllocationService/ReturnRecommendation", [.sfDecisionMaker], [.sfCaseworker], "§4.3"),
        ("ksi.v1.AllocationService/ReviseRecommendation", [.sfCaseworker], [.sfDecisionMaker], "§4.3"),
        ("ksi.v1.AllocationService/SignGrantDecision", [.sfDecisionMaker], [.sfCaseworker, .udirAdmin], "ALLOC-R11"),
        ("ksi.v1.AllocationService/IssueCommitmentLetter", [.sfCaseworker], [.sfDecisionMaker], "§4.3"),
        ("ksi.v1.AllocationService/AcceptGrant", [.ownerAdmin, .uhContact], [.sfCaseworker], "ALLOC-R12"),
        ("ksi.v1.AllocationService/Disburse", [.sfCaseworker], [.ownerAdmin, .udirAdmin], "ALLOC-R15"),
        ("ksi.v1.AllocationService/CancelGrant", [.sfDecisionMaker], [.sfCaseworker], "§4.3"),
        ("ksi.v1.AllocationService/LodgeAppeal", [.ownerAdmin, .uhContact], [.sfCaseworker], "ALLOC-R17"),
        ("ksi.v1.AllocationService/SetNationalBudget", [.udirAdmin], [.sfCaseworker], "§4.5"),
        ("ksi.v1.ReferralService/CreateReferral", [.pptAdviser], [.statpedIntake, .statpedAdviser], "§4.4 REF-R1"),
        ("ksi.v1.ReferralService/SubmitReferral", [.pptLeader], [.pptAdviser, .statpedIntake], "§4.4, PRIV-R3"),
        ("ksi.v1.ReferralService/OpenWithoutApplication", [.statpedIntake], [.statpedManager, .pptLeader], "REF-R2"),
        ("ksi.v1.ReferralService/AcceptReferral", [.statpedIntake], [.statpedManager, .statpedAdviser], "REF-R7"),
        ("ksi.v1.ReferralService/AssignReferral", [.statpedManager], [.statpedIntake], "REF-R9"),
        ("ksi.v1.ReferralService/RecordStartupMeeting", [.statpedAdviser], [.statpedManager], "REF-R10"),
        ("ksi.v1.ReferralService/AgreeCollaborationPlan", [.statpedAdviser, .pptAdviser], [.statpedIntake], "REF-R11"),
        ("ksi.v1.ReferralService/CloseReferral", [.statpedAdviser], [.pptLeader], "§4.4"),
        ("ksi.v1.ReferralService/WithdrawReferral", [.pptLeader], [.pptAdviser], "PRIV-R3"),
        (
            "ksi.v1.ReferralService/GetReferral", [.pptAdviser, .statpedIntake, .statpedAdviser, .statpedManager],
            [.sfCaseworker, .udirAdmin, .forumMember, .system], "PRIV-R5"
        ),
        (
            "ksi.v1.ReferralService/ListReferralMilestones", [.system],
            [.udirAdmin, .statpedIntake, .statpedManager, .ownerAdmin, .pptAdviser], "PRIV-R5"
        ),
        ("ksi.v1.GatewayService/GetTransparencyPage", [.public], [], "PRIV-R12"),
        ("ksi.v1.GatewayService/GetRegionOverview", [.sfCaseworker], [.public], "PRIV-R12"),
    ]

    static func policy(named name: String) -> AccessPolicy? {
        func find<RPC: AccessControlledRPC>(_ type: RPC.Type) -> AccessPolicy? {
            RPC.allCases.first { $0.fullName == name }?.policy
        }
        return find(NeedsServiceRPC.self) ?? find(PartnershipServiceRPC.self) ?? find(AllocationServiceRPC.self)
            ?? find(ReferralServiceRPC.self) ?? find(GatewayServiceRPC.self)
    }

    @Test("the roles of DOMAIN.md's Who columns pass the gate and others do not (§4, §7)", arguments: who.indices)
    func domainWho(index: Int) throws {
        let row = Self.who[index]
        let policy = try #require(Self.policy(named: row.rpc), "\(row.rpc) has no policy")
        for role in row.allowed { #expect(policy.roles.contains(role), "\(row.rpc): \(role.name) (\(row.rule))") }
        for role in row.refused { #expect(!policy.roles.contains(role), "\(row.rpc): \(role.name) (\(row.rule))") }
    }

    @Test(
        "reads of child data are exactly GetReferral, GetReferralAttachment and ExportDataSubject; they need a person (AUTH-R3)"
    )
    func childDataReads() {
        let childData = ReferralServiceRPC.allCases.filter { $0.policy.operation == .childDataRead }.map(\.rawValue)
        #expect(Set(childData) == ["GetReferral", "GetReferralAttachment", "ExportDataSubject"])
        for rpc in ReferralServiceRPC.allCases where rpc.policy.operation == .childDataRead {
            #expect(rpc.policy.requiresPerson)
        }
        for rpc in NeedsServiceRPC.allCases { #expect(rpc.policy.operation != .childDataRead) }
    }

    @Test("system relays and public reads need no person; every other write does (AUTH-R5)")
    func personRequirement() {
        #expect(!NeedsServiceRPC.applyGrantOutcome.policy.requiresPerson)
        #expect(!GatewayServiceRPC.getTransparencyPage.policy.requiresPerson)
        #expect(!AllocationServiceRPC.listGrantDecisions.policy.requiresPerson)
        #expect(AllocationServiceRPC.signGrantDecision.policy.requiresPerson)
        #expect(AllocationServiceRPC.openReclaim.policy.requiresPerson(in: .sfCaseworker))
        #expect(!AllocationServiceRPC.openReclaim.policy.requiresPerson(in: .system))
        for rpc in PartnershipServiceRPC.allCases
        where rpc.policy.operation == .write && !rpc.policy.roles.contains(.system) {
            #expect(rpc.policy.requiresPerson, "\(rpc.fullName)")
        }
    }
}
