/// The governor annual report RPCs (§4.3 GovernorAnnualReport; content PD): the embete's text plus figures the
/// service computes from its frames, decisions, disbursements and reclaims.
extension GovernanceContext {
    /// Creates the draft report of an embete × scheme × year (sfCaseworker of the embete); one per key.
    public func createGovernorAnnualReport(
        _ request: CreateGovernorAnnualReportRequest,
        as caller: Caller
    ) async throws -> GovernorAnnualReport {
        let reference = self.reference
        return try await runner.run(AllocationServiceRPC.createGovernorAnnualReport, request: request, caller: caller) {
            scope in
            try caller.require(.sfCaseworker, scope: request.governorOfficeId, toDo: "write the embete's annual report")
            var input = Findings()
            if reference.governorOffice(request.governorOfficeId) == nil
                && reference.governorOffice(request.governorOfficeId, on: scope.today) == nil
            {
                input.reject(.malformedInput, field: "governor_office_id", "the embete is not in the reference data")
            }
            if request.scheme == .unspecified {
                input.reject(.malformedInput, field: "scheme", "the scheme must be set")
            }
            if request.year < 2000 || request.year > 2100 {
                input.reject(.malformedInput, field: "year", "the year must be a budget year such as 2026")
            }
            if !input.violations.isEmpty { throw GovernanceAccess.invalid(input.violations) }
            let existing = try await scope.store.list(
                GovernorAnnualReport.self,
                filter: StorageFilter(
                    governorOfficeId: request.governorOfficeId,
                    year: request.year,
                    scheme: request.scheme.rawValue
                )
            )
            if !existing.items.isEmpty {
                throw DomainError.alreadyExists(
                    "the embete already has an annual report for this scheme and year",
                    what: "governor annual report",
                    field: "year"
                )
            }
            var report = GovernorAnnualReport.with {
                $0.id = GovernanceSupport.newId()
                $0.governorOfficeId = request.governorOfficeId
                $0.scheme = request.scheme
                $0.year = request.year
                $0.status = .draft
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
            }
            Self.apply(request.content ?? GovernorAnnualReportContent(), to: &report)
            try await Self.computeFigures(&report, store: scope.store)
            return try await scope.create(report, role: .sfCaseworker, state: report.status.name)
        }
    }

    /// Replaces the text of a draft report and refreshes its figures.
    public func updateGovernorAnnualReport(
        _ request: UpdateGovernorAnnualReportRequest,
        as caller: Caller
    ) async throws -> GovernorAnnualReport {
        try await runner.run(AllocationServiceRPC.updateGovernorAnnualReport, request: request, caller: caller) {
            scope in
            var report = try await scope.load(
                GovernorAnnualReport.self,
                id: request.governorAnnualReportId,
                expectedVersion: request.expectedVersion,
                what: "annual report"
            )
            let role = try GovernorAnnualReportStateMachine.role(
                for: .update,
                caller: caller,
                governorOfficeId: report.governorOfficeId
            )
            let before = report.status
            report.status = try GovernorAnnualReportStateMachine(report.status).next(.update)
            Self.apply(request.content ?? GovernorAnnualReportContent(), to: &report)
            try await Self.computeFigures(&report, store: scope.store)
            report.updatedAt = scope.nowMillis
            return try await scope.save(report, role: role, before: before.name, after: report.status.name)
        }
    }

    /// draft → submitted to Udir; the figures are computed one last time and then frozen.
    public func submitGovernorAnnualReport(
        _ request: SubmitGovernorAnnualReportRequest,
        as caller: Caller
    ) async throws -> GovernorAnnualReport {
        try await runner.run(AllocationServiceRPC.submitGovernorAnnualReport, request: request, caller: caller) {
            scope in
            var report = try await scope.load(
                GovernorAnnualReport.self,
                id: request.governorAnnualReportId,
                expectedVersion: request.expectedVersion,
                what: "annual report"
            )
            let role = try GovernorAnnualReportStateMachine.role(
                for: .submit,
                caller: caller,
                governorOfficeId: report.governorOfficeId
            )
            let before = report.status
            report.status = try GovernorAnnualReportStateMachine(report.status).next(.submit)
            try await Self.computeFigures(&report, store: scope.store)
            report.submittedAt = scope.nowMillis
            report.updatedAt = scope.nowMillis
            return try await scope.save(report, role: role, before: before.name, after: report.status.name)
        }
    }

    /// Reads one report (the embete's staff and Udir).
    public func getGovernorAnnualReport(
        _ request: GetGovernorAnnualReportRequest,
        as caller: Caller
    ) async throws -> GovernorAnnualReport {
        let report = try await runner.read { store in
            try await store.require(GovernorAnnualReport.self, id: request.id, what: "annual report")
        }
        try Self.requireAnnualReportReader(caller, governorOfficeId: report.governorOfficeId)
        return report
    }

    /// Lists reports (the embete's staff see their own embete; Udir sees all).
    public func listGovernorAnnualReports(
        _ request: ListGovernorAnnualReportsRequest,
        as caller: Caller
    ) async throws -> ListGovernorAnnualReportsResponse {
        if !caller.has(.udirAdmin) {
            guard !request.governorOfficeId.isEmpty else {
                throw DomainError.notPermitted(
                    "only Udir may list the annual reports of every embete; name your embete"
                )
            }
            try Self.requireAnnualReportReader(caller, governorOfficeId: request.governorOfficeId)
        }
        let pageRequest = try PageRequest(request)
        let page = try await runner.read { store in
            try await store.page(
                GovernorAnnualReport.self,
                filter: StorageFilter(
                    governorOfficeId: request.governorOfficeId.nonEmpty,
                    year: request.year.nonZero,
                    scheme: request.scheme == .unspecified ? nil : request.scheme.rawValue
                ),
                pageRequest
            )
        }
        return ListGovernorAnnualReportsResponse.with {
            $0.items = page.items
            $0.nextPageToken = page.next
        }
    }

    static func requireAnnualReportReader(_ caller: Caller, governorOfficeId: String) throws {
        guard caller.has(.udirAdmin) || caller.hasAny([.sfCaseworker, .sfDecisionMaker], scope: governorOfficeId) else {
            throw DomainError.notPermitted("only the embete's staff or Udir may read the embete's annual report")
        }
    }

    static func apply(_ content: GovernorAnnualReportContent, to report: inout GovernorAnnualReport) {
        report.forumActivity = content.forumActivity
        report.priorities = content.priorities
        report.results = content.results
        report.experiences = content.experiences
    }

    /// The figures of the report's embete × scheme × year: the published frame (else the latest), signed decisions,
    /// disbursements on its grants, decided or settled reclaims, and the partnerships and measures the signed
    /// decisions fund (`FundedCounts`, from the recommendation lines they decide).
    static func computeFigures(_ report: inout GovernorAnnualReport, store: StoreTransaction) async throws {
        let key = StorageFilter(
            governorOfficeId: report.governorOfficeId,
            year: report.year,
            scheme: report.scheme.rawValue
        )
        let frames = try await store.list(RegionalFrame.self, filter: key).items
        let frame =
            frames.filter { $0.status == .published }.max { $0.version < $1.version }
            ?? frames.max { $0.version < $1.version }
        report.frameOre = frame?.amountOre ?? 0
        let signed = try await store.list(GrantDecision.self, filter: key).items.filter { $0.status == .signed }
        report.decidedOre = try Money.sum(signed, field: "decided_ore") { $0.approvedAmountOre }
        var lines: [String: RecommendationLine] = [:]
        let recommendations = try await store.getMany(
            Recommendation.self,
            ids: signed.map(\.recommendationId).filter { !$0.isEmpty }
        )
        for recommendationId in recommendations.keys.sorted() {
            for line in recommendations[recommendationId]?.lines ?? [] { lines[line.id] = line }
        }
        let funded = FundedCounts(signedDecisions: signed, lines: lines)
        report.partnershipCount = Int64(funded.partnerships)
        report.measureCount = Int64(funded.measures)
        let grantIds = Set(try await store.list(Grant.self, filter: key).items.map(\.id))
        var disbursed = Money.Total()
        var reclaimed = Money.Total()
        for grantId in grantIds.sorted() {
            for payment in try await store.list(Disbursement.self, filter: StorageFilter(parentId: grantId)).items {
                disbursed.add(payment.amountOre)
            }
            for reclaim in try await store.list(ReclaimCase.self, filter: StorageFilter(parentId: grantId)).items {
                switch reclaim.status {
                case .settled: reclaimed.add(reclaim.settledAmountOre)
                case .decided: reclaimed.add(reclaim.amountOre)
                default: break
                }
            }
        }
        report.disbursedOre = try disbursed.checked(field: "disbursed_ore")
        report.reclaimedOre = try reclaimed.checked(field: "reclaimed_ore")
    }
}
