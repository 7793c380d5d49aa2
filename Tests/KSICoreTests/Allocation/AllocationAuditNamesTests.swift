import KSITestSupport
import Testing

@testable import KSICore

/// Issue 16: Allocation's audit rows take their command names from `AllocationServiceRPC` and their state names
/// from the status enums (`NamedEnum.name`) instead of string literals. The stored text is read by auditors
/// and integrators (COM-R4), so it stays byte for byte what the literals wrote; the expected rows below are
/// those literals.
@Suite("Allocation audit command and state names")
struct AllocationAuditNamesTests {
    struct Row: Hashable, CustomStringConvertible {
        var action: String
        var kind: String
        var before: String
        var after: String
        var description: String { "\(action) \(kind) \(before) → \(after)" }
    }

    @Test(
        "a published frame and a recommendation decided into a disbursed grant audit the same command and state text as before"
    )
    func moneyTrail() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try AllocationMoneyFixture(database: database)
            try await fixture.publishedFrame()
            _ = try await fixture.disbursedGrant()
            let records = try await fixture.allocation.listAuditRecords(
                .with { $0.pageSize = 1_000 },
                as: fixture.udir
            ).items
            let rows = Set(
                records.map {
                    Row(action: $0.action, kind: $0.aggregateType, before: $0.beforeState, after: $0.afterState)
                }
            )
            let expected: [Row] = [
                Row(action: "PublishRegionalFrame", kind: "RegionalFrame", before: "draft", after: "published"),
                Row(action: "AdoptRecommendation", kind: "Recommendation", before: "draft", after: "adopted"),
                Row(action: "SubmitToGovernor", kind: "Recommendation", before: "adopted", after: "submitted"),
                Row(action: "StartControl", kind: "Recommendation", before: "submitted", after: "underControl"),
                Row(action: "DecideRecommendation", kind: "Recommendation", before: "underControl", after: "decided"),
                Row(action: "SignGrantDecision", kind: "GrantDecision", before: "prepared", after: "signed"),
                Row(action: "IssueCommitmentLetter", kind: "Grant", before: "decided", after: "committed"),
                Row(action: "AcceptGrant", kind: "Grant", before: "committed", after: "accepted"),
                Row(action: "Disburse", kind: "Grant", before: "accepted", after: "disbursed"),
            ]
            for row in expected {
                #expect(rows.contains(row), "missing audit row \(row)")
            }
            let created = Set(records.filter { $0.beforeState.isEmpty }.map { "\($0.action) \($0.afterState)" })
            #expect(created.isSuperset(of: ["CreateRecommendation draft", "PrepareGrantDecision prepared"]))
        }
    }

    @Test("the typed names are the text the literals wrote")
    func namesAreTheLiterals() {
        #expect(AllocationServiceRPC.issueCommitmentLetter.rawValue == "IssueCommitmentLetter")
        #expect(AllocationServiceRPC.resolveAppealByGovernor.rawValue == "ResolveAppealByGovernor")
        #expect(AllocationServiceRPC.confirmMultiYearCommitment.rawValue == "ConfirmMultiYearCommitment")
        #expect(AppealStatus.underReconsideration.name == "underReconsideration")
        #expect(RecommendationStatus.returnedToForum.name == "returnedToForum")
        #expect(GrantStatus.reclaimOpen.name == "reclaimOpen")
        #expect(ReclaimCaseStatus.open.name == "open")
        #expect(MultiYearCommitmentStatus.indicative.name == "indicative")
        #expect(GrantDecisionStatus.superseded.name == "superseded")
        #expect(RegionalFrameStatus.published.name == "published")
        #expect(AllocationSystemCommand.proposeReclaims.rawValue == "ProposeReclaims")
        #expect(AllocationSystemCommand.remindGrantReport.rawValue == "RemindGrantReport")
        #expect(AllocationSystemCommand.markGrantReportLate.rawValue == "MarkGrantReportLate")
    }
}
