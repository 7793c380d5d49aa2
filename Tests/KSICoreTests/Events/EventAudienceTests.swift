import KSICore
import KSIDemoData
import Testing

/// The audience of each event message type (issue 13 feeds): the organisation numbers whose feed shows the
/// event, read from the event's own fields through the org registry. Expected numbers come from the demo
/// region's certificate identities (`DemoRegion.identities`), not from the registry lookups under test.
@Suite("Event audience per message type")
struct EventAudienceTests {
    static let reference = ((try? ReferenceData.bundled()) ?? ReferenceData(ReferenceDataSet())).merging(
        DemoRegion.referenceDataSet()
    )
    static func org(_ name: String) -> String { DemoRegion.identities.first { $0.name == name }!.orgNumber }
    static let kristiansand = org("kommune-kristiansand"), arendal = org("kommune-arendal"), uia = org("uh-uia")
    static let governor = org("statsforvalter-agder"), statped = org("statped"), ppt = org("ppt-kristiansand")

    @Test("a needs report's event goes to its lead owner, its co-applicants and the statsforvalter")
    func needsReport() {
        let event = NeedsEvent.with {
            $0.type = "NeedsReportSubmitted"
            $0.needsReportId = "r1"
            $0.governorOfficeId = "agder"
            $0.leadOwnerId = "owner-4204"
            $0.coApplicantOwnerIds = ["owner-4203"]
        }
        #expect(event.audience(in: Self.reference) == [Self.kristiansand, Self.arendal, Self.governor])
        var alone = event
        alone.coApplicantOwnerIds = []
        #expect(alone.audience(in: Self.reference) == [Self.kristiansand, Self.governor])
    }

    @Test("a round event (NEED-R1: who may report) goes to every owner of the embete and the statsforvalter")
    func needsRound() {
        let event = NeedsEvent.with {
            $0.type = "NeedsRoundClosingSoon"
            $0.roundId = "round-1"
            $0.governorOfficeId = "agder"
        }
        let audience = event.audience(in: Self.reference)
        #expect(
            audience.isSuperset(of: [Self.kristiansand, Self.arendal, Self.governor, Self.org("fylkeskommune-agder")])
        )
        #expect(!audience.contains(Self.uia) && !audience.contains(Self.statped))
    }

    @Test(
        "an allocation event goes to its recipient, the line's UH recipient, the decisions' recipients and the statsforvalter"
    )
    func allocation() {
        let grant = AllocationEvent.with {
            $0.type = "GrantReportReminder"
            $0.grantId = "g1"
            $0.recipientOrgId = "owner-4204"
            $0.governorOfficeId = "agder"
        }
        #expect(grant.audience(in: Self.reference) == [Self.kristiansand, Self.governor])
        let line = AllocationEvent.with {
            $0.type = "GrantDecided"
            $0.recipientOrgId = "owner-4204"
            $0.uhRecipientOrgId = "uia"
            $0.governorOfficeId = "agder"
        }
        #expect(line.audience(in: Self.reference) == [Self.kristiansand, Self.uia, Self.governor])
        let round = AllocationEvent.with {
            $0.type = "RoundDecided"
            $0.governorOfficeId = "agder"
            $0.decisions = [DecisionSummary.with { $0.recipientOrgId = "owner-4203" }]
        }
        #expect(round.audience(in: Self.reference) == [Self.arendal, Self.governor])
    }

    @Test("a partnership event goes to its owners, its UH institutions and the statsforvalter")
    func partnership() {
        let event = PartnershipEvent.with {
            $0.type = "PartnershipExpired"
            $0.governorOfficeId = "agder"
            $0.ownerIds = ["owner-4204", "owner-4203"]
            $0.uhInstitutionIds = ["uia"]
        }
        #expect(event.audience(in: Self.reference) == [Self.kristiansand, Self.arendal, Self.uia, Self.governor])
    }

    @Test(
        "a referral milestone goes to the referring PPT office and Statped, never to the kommune or the statsforvalter (REF-R16)"
    )
    func referral() {
        let event = ReferralMilestoneReached.with {
            $0.type = "ReferralMilestoneReached"
            $0.milestone = .startupDeadlineNear
            $0.region = "agder"
            $0.referringPptOfficeId = DemoRegion.pptOfficeId("4204")
            $0.municipalityId = "4204"
            $0.divisionId = "statped-division-compulsory"
        }
        #expect(event.audience(in: Self.reference) == [Self.ppt, Self.statped])
    }

    @Test("an id the registry does not know reaches nobody")
    func unknown() {
        #expect(
            PartnershipEvent.with {
                $0.ownerIds = ["owner-nowhere"]
                $0.governorOfficeId = "nowhere"
            }.audience(in: Self.reference).isEmpty
        )
    }
}
