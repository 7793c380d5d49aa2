import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// Every organisation's own event feed (issue 13, item 2(b)) over real gRPC and mutual TLS: the demo year is
/// driven through the four services, then each organisation's *system* (its certificate, no person) reads
/// `ListNeedsFeed`, `ListPartnershipFeed`, `ListAllocationFeed` and `ListReferralFeed`. The expected feed is
/// computed here from the system-wide outbox (`List…Events`, read with the gateway's `system` identity) by
/// the entity ids each organisation is named by in the demo registry — not through the audience code.
@Suite("Organisation event feeds over gRPC (issue 13)", .serialized)
struct EventFeedOverGRPCTests {
    typealias Transport = HTTP2ClientTransport.Posix

    /// Who each demo identity is in the entities (registry ids), as the demo region names them.
    static let kristiansand = "owner-4204", arendal = "owner-4203", uia = "uia", agder = "agder"
    static let kristiansandPPT = DemoRegion.pptOfficeId("4204")

    /// Reads a whole feed, `pageSize` events a page, resuming with the cursor; checks every page's cursor.
    static func readAll<E: Sendable>(
        pageSize: Int32,
        _ page: @Sendable (Int64, Int32) async throws -> ([E], Int64),
        sequence: (E) -> Int64
    ) async throws -> [E] {
        var all: [E] = []
        var after: Int64 = 0
        while true {
            let (events, next) = try await page(after, pageSize)
            #expect(events.count <= Int(pageSize))
            #expect(
                next == (events.last.map(sequence) ?? after),
                "the cursor is the last event's sequence, or stays put on an empty page"
            )
            guard !events.isEmpty else { break }
            all += events
            after = next
        }
        return all
    }

    /// The whole outbox of one service, as the services' relays read it.
    static func outbox<E: Sendable>(
        _ page: @Sendable (Int64) async throws -> [E],
        sequence: (E) -> Int64
    ) async throws -> [E] {
        var all: [E] = []
        var after: Int64 = 0
        while true {
            let events = try await page(after)
            guard let last = events.last else { return all }
            all += events
            after = sequence(last)
        }
    }

    /// The four feeds of one identity, read with the given page size.
    struct Feeds: Sendable {
        var needs: [NeedsEvent] = [], partnerships: [PartnershipEvent] = [], allocation: [AllocationEvent] = []
        var referral: [ReferralMilestoneReached] = []
    }

    static func feeds(
        _ stack: TestStack,
        as identity: String,
        person: String? = nil,
        pageSize: Int32 = 500
    ) async throws -> Feeds {
        var feeds = Feeds()
        feeds.needs = try await stack.client(.needs, as: identity, person: person) { client in
            let needs = NeedsServiceClient(wrapping: client)
            return try await readAll(
                pageSize: pageSize,
                { after, size in
                    let page = try await needs.listNeedsFeed(
                        .with {
                            $0.afterSequence = after
                            $0.pageSize = size
                        }
                    )
                    return (page.events, page.nextAfterSequence)
                },
                sequence: \.sequence
            )
        }
        feeds.partnerships = try await stack.client(.partnerships, as: identity, person: person) { client in
            let partnerships = PartnershipServiceClient(wrapping: client)
            return try await readAll(
                pageSize: pageSize,
                { after, size in
                    let page = try await partnerships.listPartnershipFeed(
                        .with {
                            $0.afterSequence = after
                            $0.pageSize = size
                        }
                    )
                    return (page.events, page.nextAfterSequence)
                },
                sequence: \.sequence
            )
        }
        feeds.allocation = try await stack.client(.allocation, as: identity, person: person) { client in
            let allocation = AllocationServiceClient(wrapping: client)
            return try await readAll(
                pageSize: pageSize,
                { after, size in
                    let page = try await allocation.listAllocationFeed(
                        .with {
                            $0.afterSequence = after
                            $0.pageSize = size
                        }
                    )
                    return (page.events, page.nextAfterSequence)
                },
                sequence: \.sequence
            )
        }
        feeds.referral = try await stack.client(.referral, as: identity, person: person) { client in
            let referral = ReferralServiceClient(wrapping: client)
            return try await readAll(
                pageSize: pageSize,
                { after, size in
                    let page = try await referral.listReferralFeed(
                        .with {
                            $0.afterSequence = after
                            $0.pageSize = size
                        }
                    )
                    return (page.events, page.nextAfterSequence)
                },
                sequence: \.sequence
            )
        }
        return feeds
    }

    /// Every service's whole outbox, read as the gateway's `system` identity.
    static func outboxes(_ stack: TestStack) async throws -> Feeds {
        var all = Feeds()
        all.needs = try await stack.client(.needs, as: "gateway-client") { client in
            let needs = NeedsServiceClient(wrapping: client)
            return try await outbox(
                { after in
                    try await needs.listNeedsEvents(
                        .with {
                            $0.afterSequence = after
                            $0.pageSize = 500
                        }
                    ).events
                },
                sequence: \.sequence
            )
        }
        all.partnerships = try await stack.client(.partnerships, as: "gateway-client") { client in
            let partnerships = PartnershipServiceClient(wrapping: client)
            return try await outbox(
                { after in
                    try await partnerships.listPartnershipEvents(
                        .with {
                            $0.afterSequence = after
                            $0.pageSize = 500
                        }
                    ).events
                },
                sequence: \.sequence
            )
        }
        all.allocation = try await stack.client(.allocation, as: "gateway-client") { client in
            let allocation = AllocationServiceClient(wrapping: client)
            return try await outbox(
                { after in
                    try await allocation.listAllocationEvents(
                        .with {
                            $0.afterSequence = after
                            $0.pageSize = 500
                        }
                    ).events
                },
                sequence: \.sequence
            )
        }
        all.referral = try await stack.client(.referral, as: "gateway-client") { client in
            let referral = ReferralServiceClient(wrapping: client)
            return try await outbox(
                { after in
                    try await referral.listReferralMilestones(
                        .with {
                            $0.afterSequence = after
                            $0.pageSize = 500
                        }
                    ).events
                },
                sequence: \.sequence
            )
        }
        return all
    }

    /// The sequences of the events of `all` that name `id` in one of the fields that say whom an event is about.
    /// Round events (no report) go to every owner of the embete: `ownerInEmbete` says whether `id` is one in Agder.
    static func expected(
        _ all: Feeds,
        owner id: String,
        ownerInEmbete: Bool = true
    ) -> (needs: [Int64], partnerships: [Int64], allocation: [Int64]) {
        (
            all.needs.filter {
                $0.leadOwnerId == id || $0.coApplicantOwnerIds.contains(id)
                    || (ownerInEmbete && $0.needsReportId.isEmpty && $0.type.hasPrefix("NeedsRound")
                        && $0.governorOfficeId == agder)
            }.map(\.sequence),
            all.partnerships.filter { $0.ownerIds.contains(id) || $0.uhInstitutionIds.contains(id) }.map(\.sequence),
            all.allocation.filter {
                $0.recipientOrgId == id || $0.uhRecipientOrgId == id
                    || $0.decisions.contains { $0.recipientOrgId == id }
            }.map(\.sequence)
        )
    }

    @Test(
        "after the demo year, each organisation's system reads exactly the events about its own entities on all four feeds; another kommune's are not there"
    )
    func feedsHoldExactlyOwnEvents() async throws {
        try await TestStack.with { stack in
            _ = try await stack.loadDemoYear()
            let all = try await Self.outboxes(stack)

            for (identity, id) in [
                ("kommune-kristiansand", Self.kristiansand), ("kommune-arendal", Self.arendal), ("uh-uia", Self.uia),
            ] {
                let feeds = try await Self.feeds(stack, as: identity)
                let want = Self.expected(all, owner: id, ownerInEmbete: id != Self.uia)
                #expect(feeds.needs.map(\.sequence) == want.needs, "\(identity) needs feed")
                #expect(feeds.partnerships.map(\.sequence) == want.partnerships, "\(identity) partnership feed")
                #expect(feeds.allocation.map(\.sequence) == want.allocation, "\(identity) allocation feed")
                #expect(feeds.referral.isEmpty, "\(identity) refers no child")
            }
            // The demo year gives Kristiansand reports, grants and partnerships, so the comparison above is not of empty lists.
            let kristiansand = Self.expected(all, owner: Self.kristiansand)
            #expect(
                !kristiansand.needs.isEmpty && !kristiansand.allocation.isEmpty && !kristiansand.partnerships.isEmpty
            )
            // Arendal's feed holds none of the events about Kristiansand alone, and the other way round.
            let arendal = Self.expected(all, owner: Self.arendal)
            #expect(!arendal.needs.isEmpty)
            #expect(
                Set(kristiansand.needs).isDisjoint(
                    with: all.needs.filter {
                        $0.leadOwnerId == Self.arendal && !$0.coApplicantOwnerIds.contains(Self.kristiansand)
                    }.map(\.sequence)
                )
            )

            // The statsforvalter hears of everything in its embete.
            let governor = try await Self.feeds(stack, as: "statsforvalter-agder")
            #expect(
                governor.needs.map(\.sequence) == all.needs.filter { $0.governorOfficeId == Self.agder }.map(\.sequence)
            )
            #expect(
                governor.allocation.map(\.sequence)
                    == all.allocation.filter { $0.governorOfficeId == Self.agder }.map(\.sequence)
            )
            #expect(
                governor.partnerships.map(\.sequence)
                    == all.partnerships.filter { $0.governorOfficeId == Self.agder }.map(\.sequence)
            )

            // PPT sees the milestones of its own referrals only, each naming it; Statped sees every milestone.
            let ppt = try await Self.feeds(stack, as: "ppt-kristiansand")
            let pptExpected = all.referral.filter { $0.referringPptOfficeId == Self.kristiansandPPT }.map(\.sequence)
            #expect(!pptExpected.isEmpty)
            #expect(ppt.referral.map(\.sequence) == pptExpected)
            #expect(
                all.referral.filter { $0.kind == .individual }.allSatisfy { !$0.referringPptOfficeId.isEmpty },
                "every PPT referral's milestone names its PPT office"
            )
            let statped = try await Self.feeds(stack, as: "statped")
            #expect(statped.referral.map(\.sequence) == all.referral.map(\.sequence))
            // No child data: the feed message is the pseudonymous milestone (REF-R16, PRIV-R1).
            let encoded = try ListReferralFeedResponse.with { $0.events = statped.referral }.wireEncoded()
            #expect(
                !String(decoding: encoded, as: UTF8.self).contains("Testbarn"),
                "the demo children are all named Testbarn …"
            )

            // Resuming with the cursor: small pages give the same events, in order, without repeats or gaps.
            let paged = try await Self.feeds(stack, as: "kommune-kristiansand", pageSize: 3)
            #expect(paged.needs.map(\.sequence) == kristiansand.needs)
            #expect(paged.allocation.map(\.sequence) == kristiansand.allocation)
            #expect(paged.partnerships.map(\.sequence) == kristiansand.partnerships)
            #expect(Set(paged.allocation.map(\.sequence)).count == paged.allocation.count)
            // A person of the kommune reads the same feed as its system.
            let person = try await Self.feeds(
                stack,
                as: "kommune-kristiansand",
                person: "demo-eier-\(Self.kristiansand)"
            )
            #expect(person.allocation.map(\.sequence) == kristiansand.allocation)
        }
    }

    @Test(
        "a negative cursor is INVALID_ARGUMENT naming after_sequence (LIM-R7); a cursor past the end is an empty page that stays put; a negative page size is refused"
    )
    func forgedCursors() async throws {
        try await TestStack.with { stack in
            _ = try await stack.loadDemoYear()
            try await stack.client(.allocation, as: "kommune-arendal") { client in
                let allocation = AllocationServiceClient(wrapping: client)
                let negative = await #expect(throws: RPCError.self) {
                    try await allocation.listAllocationFeed(.with { $0.afterSequence = -1 })
                }
                #expect(negative?.code == .invalidArgument)
                #expect(negative.map(RPCStatusDetails.violations(of:))?.map(\.field) == ["after_sequence"])
                #expect(negative.map(RPCStatusDetails.violations(of:))?.map(\.ruleId) == ["LIM-R7"])
                let huge = try await allocation.listAllocationFeed(.with { $0.afterSequence = .max })
                #expect(huge.events.isEmpty)
                #expect(huge.nextAfterSequence == .max)
                let size = await #expect(throws: RPCError.self) {
                    try await allocation.listAllocationFeed(.with { $0.pageSize = -5 })
                }
                #expect(size?.code == .invalidArgument)
                // Any cursor in between only ever moves within Arendal's own events.
                let all = try await allocation.listAllocationFeed(.with { $0.pageSize = 500 })
                for after: Int64 in [1, 7, 50, 1_000] {
                    let page = try await allocation.listAllocationFeed(
                        .with {
                            $0.afterSequence = after
                            $0.pageSize = 500
                        }
                    )
                    #expect(page.events.map(\.sequence) == all.events.map(\.sequence).filter { $0 > after })
                }
            }
        }
    }

    /// An organisation that holds only the `public` role, and an organisation number not in the registry.
    static let publicOrg = OrgNumber.fictitious(7_770_010).value
    static let unregisteredOrg = OrgNumber.fictitious(7_770_020).value
    static let publicOnly = ReferenceDataSet.with {
        $0.organisations = [
            Organisation.with {
                $0.id = "org-public-reader"
                $0.orgNumber = publicOrg
                $0.name = "Allmenn leser (test)"
                $0.roleGrants = [RoleGrant(.public)]
            }
        ]
    }

    @Test(
        "public and an unregistered organisation are refused every feed (PERMISSION_DENIED); the services' own system identity gets an empty feed"
    )
    func publicAndUnregisteredRefused() async throws {
        try await TestStack.with(registryAdditions: Self.publicOnly) { stack in
            for orgNumber in [Self.publicOrg, Self.unregisteredOrg] {
                let metadata: Metadata = {
                    var metadata = Metadata()
                    metadata.addString(orgNumber, forKey: CallerIdentity.principalKey)
                    return metadata
                }()
                let codes = try await stack.client(.needs, as: "gateway-client") { needs in
                    try await stack.client(.partnerships, as: "gateway-client") { partnerships in
                        try await stack.client(.allocation, as: "gateway-client") { allocation in
                            try await stack.client(.referral, as: "gateway-client") { referral in
                                var codes: [RPCError.Code?] = []
                                codes.append(
                                    await #expect(throws: RPCError.self) {
                                        try await NeedsServiceClient(wrapping: needs).listNeedsFeed(
                                            ListNeedsFeedRequest(),
                                            metadata: metadata
                                        )
                                    }?.code
                                )
                                codes.append(
                                    await #expect(throws: RPCError.self) {
                                        try await PartnershipServiceClient(wrapping: partnerships).listPartnershipFeed(
                                            ListPartnershipFeedRequest(),
                                            metadata: metadata
                                        )
                                    }?.code
                                )
                                codes.append(
                                    await #expect(throws: RPCError.self) {
                                        try await AllocationServiceClient(wrapping: allocation).listAllocationFeed(
                                            ListAllocationFeedRequest(),
                                            metadata: metadata
                                        )
                                    }?.code
                                )
                                codes.append(
                                    await #expect(throws: RPCError.self) {
                                        try await ReferralServiceClient(wrapping: referral).listReferralFeed(
                                            ListReferralFeedRequest(),
                                            metadata: metadata
                                        )
                                    }?.code
                                )
                                return codes
                            }
                        }
                    }
                }
                #expect(codes == Array(repeating: .permissionDenied, count: 4), "\(orgNumber)")
            }
            let own = try await stack.client(.allocation, as: "gateway-client") { client in
                try await AllocationServiceClient(wrapping: client).listAllocationFeed(ListAllocationFeedRequest())
            }
            #expect(own.events.isEmpty)
        }
    }
}
