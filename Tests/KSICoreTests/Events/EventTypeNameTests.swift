import KSICore
import Testing

/// The wire names of every outbox event type (issue 16): stored in `events.type`, carried in each payload's
/// `type` and read by integrators on the feeds, so the typed enums must derive exactly these strings. The
/// expected names are written out here from DOMAIN.md §4.0 and docs/operations.md (the scheduler's and the
/// round events), not computed by the code under test.
@Suite("Event type wire names")
struct EventTypeNameTests {
    @Test("AllocationService's event names are unchanged")
    func allocation() {
        #expect(
            AllocationEventType.allCases.map(\.name) == [
                "RegionalFramePublished", "RecommendationLineCreated", "RecommendationAdopted", "RoundDecided",
                "GrantDecided", "AppealDecided", "GrantCommitted", "DisbursementMade", "GrantReportDue",
                "GrantReportReminder", "GrantReportLate", "ReclaimProposed", "ReclaimDecided",
            ]
        )
    }

    @Test("NeedsService's event names are unchanged")
    func needs() {
        #expect(
            NeedsEventType.allCases.map(\.name) == [
                "NeedsReportSubmitted", "NeedsReportWithdrawn", "NeedsReportPrioritised", "NeedsRoundOpened",
                "NeedsRoundClosingSoon", "NeedsRoundClosed",
            ]
        )
    }

    @Test("PartnershipService's event names are unchanged")
    func partnerships() {
        #expect(
            PartnershipEventType.allCases.map(\.name) == [
                "PartnershipActivated", "MeasureStatusChanged", "MeasureAborted", "PartnershipReportSubmitted",
                "PartnershipReportAccepted", "PartnershipTerminated", "ThirdPartyContributionRequested",
                "PartnershipExpired",
            ]
        )
    }

    @Test("ReferralService's event name is unchanged")
    func referral() {
        #expect(ReferralEventType.allCases.map(\.name) == ["ReferralMilestoneReached"])
        #expect(ReferralContext.milestoneEventType == "ReferralMilestoneReached")
    }

    @Test("a wire name reads back as its type; another producer's or a misspelt name does not")
    func parsing() {
        #expect(AllocationEventType(name: "GrantCommitted") == .grantCommitted)
        #expect(PartnershipEventType(name: "MeasureAborted") == .measureAborted)
        #expect(AllocationEventType(name: "grantCommitted") == nil)
        #expect(AllocationEventType(name: "MeasureAborted") == nil)
        #expect(NeedsEventType(name: "") == nil)
        #expect(AllocationEvent.with { $0.type = "RoundDecided" }.eventType == .roundDecided)
        #expect(AllocationEvent.with { $0.type = "SomethingNew" }.eventType == nil)
    }

    @Test("only the round events are round events (their audience is the embete's owners)")
    func roundEvents() {
        #expect(
            NeedsEventType.allCases.filter(\.isRoundEvent).map(\.name) == [
                "NeedsRoundOpened", "NeedsRoundClosingSoon", "NeedsRoundClosed",
            ]
        )
    }
}

/// The cursor names in `relay_cursors` and the relay names of dead letters (issue 16): stored in the services'
/// databases and typed by operators (`ksi dead-letters --relay`), so they never change.
@Suite("Relay names")
struct RelayNameTests {
    @Test("every relay and cursor name is unchanged")
    func names() {
        #expect(
            RelayName.allCases.map(\.rawValue) == [
                "allocation-to-needs", "allocation-to-partnerships", "partnerships-to-allocation", "notifications",
            ]
        )
        #expect(
            RelayName.eventRelays.map(\.rawValue).sorted() == [
                "allocation-to-needs", "allocation-to-partnerships", "partnerships-to-allocation",
            ]
        )
        #expect(Notifier.cursorName.rawValue == "notifications")
    }
}
