import Foundation
import Gateway
import KSICore
import KSITestSupport
import Synchronization
import Testing

/// The real in-process AllocationService API, counting `GetPolicyConfig` calls in flight (every other
/// method forwards unchanged; the forwarding list follows `AllocationServiceAPI`).
struct CountingPolicyAllocation: AllocationServiceAPI {
    let base: any AllocationServiceAPI
    let inFlight: InternalCallBoundsTests.InFlight

    func upsertReferenceData(_ request: UpsertReferenceDataRequest) async throws -> UpsertReferenceDataResponse {
        try await base.upsertReferenceData(request)
    }
    func exportReferenceData(_ request: ExportReferenceDataRequest) async throws -> ReferenceDataSet {
        try await base.exportReferenceData(request)
    }
    func lookupOrganisation(_ request: LookupOrganisationRequest) async throws -> Organisation {
        try await base.lookupOrganisation(request)
    }
    func getPolicyConfig(_ request: GetPolicyConfigRequest) async throws -> PolicyConfig {
        inFlight.enter()
        defer { inFlight.leave() }
        // Long enough that calls overlap: without a cap all of them would be in flight at once.
        try await Task.sleep(for: .milliseconds(5))
        return try await base.getPolicyConfig(request)
    }
    func setPolicyConfig(_ request: SetPolicyConfigRequest) async throws -> PolicyConfig {
        try await base.setPolicyConfig(request)
    }
    func setNationalBudget(_ request: SetNationalBudgetRequest) async throws -> NationalBudget {
        try await base.setNationalBudget(request)
    }
    func getNationalBudget(_ request: GetNationalBudgetRequest) async throws -> NationalBudget {
        try await base.getNationalBudget(request)
    }
    func listNationalBudgets(_ request: ListNationalBudgetsRequest) async throws -> ListNationalBudgetsResponse {
        try await base.listNationalBudgets(request)
    }
    func setRegionalFrame(_ request: SetRegionalFrameRequest) async throws -> RegionalFrame {
        try await base.setRegionalFrame(request)
    }
    func publishRegionalFrame(_ request: PublishRegionalFrameRequest) async throws -> RegionalFrame {
        try await base.publishRegionalFrame(request)
    }
    func getRegionalFrame(_ request: GetRegionalFrameRequest) async throws -> RegionalFrame {
        try await base.getRegionalFrame(request)
    }
    func listRegionalFrames(_ request: ListRegionalFramesRequest) async throws -> ListRegionalFramesResponse {
        try await base.listRegionalFrames(request)
    }
    func computeSubFrames(_ request: ComputeSubFramesRequest) async throws -> ComputeSubFramesResponse {
        try await base.computeSubFrames(request)
    }
    func listSubFrames(_ request: ListSubFramesRequest) async throws -> ListSubFramesResponse {
        try await base.listSubFrames(request)
    }
    func createCollaborationForum(_ request: CreateCollaborationForumRequest) async throws -> CollaborationForum {
        try await base.createCollaborationForum(request)
    }
    func updateCollaborationForum(_ request: UpdateCollaborationForumRequest) async throws -> CollaborationForum {
        try await base.updateCollaborationForum(request)
    }
    func getCollaborationForum(_ request: GetCollaborationForumRequest) async throws -> CollaborationForum {
        try await base.getCollaborationForum(request)
    }
    func listCollaborationForums(
        _ request: ListCollaborationForumsRequest
    ) async throws -> ListCollaborationForumsResponse { try await base.listCollaborationForums(request) }
    func createCommittee(_ request: CreateCommitteeRequest) async throws -> Committee {
        try await base.createCommittee(request)
    }
    func updateCommittee(_ request: UpdateCommitteeRequest) async throws -> Committee {
        try await base.updateCommittee(request)
    }
    func getCommittee(_ request: GetCommitteeRequest) async throws -> Committee { try await base.getCommittee(request) }
    func listCommittees(_ request: ListCommitteesRequest) async throws -> ListCommitteesResponse {
        try await base.listCommittees(request)
    }
    func createCompetenceNetwork(_ request: CreateCompetenceNetworkRequest) async throws -> CompetenceNetwork {
        try await base.createCompetenceNetwork(request)
    }
    func updateCompetenceNetwork(_ request: UpdateCompetenceNetworkRequest) async throws -> CompetenceNetwork {
        try await base.updateCompetenceNetwork(request)
    }
    func getCompetenceNetwork(_ request: GetCompetenceNetworkRequest) async throws -> CompetenceNetwork {
        try await base.getCompetenceNetwork(request)
    }
    func listCompetenceNetworks(_ request: ListCompetenceNetworksRequest) async throws -> ListCompetenceNetworksResponse
    { try await base.listCompetenceNetworks(request) }
    func createLongTermPlan(_ request: CreateLongTermPlanRequest) async throws -> LongTermPlan {
        try await base.createLongTermPlan(request)
    }
    func updateLongTermPlan(_ request: UpdateLongTermPlanRequest) async throws -> LongTermPlan {
        try await base.updateLongTermPlan(request)
    }
    func getLongTermPlan(_ request: GetLongTermPlanRequest) async throws -> LongTermPlan {
        try await base.getLongTermPlan(request)
    }
    func listLongTermPlans(_ request: ListLongTermPlansRequest) async throws -> ListLongTermPlansResponse {
        try await base.listLongTermPlans(request)
    }
    func createRecommendation(_ request: CreateRecommendationRequest) async throws -> Recommendation {
        try await base.createRecommendation(request)
    }
    func addRecommendationLine(_ request: AddRecommendationLineRequest) async throws -> Recommendation {
        try await base.addRecommendationLine(request)
    }
    func updateRecommendationLine(_ request: UpdateRecommendationLineRequest) async throws -> Recommendation {
        try await base.updateRecommendationLine(request)
    }
    func removeRecommendationLine(_ request: RemoveRecommendationLineRequest) async throws -> Recommendation {
        try await base.removeRecommendationLine(request)
    }
    func adoptRecommendation(_ request: AdoptRecommendationRequest) async throws -> Recommendation {
        try await base.adoptRecommendation(request)
    }
    func submitGovernorRecommendation(_ request: SubmitGovernorRecommendationRequest) async throws -> Recommendation {
        try await base.submitGovernorRecommendation(request)
    }
    func submitToGovernor(_ request: SubmitToGovernorRequest) async throws -> Recommendation {
        try await base.submitToGovernor(request)
    }
    func startControl(_ request: StartControlRequest) async throws -> Recommendation {
        try await base.startControl(request)
    }
    func returnRecommendation(_ request: ReturnRecommendationRequest) async throws -> Recommendation {
        try await base.returnRecommendation(request)
    }
    func reviseRecommendation(_ request: ReviseRecommendationRequest) async throws -> Recommendation {
        try await base.reviseRecommendation(request)
    }
    func prepareGrantDecision(_ request: PrepareGrantDecisionRequest) async throws -> GrantDecision {
        try await base.prepareGrantDecision(request)
    }
    func signGrantDecision(_ request: SignGrantDecisionRequest) async throws -> GrantDecision {
        try await base.signGrantDecision(request)
    }
    func decideRecommendation(_ request: DecideRecommendationRequest) async throws -> Recommendation {
        try await base.decideRecommendation(request)
    }
    func getRecommendation(_ request: GetRecommendationRequest) async throws -> Recommendation {
        try await base.getRecommendation(request)
    }
    func listRecommendations(_ request: ListRecommendationsRequest) async throws -> ListRecommendationsResponse {
        try await base.listRecommendations(request)
    }
    func getGrantDecision(_ request: GetGrantDecisionRequest) async throws -> GrantDecision {
        try await base.getGrantDecision(request)
    }
    func listGrantDecisions(_ request: ListGrantDecisionsRequest) async throws -> ListGrantDecisionsResponse {
        try await base.listGrantDecisions(request)
    }
    func issueCommitmentLetter(_ request: IssueCommitmentLetterRequest) async throws -> Grant {
        try await base.issueCommitmentLetter(request)
    }
    func acceptGrant(_ request: AcceptGrantRequest) async throws -> Grant { try await base.acceptGrant(request) }
    func disburse(_ request: DisburseRequest) async throws -> DisburseResponse { try await base.disburse(request) }
    func markGrantReportDue(_ request: MarkGrantReportDueRequest) async throws -> Grant {
        try await base.markGrantReportDue(request)
    }
    func applyPartnershipReportSubmitted(_ request: ApplyPartnershipReportSubmittedRequest) async throws -> Grant {
        try await base.applyPartnershipReportSubmitted(request)
    }
    func applyPartnershipReportAccepted(_ request: ApplyPartnershipReportAcceptedRequest) async throws -> Grant {
        try await base.applyPartnershipReportAccepted(request)
    }
    func closeGrant(_ request: CloseGrantRequest) async throws -> Grant { try await base.closeGrant(request) }
    func cancelGrant(_ request: CancelGrantRequest) async throws -> Grant { try await base.cancelGrant(request) }
    func getGrant(_ request: GetGrantRequest) async throws -> Grant { try await base.getGrant(request) }
    func listGrants(_ request: ListGrantsRequest) async throws -> ListGrantsResponse {
        try await base.listGrants(request)
    }
    func getDisbursement(_ request: GetDisbursementRequest) async throws -> Disbursement {
        try await base.getDisbursement(request)
    }
    func listDisbursements(_ request: ListDisbursementsRequest) async throws -> ListDisbursementsResponse {
        try await base.listDisbursements(request)
    }
    func recordCoFinancingPledge(_ request: RecordCoFinancingPledgeRequest) async throws -> CoFinancingPledge {
        try await base.recordCoFinancingPledge(request)
    }
    func recordCoFinancingDocumented(_ request: RecordCoFinancingDocumentedRequest) async throws -> CoFinancingPledge {
        try await base.recordCoFinancingDocumented(request)
    }
    func getCoFinancingPledge(_ request: GetCoFinancingPledgeRequest) async throws -> CoFinancingPledge {
        try await base.getCoFinancingPledge(request)
    }
    func listCoFinancingPledges(_ request: ListCoFinancingPledgesRequest) async throws -> ListCoFinancingPledgesResponse
    { try await base.listCoFinancingPledges(request) }
    func openReclaim(_ request: OpenReclaimRequest) async throws -> ReclaimCase { try await base.openReclaim(request) }
    func recordReclaimComment(_ request: RecordReclaimCommentRequest) async throws -> ReclaimCase {
        try await base.recordReclaimComment(request)
    }
    func decideReclaim(_ request: DecideReclaimRequest) async throws -> ReclaimCase {
        try await base.decideReclaim(request)
    }
    func settleReclaim(_ request: SettleReclaimRequest) async throws -> ReclaimCase {
        try await base.settleReclaim(request)
    }
    func getReclaimCase(_ request: GetReclaimCaseRequest) async throws -> ReclaimCase {
        try await base.getReclaimCase(request)
    }
    func listReclaimCases(_ request: ListReclaimCasesRequest) async throws -> ListReclaimCasesResponse {
        try await base.listReclaimCases(request)
    }
    func lodgeAppeal(_ request: LodgeAppealRequest) async throws -> Appeal { try await base.lodgeAppeal(request) }
    func startReconsideration(_ request: StartReconsiderationRequest) async throws -> Appeal {
        try await base.startReconsideration(request)
    }
    func resolveAppealByGovernor(_ request: ResolveAppealByGovernorRequest) async throws -> Appeal {
        try await base.resolveAppealByGovernor(request)
    }
    func forwardAppeal(_ request: ForwardAppealRequest) async throws -> Appeal { try await base.forwardAppeal(request) }
    func decideAppeal(_ request: DecideAppealRequest) async throws -> Appeal { try await base.decideAppeal(request) }
    func closeAppeal(_ request: CloseAppealRequest) async throws -> Appeal { try await base.closeAppeal(request) }
    func getAppeal(_ request: GetAppealRequest) async throws -> Appeal { try await base.getAppeal(request) }
    func listAppeals(_ request: ListAppealsRequest) async throws -> ListAppealsResponse {
        try await base.listAppeals(request)
    }
    func confirmMultiYearCommitment(_ request: ConfirmMultiYearCommitmentRequest) async throws -> MultiYearCommitment {
        try await base.confirmMultiYearCommitment(request)
    }
    func reduceMultiYearCommitment(_ request: ReduceMultiYearCommitmentRequest) async throws -> MultiYearCommitment {
        try await base.reduceMultiYearCommitment(request)
    }
    func cancelMultiYearCommitment(_ request: CancelMultiYearCommitmentRequest) async throws -> MultiYearCommitment {
        try await base.cancelMultiYearCommitment(request)
    }
    func getMultiYearCommitment(_ request: GetMultiYearCommitmentRequest) async throws -> MultiYearCommitment {
        try await base.getMultiYearCommitment(request)
    }
    func listMultiYearCommitments(
        _ request: ListMultiYearCommitmentsRequest
    ) async throws -> ListMultiYearCommitmentsResponse { try await base.listMultiYearCommitments(request) }
    func aggregateAllocation(
        _ request: AggregateAllocationRequest
    ) async throws -> AggregateAllocationResponse { try await base.aggregateAllocation(request) }
    func createGovernorAnnualReport(_ request: CreateGovernorAnnualReportRequest) async throws -> GovernorAnnualReport {
        try await base.createGovernorAnnualReport(request)
    }
    func updateGovernorAnnualReport(_ request: UpdateGovernorAnnualReportRequest) async throws -> GovernorAnnualReport {
        try await base.updateGovernorAnnualReport(request)
    }
    func submitGovernorAnnualReport(_ request: SubmitGovernorAnnualReportRequest) async throws -> GovernorAnnualReport {
        try await base.submitGovernorAnnualReport(request)
    }
    func getGovernorAnnualReport(_ request: GetGovernorAnnualReportRequest) async throws -> GovernorAnnualReport {
        try await base.getGovernorAnnualReport(request)
    }
    func listGovernorAnnualReports(
        _ request: ListGovernorAnnualReportsRequest
    ) async throws -> ListGovernorAnnualReportsResponse { try await base.listGovernorAnnualReports(request) }
    func simulateAllocation(_ request: SimulateAllocationRequest) async throws -> SimulateAllocationResponse {
        try await base.simulateAllocation(request)
    }
    func listAllocationFeed(_ request: ListAllocationFeedRequest) async throws -> ListAllocationFeedResponse {
        try await base.listAllocationFeed(request)
    }
    func listAllocationEvents(_ request: ListAllocationEventsRequest) async throws -> ListAllocationEventsResponse {
        try await base.listAllocationEvents(request)
    }
    func listAuditRecords(_ request: ListAuditRecordsRequest) async throws -> ListAuditRecordsResponse {
        try await base.listAuditRecords(request)
    }
    func listDeadLetters(_ request: ListDeadLettersRequest) async throws -> ListDeadLettersResponse {
        try await base.listDeadLetters(request)
    }
    func retryDeadLetter(_ request: RetryDeadLetterRequest) async throws -> RetryDeadLetterResponse {
        try await base.retryDeadLetter(request)
    }
    func dropDeadLetter(_ request: DropDeadLetterRequest) async throws -> DropDeadLetterResponse {
        try await base.dropDeadLetter(request)
    }
    func getDataVersion(_ request: GetDataVersionRequest) async throws -> DataVersion {
        try await base.getDataVersion(request)
    }
    func getReferenceDataChanges(_ request: GetReferenceDataChangesRequest) async throws -> ReferenceDataChanges {
        try await base.getReferenceDataChanges(request)
    }
}

@Suite("Gateway view fan-out through the data source")
struct ViewFanOutTests {
    @Test("a national ten-year allocation read makes 3 × embeter × 10 policy calls, never more than 16 in flight")
    func nationalReadIsCapped() async throws {
        try await TestDatabase.withContexts { databases in
            let reference = try ReferenceData.bundled()
            let time = FixedTimeSource(date: LocalDate(year: 2025, month: 1, day: 2))
            let gateway = Caller.system("gateway")
            let inFlight = InternalCallBoundsTests.InFlight()
            let allocation = CountingPolicyAllocation(
                base: AllocationServiceActing(
                    AllocationContext(
                        database: databases.allocation,
                        reference: reference,
                        time: time,
                        needsReports: NeedsContext(database: databases.needs, reference: reference, time: time)
                    ),
                    as: gateway
                ),
                inFlight: inFlight
            )
            let source = ServiceViewDataSource(
                needs: NeedsServiceActing(
                    NeedsContext(database: databases.needs, reference: reference, time: time),
                    as: gateway
                ),
                partnerships: PartnershipServiceActing(
                    PartnershipContext(database: databases.partnerships, reference: reference, time: time),
                    as: gateway
                ),
                allocation: allocation,
                referral: ReferralServiceActing(
                    ReferralContext(
                        database: databases.referral,
                        reference: reference,
                        time: time,
                        keyRing: try ReferralKeyRing.ephemeral()
                    ),
                    as: gateway
                ),
                reference: reference,
                fanOut: UpstreamFanOut(limit: 16)
            )
            let offices = Set(reference.set.governorOffices.map(\.id)).count
            let data = try await source.allocation(
                ViewQuery(governorOfficeId: "", scheme: .unspecified, years: 2016...2025)
            )
            #expect(data.policies.count == offices * 3 * 10)
            #expect(inFlight.done == offices * 3 * 10)
            #expect(offices * 3 * 10 > 16)
            #expect(inFlight.peak <= 16, "peak \(inFlight.peak)")
        }
    }
}
