/// Events from AllocationService applied to reports (caller: the system). Each is safe to deliver twice.
public struct NeedsEventApplicationContext: NeedsContextPart {
    let environment: NeedsEnvironment

    /// RecommendationLineCreated: prioritised → inRecommendation; a second line (owner and UH) is added.
    public func applyRecommendationLineCreated(
        _ request: ApplyRecommendationLineCreatedRequest,
        as caller: Caller
    ) async throws -> NeedsReport {
        try await runner.run(NeedsServiceRPC.applyRecommendationLineCreated, request: request, caller: caller) {
            scope in
            try Self.requireSystem(scope.caller, toDo: "apply a recommendation line")
            var report = try await scope.load(
                NeedsReport.self,
                id: request.needsReportId,
                expectedVersion: request.expectedVersion,
                what: "needs report",
                field: "needs_report_id",
                versions: .zeroIsUnconditional
            )
            guard !request.recommendationLineId.isEmpty else {
                throw DomainError.invalidArgument(
                    field: "recommendation_line_id",
                    "the recommendation line id is required"
                )
            }
            if report.recommendationLineIds.contains(request.recommendationLineId) { return report }
            try NeedsReportStateMachine(report.status).check(.applyRecommendationLineCreated)
            let before = report.status
            report.status = .inRecommendation
            report.recommendationLineIds.append(request.recommendationLineId)
            report.updatedAt = scope.nowMillis
            return try await scope.save(
                report,
                role: .system,
                before: before.name,
                after: report.status.name,
                reason: "RecommendationLineCreated #\(request.sourceEventSequence)"
            )
        }
    }

    /// GrantDecided / AppealDecided for one line: records the decision and, once every line is decided,
    /// derives or revises the outcome (NEED-R12).
    public func applyGrantOutcome(_ request: ApplyGrantOutcomeRequest, as caller: Caller) async throws -> NeedsReport {
        try await runner.run(NeedsServiceRPC.applyGrantOutcome, request: request, caller: caller) { scope in
            try Self.requireSystem(scope.caller, toDo: "apply a grant decision")
            var report = try await scope.load(
                NeedsReport.self,
                id: request.needsReportId,
                expectedVersion: request.expectedVersion,
                what: "needs report",
                field: "needs_report_id",
                versions: .zeroIsUnconditional
            )
            let command: NeedsReportCommand
            switch AllocationEventType(name: request.sourceEventType) {
            case .grantDecided: command = .applyGrantDecided
            case .appealDecided: command = .applyAppealDecided
            default:
                throw DomainError.invalidArgument(
                    field: "source_event_type",
                    "the source event must be GrantDecided or AppealDecided"
                )
            }
            let decision = request.decision ?? NeedsReportLineDecision()
            try NeedsOutcomeRule.check(decision: decision).throwIfViolated()
            // A repeated delivery of the same decision changes nothing.
            if report.lineDecisions.contains(decision) { return report }
            try NeedsReportStateMachine(report.status).check(command)
            let before = report.status
            if !report.recommendationLineIds.contains(decision.recommendationLineId) {
                report.recommendationLineIds.append(decision.recommendationLineId)
            }
            report.lineDecisions.removeAll { $0.recommendationLineId == decision.recommendationLineId }
            report.lineDecisions.append(decision)
            report.decidedAmountOre = try NeedsOutcomeRule.decidedAmount(report.lineDecisions)
            if NeedsOutcomeRule.allLinesDecided(report) {
                report.applyOutcome(
                    try NeedsOutcomeRule.derive(
                        requestedAmountOre: report.requestedAmountOre,
                        decisions: report.lineDecisions
                    )
                )
            } else {
                report.status = .inRecommendation
            }
            report.updatedAt = scope.nowMillis
            return try await scope.save(
                report,
                role: .system,
                before: before.name,
                after: report.status.name,
                reason: "\(request.sourceEventType) #\(request.sourceEventSequence)"
            )
        }
    }

    /// RoundDecided: every report still being considered gets its final outcome; a report without a
    /// line is rejected, and undecided lines count as not funded (NEED-R12).
    public func applyRoundDecided(
        _ request: ApplyRoundDecidedRequest,
        as caller: Caller
    ) async throws -> ApplyRoundDecidedResponse {
        try await runner.run(NeedsServiceRPC.applyRoundDecided, request: request, caller: caller) { scope in
            try Self.requireSystem(scope.caller, toDo: "apply a round decision")
            let round = try await scope.store.require(
                NeedsRound.self,
                id: request.roundId,
                what: "needs round",
                field: "round_id"
            )
            guard round.status == .closed || round.status == .archived else {
                throw DomainError.illegalTransition(
                    "a round can only be decided after it is closed; this round is \(round.status.name)"
                )
            }
            var updated: [String] = []
            for var report in try await scope.store.list(NeedsReport.self, filter: StorageFilter(parentId: round.id))
                .items
            where NeedsReportStateMachine(report.status).allows(.applyRoundDecided) {
                let before = report.status
                report.applyOutcome(
                    try NeedsOutcomeRule.derive(
                        requestedAmountOre: report.requestedAmountOre,
                        decisions: report.lineDecisions
                    )
                )
                report.updatedAt = scope.nowMillis
                _ = try await scope.save(
                    report,
                    role: .system,
                    before: before.name,
                    after: report.status.name,
                    reason: "RoundDecided #\(request.sourceEventSequence)"
                )
                updated.append(report.id)
            }
            return ApplyRoundDecidedResponse.with { $0.updatedNeedsReportIds = updated }
        }
    }

    static func requireSystem(_ caller: Caller, toDo action: String) throws {
        guard caller.has(.system) else {
            throw DomainError.notPermitted("only AllocationService may \(action)")
        }
    }
}

extension NeedsReport {
    /// Stores a derived outcome (NEED-R12).
    mutating func applyOutcome(_ derived: NeedsOutcomeRule.Derived) {
        outcome = derived.outcome
        status = derived.status
        decidedAmountOre = derived.decidedAmountOre
        fundingRatioBp = derived.fundingRatioBp
    }
}
