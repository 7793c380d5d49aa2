import Foundation

/// Annual partnership reports (PART-R13, PART-R16).
public struct PartnershipReportContext: PartnershipContextPart {
    let environment: PartnershipEnvironment

    static func apply(_ content: PartnershipReportContent, to report: inout PartnershipReport) {
        report.goals = content.goals
        report.plannedActivities = content.plannedActivities
        report.completedActivities = content.completedActivities
        report.actors = content.actors
        report.experiences = content.experiences
        report.fundsUsed = content.fundsUsed
        report.coFinancingUsedOre = content.coFinancingUsedOre
        report.goalAttainment = content.goalAttainment
        report.practiceChangeSummary = content.practiceChangeSummary
    }

    func loadReport(
        _ scope: CommandScope,
        id: String,
        expectedVersion: Int64
    ) async throws -> (PartnershipReport, Partnership) {
        let report = try await scope.load(
            PartnershipReport.self,
            id: id,
            expectedVersion: expectedVersion,
            what: "annual report",
            field: "partnership_report_id"
        )
        let partnership = try await scope.store.require(Partnership.self, id: report.partnershipId, what: "partnership")
        return (report, partnership)
    }

    /// Creates the draft annual report of a partnership for a year, due on the embete's `reportDeadline` (PART-R13).
    public func createPartnershipReport(
        _ request: CreatePartnershipReportRequest,
        as caller: Caller
    ) async throws -> PartnershipReport {
        try await runner.run(PartnershipServiceRPC.createPartnershipReport, request: request, caller: caller) {
            scope in
            let partnership = try await scope.store.require(
                Partnership.self,
                id: request.partnershipId,
                what: "partnership",
                field: "partnership_id"
            )
            let (to, actor) = try PartnershipReportStateMachine.transition(
                .createPartnershipReport,
                from: .unspecified,
                by: Self.actors(caller, partnership)
            )
            guard partnership.status != .draft else {
                throw DomainError.illegalTransition(
                    "an annual report is written once the partnership is active; it is a draft"
                )
            }
            guard request.year >= 2020 && request.year <= scope.today.year else {
                throw DomainError.invalidArgument(field: "year", "an annual report covers a year that has begun")
            }
            let existing = try await scope.store.list(
                PartnershipReport.self,
                filter: StorageFilter(year: request.year, parentId: partnership.id)
            )
            guard existing.items.isEmpty else {
                throw DomainError.illegalTransition("this partnership already has an annual report for \(request.year)")
            }
            let config = self.policy(for: partnership, year: request.year)
            var report = PartnershipReport.with {
                $0.id = Self.newId()
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
                $0.partnershipId = partnership.id
                $0.scheme = partnership.scheme
                $0.governorOfficeId = partnership.governorOfficeId
                $0.year = request.year
                $0.grantIds = Self.grantIds(of: partnership, year: request.year)
                $0.status = to
                $0.dueOn = config.governor.reportDeadline ?? LocalDate(year: request.year + 1, month: 1, day: 31)
            }
            Self.apply(request.content ?? PartnershipReportContent(), to: &report)
            return try await scope.create(report, role: actor.auditRole, state: to.name)
        }
    }

    /// Replaces the content of a draft or returned report.
    public func updatePartnershipReport(
        _ request: UpdatePartnershipReportRequest,
        as caller: Caller
    ) async throws -> PartnershipReport {
        try await runner.run(PartnershipServiceRPC.updatePartnershipReport, request: request, caller: caller) {
            scope in
            var (report, partnership) = try await self.loadReport(
                scope,
                id: request.partnershipReportId,
                expectedVersion: request.expectedVersion
            )
            let before = report.status
            let (to, actor) = try PartnershipReportStateMachine.transition(
                .updatePartnershipReport,
                from: before,
                by: Self.actors(caller, partnership)
            )
            Self.apply(request.content ?? PartnershipReportContent(), to: &report)
            report.status = to
            report.updatedAt = scope.nowMillis
            return try await scope.save(report, role: actor.auditRole, before: before.name, after: to.name)
        }
    }

    /// draft | returned → submitted: every field filled (PART-R13), WARN without teacher-education feedback
    /// (PART-R16) or when late; emits PartnershipReportSubmitted.
    public func submitPartnershipReport(
        _ request: SubmitPartnershipReportRequest,
        as caller: Caller
    ) async throws -> PartnershipReport {
        try await runner.run(PartnershipServiceRPC.submitPartnershipReport, request: request, caller: caller) {
            scope in
            var (report, partnership) = try await self.loadReport(
                scope,
                id: request.partnershipReportId,
                expectedVersion: request.expectedVersion
            )
            let before = report.status
            let (to, actor) = try PartnershipReportStateMachine.transition(
                .submitPartnershipReport,
                from: before,
                by: Self.actors(caller, partnership)
            )
            let config = self.policy(for: partnership, year: report.year)
            var findings = ReportCompletenessRule.check(report, today: scope.today, config: config)
            let measures = try await scope.store.list(Measure.self, filter: StorageFilter(parentId: partnership.id))
                .items
            findings.merge(TeacherEducationFeedbackRule.check(measures: measures, year: report.year))
            report.warnings = try findings.throwIfViolated()
            report.grantIds = Self.grantIds(of: partnership, year: report.year)
            report.status = to
            report.submittedAt = scope.nowMillis
            report.updatedAt = scope.nowMillis
            let saved = try await scope.save(report, role: actor.auditRole, before: before.name, after: to.name)
            try await scope.emitPartnershipEvent(
                try Self.reportEvent(
                    PartnershipEventType.partnershipReportSubmitted,
                    saved,
                    partnership,
                    at: scope.nowMillis
                )
            )
            return saved
        }
    }

    /// The grants an annual report for `year` binds: those whose committed lines are for that year (PART-R13,
    /// ALLOC-R15). A grant of another year has its own report.
    static func grantIds(of partnership: Partnership, year: Int32) -> [String] {
        let ofYear = Set(partnership.grantLineShares.filter { $0.year == year }.map(\.grantId))
        return partnership.grantIds.filter { ofYear.contains($0) }
    }

    static func reportEvent(
        _ type: PartnershipEventType,
        _ report: PartnershipReport,
        _ partnership: Partnership,
        at millis: Int64
    ) throws(DomainError) -> PartnershipEvent {
        var event = PartnershipEvent(type, partnership: partnership, aggregateId: report.id, at: millis)
        // PART-R13: the report speaks for its own year's grants only, not every grant of the partnership.
        event.grantIds = report.grantIds
        event.partnershipReportId = report.id
        event.reportYear = report.year
        event.fundsUsedOre = try Money.sum(report.fundsUsed, field: "content.funds_used") { $0.amountOre }
        event.coFinancingUsedOre = report.coFinancingUsedOre
        return event
    }

    /// submitted → returned; sfCaseworker, with a reason.
    public func returnPartnershipReport(
        _ request: ReturnPartnershipReportRequest,
        as caller: Caller
    ) async throws -> PartnershipReport {
        try await runner.run(PartnershipServiceRPC.returnPartnershipReport, request: request, caller: caller) {
            scope in
            var (report, partnership) = try await self.loadReport(
                scope,
                id: request.partnershipReportId,
                expectedVersion: request.expectedVersion
            )
            let before = report.status
            let (to, actor) = try PartnershipReportStateMachine.transition(
                .returnPartnershipReport,
                from: before,
                by: Self.actors(caller, partnership)
            )
            guard !request.reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DomainError.invalidArgument(field: "reason", "a returned report says what must change")
            }
            report.status = to
            report.returnReason = request.reason
            report.returnedAt = scope.nowMillis
            report.updatedAt = scope.nowMillis
            return try await scope.save(
                report,
                role: actor.auditRole,
                before: before.name,
                after: to.name,
                reason: request.reason
            )
        }
    }

    /// submitted → accepted; sfCaseworker; emits PartnershipReportAccepted.
    public func acceptPartnershipReport(
        _ request: AcceptPartnershipReportRequest,
        as caller: Caller
    ) async throws -> PartnershipReport {
        try await runner.run(PartnershipServiceRPC.acceptPartnershipReport, request: request, caller: caller) {
            scope in
            var (report, partnership) = try await self.loadReport(
                scope,
                id: request.partnershipReportId,
                expectedVersion: request.expectedVersion
            )
            let before = report.status
            let (to, actor) = try PartnershipReportStateMachine.transition(
                .acceptPartnershipReport,
                from: before,
                by: Self.actors(caller, partnership)
            )
            report.status = to
            report.acceptedAt = scope.nowMillis
            report.updatedAt = scope.nowMillis
            let saved = try await scope.save(report, role: actor.auditRole, before: before.name, after: to.name)
            try await scope.emitPartnershipEvent(
                try Self.reportEvent(
                    PartnershipEventType.partnershipReportAccepted,
                    saved,
                    partnership,
                    at: scope.nowMillis
                )
            )
            return saved
        }
    }
}
