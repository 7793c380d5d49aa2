import Foundation
import KSICore
import KSITestSupport
import Testing

/// Issue 13: notification records derived from each service's outbox — who, what, about which entity,
/// once per (event, recipient), addressed from the registry in force.
@Suite struct NotificationRecordsTests {
    typealias R = TestRegion
    static let day = LocalDate(year: 2026, month: 3, day: 2)

    static func address(_ recordId: String) -> String { "post@\(recordId).example" }

    /// Appends hand-built events (some are emitted by the scheduler part) and runs the notifier.
    static func notify<E: FeedEvent>(
        _ database: KSIDatabase,
        context: String,
        _ events: [(type: String, payload: E)],
        reference: ReferenceData? = nil
    ) async throws -> [NotificationRecord] {
        let time = FixedTimeSource(date: day)
        let registry = ReferenceRegistry(try reference ?? R.reference())
        try await database.transaction { sql in
            let store = StoreTransaction(sql: sql, context: context, registry: registry)
            for event in events {
                try await store.appendEvent(
                    type: event.type,
                    aggregateId: "aggregate-\(event.type)",
                    at: time.nowMillis(),
                    payload: event.payload
                )
            }
        }
        let notifier = Notifier(context: context, database: database, registry: registry, time: time)
        try await notifier.catchUp()
        return try await database.read { sql in try await StoreTransaction(sql: sql, context: context).notifications() }
    }

    @Test(
        "AllocationEvents reach the recipient (outcome, tilsagn, report reminder/due/late) and the statsforvalter (reclaim)",
        arguments: TestDatabase.Engine.allCases
    )
    func allocationEvents(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let grantTypes = [
                "GrantDecided", "GrantCommitted", "GrantReportReminder", "GrantReportDue", "GrantReportLate",
            ]
            let events = (grantTypes + ["ReclaimProposed", "DisbursementRecorded"]).map { type in
                (
                    type: type,
                    payload: AllocationEvent.with {
                        $0.type = type
                        $0.governorOfficeId = R.governorOfficeId
                        $0.scheme = .ksi
                        $0.year = 2026
                        $0.grantId = "grant-1"
                        $0.recipientOrgId = R.kristiansandKommune
                        $0.amountOre = 125_000_000
                        $0.reclaimCaseId = "reclaim-1"
                        $0.decisions = [
                            DecisionSummary.with {
                                $0.outcome = .approved
                                $0.recipientOrgId = R.kristiansandKommune
                            }
                        ]
                    }
                )
            }
            let records = try await Self.notify(database, context: "allocation", events)
            #expect(records.map(\.eventType) == grantTypes + ["ReclaimProposed"])  // DisbursementRecorded tells no one
            for record in records.prefix(grantTypes.count) {
                #expect(record.recipientOrgId == R.kristiansandKommune)
                #expect(record.email == Self.address(R.kristiansandKommune))
                #expect(record.recipientOrgNumber == R.orgNumber(.kristiansandOwnerAdmin))
                #expect(record.status == .pending)
                #expect(record.body.contains("Kristiansand kommune"))
            }
            let committed = try #require(records.first { $0.eventType == "GrantCommitted" })
            #expect(committed.subject == "Tilsagn om tilskudd 2026: 1 250 000 kr")
            #expect((committed.entityType, committed.entityId) == ("grant", "grant-1"))
            #expect(
                records.first { $0.eventType == "GrantDecided" }?.body.contains("innvilget med 1 250 000 kr") == true
            )
            let reclaim = try #require(records.last)
            #expect(reclaim.recipientOrgId == R.governorOfficeId)
            #expect(reclaim.email == Self.address(R.governorOfficeId))
            #expect((reclaim.entityType, reclaim.entityId) == ("reclaimCase", "reclaim-1"))
            #expect(Set(records.map(\.eventSequence)).count == records.count)
        }
    }

    @Test(
        "Needs round notices go to the embete's owners of units the scheme covers; no address is recorded as such",
        arguments: TestDatabase.Engine.allCases
    )
    func needsRoundEvents(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            func round(_ type: String, _ scheme: Scheme) -> (type: String, payload: NeedsEvent) {
                (
                    type,
                    NeedsEvent.with {
                        $0.type = type
                        $0.roundId = "round-\(scheme.name)"
                        $0.governorOfficeId = R.governorOfficeId
                        $0.scheme = scheme
                        $0.year = 2026
                    }
                )
            }
            let records = try await Self.notify(
                database,
                context: "needs",
                [
                    round("NeedsRoundOpened", .ksi), round("NeedsRoundClosingSoon", .rekom),
                    round("NeedsRoundClosed", .dekom),
                    round("NeedsReportSubmitted", .ksi),
                ]
            )
            func recipients(_ kind: String) -> [String] {
                records.filter { $0.kind == kind }.map(\.recipientOrgId).sorted()
            }
            // The test region: Kristiansand (school, kindergarten), Arendal (school), the private kindergarten owner, the fylkeskommune (vgs).
            #expect(
                recipients("needsRoundOpened")
                    == [R.agderFylkeskommune, R.arendalKommune, R.kristiansandKommune, R.privateKindergartenOwner]
                    .sorted()
            )
            #expect(
                recipients("needsRoundClosingSoon") == [R.kristiansandKommune, R.privateKindergartenOwner].sorted()
            )
            #expect(
                recipients("needsRoundClosed")
                    == [R.agderFylkeskommune, R.arendalKommune, R.kristiansandKommune].sorted()
            )
            #expect(records.count == 9)
            let unaddressed = records.filter { $0.recipientOrgId == R.privateKindergartenOwner }
            #expect(
                unaddressed.allSatisfy {
                    $0.status == .noAddress && $0.email.isEmpty && $0.lastError?.contains("notification_email") == true
                }
            )
            #expect(
                records.filter { $0.recipientOrgId != R.privateKindergartenOwner }.allSatisfy {
                    $0.status == .pending && $0.email == Self.address($0.recipientOrgId)
                }
            )
            #expect(records.allSatisfy { $0.entityType == "needsRound" && $0.entityId.hasPrefix("round-") })
        }
    }

    @Test("PartnershipExpired reaches every owner and UH institution of the partnership")
    func partnershipExpired() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let records = try await Self.notify(
                database,
                context: "partnerships",
                [
                    (
                        type: "PartnershipExpired",
                        payload: PartnershipEvent.with {
                            $0.type = "PartnershipExpired"
                            $0.partnershipId = "partnership-1"
                            $0.scheme = .ksi
                            $0.ownerIds = [R.kristiansandKommune]
                            $0.uhInstitutionIds = [R.uia]
                        }
                    ),
                    (
                        type: "PartnershipActivated",
                        payload: PartnershipEvent.with {
                            $0.type = "PartnershipActivated"
                            $0.ownerIds = [R.kristiansandKommune]
                        }
                    ),
                ]
            )
            #expect(records.map(\.recipientOrgId).sorted() == [R.kristiansandKommune, R.uia].sorted())
            #expect(
                records.allSatisfy {
                    $0.kind == "partnershipExpired" && $0.entityId == "partnership-1"
                        && $0.email == Self.address($0.recipientOrgId)
                }
            )
        }
    }

    @Test("REF-R10 deadline milestones reach Statped and the referring PPT with the case reference only")
    func referralMilestones() async throws {
        try await TestDatabase.with(.sqlite) { database in
            func milestone(_ value: ReferralMilestone) -> (type: String, payload: ReferralMilestoneReached) {
                (
                    ReferralContext.milestoneEventType,
                    ReferralMilestoneReached.with {
                        $0.type = ReferralContext.milestoneEventType
                        $0.referralId = "case-\(value.rawValue)"
                        $0.milestone = value
                        $0.divisionId = "statped-division-compulsory"
                        $0.referringPptOfficeId = R.pptKristiansand
                        $0.region = R.governorOfficeId
                    }
                )
            }
            let records = try await Self.notify(
                database,
                context: ReferralContext.contextName,
                [
                    milestone(.startupDeadlineNear), milestone(.startupDeadlineBreached), milestone(.assigned),
                ]
            )
            #expect(
                records.map(\.kind) == [
                    "referralStartupDeadlineNear", "referralStartupDeadlineNear", "referralStartupDeadlineBreached",
                    "referralStartupDeadlineBreached",
                ]
            )
            for kind in ["referralStartupDeadlineNear", "referralStartupDeadlineBreached"] {
                #expect(
                    records.filter { $0.kind == kind }.map(\.recipientOrgId).sorted()
                        == [R.pptKristiansand, "statped"].sorted()
                )
            }
            #expect(records.allSatisfy { $0.email == Self.address($0.recipientOrgId) && $0.entityType == "referral" })
            #expect(records.allSatisfy { $0.subject.contains($0.entityId) && $0.body.contains($0.entityId) })
        }
    }

    @Test("COM-INPUT a registry address that could add a header or recipient is not used; the record says why")
    func hostileAddresses() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let addresses = [
                "owner-crlf": "post@crlf.example\r\nBcc: everyone@evil.example", "owner-two": "a@x.example,b@y.example",
                "owner-angle": "<post@angle.example>", "owner-space": "post @space.example",
                "owner-nodomain": "post@localhost",
                "owner-ok": "post@ok.example",
            ]
            var set = ReferenceDataSet()
            set.organisations = addresses.sorted { $0.key < $1.key }.map { id, email in
                Organisation.with {
                    $0.id = "org-\(id)"
                    $0.recordId = id
                    $0.name = id
                    $0.notificationEmail = email
                }
            }
            let events = addresses.keys.sorted().map { id in
                (
                    type: "GrantReportDue",
                    payload: AllocationEvent.with {
                        $0.type = "GrantReportDue"
                        $0.recipientOrgId = id
                        $0.year = 2026
                    }
                )
            }
            let records = try await Self.notify(database, context: "allocation", events, reference: ReferenceData(set))
            #expect(records.count == addresses.count)
            for record in records {
                if record.recipientOrgId == "owner-ok" {
                    #expect(record.status == .pending && record.email == "post@ok.example")
                } else {
                    #expect(
                        record.status == .noAddress && record.email.isEmpty
                            && record.lastError?.contains("not a valid address") == true
                    )
                }
            }
        }
    }

    @Test("Replaying the outbox creates no duplicate record", arguments: TestDatabase.Engine.allCases)
    func replay(engine: TestDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let event = AllocationEvent.with {
                $0.type = "GrantReportLate"
                $0.recipientOrgId = R.arendalKommune
                $0.grantId = "g"
                $0.year = 2026
            }
            let first = try await Self.notify(
                database,
                context: "allocation",
                [(type: "GrantReportLate", payload: event)]
            )
            #expect(first.count == 1)
            try await database.transaction { sql in
                try await StoreTransaction(sql: sql, context: "allocation").saveRelayCursor(
                    Notifier.cursorName,
                    sequence: 0,
                    at: 0
                )
            }
            let notifier = Notifier(
                context: "allocation",
                database: database,
                registry: ReferenceRegistry(try R.reference()),
                time: FixedTimeSource(date: Self.day)
            )
            #expect(try await notifier.catchUp() == 1)  // the event was read again …
            let again = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: "allocation").notifications()
            }
            #expect(again == first)  // … and made no second record
        }
    }

    @Test(
        "PRIV-R9 withdrawing a consent emits the milestone that notifies the adviser's Statped organisation and the referring PPT"
    )
    func consentWithdrawalNotifies() async throws {
        try await ReferralHarness.with { h in
            let r = try await h.referral(in: .inService)
            let consent = try #require(r.consents.first { $0.scope == .informationSharing })
            _ = try await h.referrals.service.withdrawConsent(
                WithdrawConsentRequest.with {
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                    $0.consentId = consent.id
                },
                as: ReferralHarness.ppt
            )
            let notifier = Notifier(
                context: ReferralContext.contextName,
                database: h.database,
                registry: ReferenceRegistry(h.reference),
                time: h.time
            )
            try await notifier.catchUp()
            let records = try await h.database.read { sql in
                try await StoreTransaction(sql: sql, context: ReferralContext.contextName).notifications()
            }.filter { $0.kind == "referralConsentWithdrawn" }
            #expect(records.map(\.recipientOrgId).sorted() == [R.pptKristiansand, "statped"].sorted())
            #expect(records.allSatisfy { $0.entityId == r.id && $0.status == .pending })
            // No child data: neither the name nor the national id of the child appears.
            #expect(
                records.allSatisfy {
                    !$0.body.contains(ReferralFixtures.childNationalId) && !$0.body.contains(ReferralFixtures.childName)
                }
            )
        }
    }
}
