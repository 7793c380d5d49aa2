import KSICore
import Testing

@testable import Gateway

/// The bokmål labels the worklists show for allocation and referral enums (NorwegianLabels+Allocation.swift).
@Suite("Worklists: bokmål labels")
struct AllocationLabelsTests {
    /// Every case but `unspecified` has its own label, never "Ukjent" and never the contract's case name.
    static func distinct<E: ProtoEnum & CaseIterable>(_ type: E.Type, _ label: (E) -> String) -> Bool {
        let cases = E.allCases.filter { $0.name != "unspecified" }
        return Set(cases.map(label)).count == cases.count
            && cases.allSatisfy { !label($0).hasPrefix("Ukjent") && label($0) != $0.name }
    }

    @Test(
        "grant, reclaim, appeal, reclaim trigger, PPT involvement, referral kind and subject area each have a distinct bokmål label"
    )
    func everyCaseHasALabel() {
        #expect(Self.distinct(GrantStatus.self, NorwegianLabels.label))
        #expect(Self.distinct(ReclaimCaseStatus.self, NorwegianLabels.label))
        #expect(Self.distinct(AppealStatus.self, NorwegianLabels.label))
        #expect(Self.distinct(ReclaimTrigger.self, NorwegianLabels.label))
        #expect(Self.distinct(PptInvolvement.self, NorwegianLabels.label))
        #expect(Self.distinct(ReferralKind.self, NorwegianLabels.label))
        #expect(Self.distinct(StatpedSubjectArea.self, NorwegianLabels.label))
        #expect(Self.distinct(PartnershipReportStatus.self, NorwegianLabels.label))
        #expect(NorwegianLabels.label(GrantStatus.reportDue) == "Rapport forfalt")
    }
}
