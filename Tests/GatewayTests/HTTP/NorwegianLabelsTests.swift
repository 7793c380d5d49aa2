import KSICore
import Testing

@testable import Gateway

@Suite("Dashboard status labels in bokmål")
struct NorwegianLabelsTests {
    @Test("every needs-report, outcome and referral status has its own bokmål label, not the contract's case name")
    func everyStatusHasALabel() {
        let reports = NeedsReportStatus.allCases.filter { $0 != .unspecified }
        #expect(Set(reports.map(NorwegianLabels.label)).count == reports.count)
        #expect(reports.allSatisfy { NorwegianLabels.label($0) != "Ukjent" && NorwegianLabels.label($0) != $0.name })
        let referrals = ReferralStatus.allCases.filter { $0 != .unspecified }
        #expect(Set(referrals.map(NorwegianLabels.label)).count == referrals.count)
        #expect(referrals.allSatisfy { NorwegianLabels.label($0) != "Ukjent" && NorwegianLabels.label($0) != $0.name })
        #expect(NorwegianLabels.label(NeedsOutcome.fundedAsRequested) == "Innvilget som omsøkt")
        #expect(NorwegianLabels.label(NeedsOutcome.unspecified) == "Ikke avgjort")
    }
}
