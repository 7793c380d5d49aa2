import Foundation

/// Review of submitted reports: routing, prioritisation into a decision basis, withdrawal.
extension NeedsReportContext {
    /// submitted → underReview: `sfCaseworker` routes the report to a forum, committee or network.
    public func routeNeedsReport(_ request: RouteNeedsReportRequest, as caller: Caller) async throws -> NeedsReport {
        try await runner.run(NeedsServiceRPC.routeNeedsReport, request: request, caller: caller) { scope in
            var report = try await scope.load(
                NeedsReport.self,
                id: request.needsReportId,
                expectedVersion: request.expectedVersion,
                what: "needs report",
                field: "needs_report_id"
            )
            let role = try NeedsAccess.requireCaseworker(
                report.governorOfficeId,
                scope.caller,
                toDo: "route a report for review"
            )
            try NeedsReportStateMachine(report.status).check(.route)
            guard request.routingTarget != .unspecified else {
                throw DomainError.invalidArgument(
                    field: "routing_target",
                    "say whether the report goes to the forum, a committee or a network"
                )
            }
            if request.routingTarget != .forum && request.targetBodyId.isEmpty {
                throw DomainError.invalidArgument(
                    field: "target_body_id",
                    "name the committee or network the report goes to"
                )
            }
            let before = report.status
            report.status = .underReview
            report.routingTarget = request.routingTarget
            report.routedToBodyId = request.targetBodyId
            report.routedAt = scope.nowMillis
            report.updatedAt = scope.nowMillis
            return try await scope.save(
                report,
                role: role,
                before: before.name,
                after: report.status.name,
                reason: "routed to \(request.routingTarget.name)"
            )
        }
    }

    /// underReview → prioritised | notPrioritised by the body the report was routed to; the rank is
    /// unique within the decision basis. Emits NeedsReportPrioritised.
    public func prioritiseNeedsReport(
        _ request: PrioritiseNeedsReportRequest,
        as caller: Caller
    ) async throws -> NeedsReport {
        try await runner.run(NeedsServiceRPC.prioritiseNeedsReport, request: request, caller: caller) {
            scope in
            var report = try await scope.load(
                NeedsReport.self,
                id: request.needsReportId,
                expectedVersion: request.expectedVersion,
                what: "needs report",
                field: "needs_report_id"
            )
            let role = try Self.requireReviewer(report, scope.caller)
            try NeedsReportStateMachine(report.status).check(.prioritise)
            var basis: DecisionBasis?
            if !request.decisionBasisId.isEmpty {
                let found = try await scope.store.require(
                    DecisionBasis.self,
                    id: request.decisionBasisId,
                    what: "decision basis",
                    field: "decision_basis_id"
                )
                try Self.checkBasisFits(found, report)
                basis = found
            }
            let before = report.status
            if request.prioritised {
                guard var basis else {
                    throw DomainError.invalidArgument(
                        field: "decision_basis_id",
                        "a prioritised report must be placed in a decision basis"
                    )
                }
                guard request.rank >= 1 else {
                    throw DomainError.invalidArgument(field: "rank", "a prioritised report needs a rank of 1 or more")
                }
                let ranked = try await rankedReports(in: basis, store: scope.store)
                if ranked.contains(where: { $0.priorityRank == request.rank && $0.id != report.id }) {
                    throw DomainError.invalidArgument(
                        field: "rank",
                        "rank \(request.rank) is already taken in this decision basis"
                    )
                }
                report.status = .prioritised
                report.decisionBasisId = basis.id
                report.priorityRank = request.rank
                let order = (ranked.filter { $0.id != report.id } + [report]).sorted {
                    $0.priorityRank < $1.priorityRank
                }.map(\.id)
                basis.rankedNeedsReportIds = order + basis.rankedNeedsReportIds.filter { !order.contains($0) }
                basis.updatedAt = scope.nowMillis
                _ = try await scope.save(
                    basis,
                    role: role,
                    before: nil,
                    after: nil,
                    reason: "report ranked \(request.rank)"
                )
            } else {
                guard request.rank == 0 else {
                    throw DomainError.invalidArgument(field: "rank", "a report that is not prioritised has no rank")
                }
                report.status = .notPrioritised
                report.priorityRank = 0
                if var basis {
                    report.decisionBasisId = basis.id
                    if basis.rankedNeedsReportIds.contains(report.id) {
                        basis.rankedNeedsReportIds.removeAll { $0 == report.id }
                        basis.updatedAt = scope.nowMillis
                        _ = try await scope.save(
                            basis,
                            role: role,
                            before: nil,
                            after: nil,
                            reason: "report not prioritised"
                        )
                    }
                }
            }
            report.prioritisationComment = request.comment
            report.prioritisedAt = scope.nowMillis
            report.updatedAt = scope.nowMillis
            let saved = try await scope.save(
                report,
                role: role,
                before: before.name,
                after: report.status.name,
                reason: request.comment.isEmpty ? nil : request.comment
            )
            try await emit(.needsReportPrioritised, saved, scope: scope, prioritised: request.prioritised)
            return saved
        }
    }

    /// draft | submitted | returned | underReview → withdrawn by the lead owner; emits NeedsReportWithdrawn.
    public func withdrawNeedsReport(
        _ request: WithdrawNeedsReportRequest,
        as caller: Caller
    ) async throws -> NeedsReport {
        try await runner.run(NeedsServiceRPC.withdrawNeedsReport, request: request, caller: caller) { scope in
            var report = try await scope.load(
                NeedsReport.self,
                id: request.needsReportId,
                expectedVersion: request.expectedVersion,
                what: "needs report",
                field: "needs_report_id"
            )
            let role = try NeedsAccess.requireLeadOwner(report, scope.caller, toDo: "withdraw this report")
            try NeedsReportStateMachine(report.status).check(.withdraw)
            // A report under review may sit in a basis's draft ranking: take it out.
            for basis in try await scope.store.list(DecisionBasis.self, filter: StorageFilter(parentId: report.roundId))
                .items
            where basis.rankedNeedsReportIds.contains(report.id) {
                var changed = basis
                changed.rankedNeedsReportIds.removeAll { $0 == report.id }
                changed.updatedAt = scope.nowMillis
                _ = try await scope.save(changed, role: role, before: nil, after: nil, reason: "report withdrawn")
            }
            let before = report.status
            let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            report.status = .withdrawn
            report.withdrawnAt = scope.nowMillis
            report.withdrawalReason = reason
            report.updatedAt = scope.nowMillis
            let saved = try await scope.save(
                report,
                role: role,
                before: before.name,
                after: report.status.name,
                reason: reason.isEmpty ? nil : reason
            )
            try await emit(.needsReportWithdrawn, saved, scope: scope)
            return saved
        }
    }

    // MARK: Review rules

    /// The reviewer of a routed report: the network's `networkCoordinator`, a `committeeMember` of the
    /// embete for a committee, or `sfCaseworker` for a forum that takes reports directly.
    static func requireReviewer(_ report: NeedsReport, _ caller: Caller) throws -> Role {
        switch report.routingTarget {
        case .network:
            try caller.require(
                .networkCoordinator,
                scope: report.routedToBodyId,
                toDo: "prioritise a report routed to this network"
            )
            return .networkCoordinator
        case .committee:
            try caller.require(
                .committeeMember,
                scope: report.governorOfficeId,
                toDo: "prioritise a report routed to a committee"
            )
            return .committeeMember
        case .forum:
            try caller.require(
                .sfCaseworker,
                scope: report.governorOfficeId,
                toDo: "prioritise a report routed to the forum"
            )
            return .sfCaseworker
        case .unspecified:
            // Not routed yet: name the roles that may prioritise once it is.
            guard caller.hasAny([.networkCoordinator, .committeeMember, .sfCaseworker]) else {
                throw DomainError.notPermitted(
                    "only networkCoordinator, committeeMember or sfCaseworker may prioritise a report"
                )
            }
            return caller.auditRole([.networkCoordinator, .committeeMember, .sfCaseworker])
        }
    }

    /// The basis must be of the report's round and of the body the report was routed to.
    static func checkBasisFits(_ basis: DecisionBasis, _ report: NeedsReport) throws {
        guard basis.roundId == report.roundId else {
            throw DomainError.invalidArgument(field: "decision_basis_id", "the decision basis belongs to another round")
        }
        let fits: Bool
        switch report.routingTarget {
        case .network: fits = basis.networkId == report.routedToBodyId
        case .committee: fits = basis.committeeId == report.routedToBodyId
        case .forum, .unspecified: fits = basis.networkId.isEmpty && basis.committeeId.isEmpty
        }
        guard fits else {
            throw DomainError.invalidArgument(
                field: "decision_basis_id",
                "the decision basis belongs to another body than the one the report was routed to"
            )
        }
    }

    /// The reports prioritised into a basis, with their ranks.
    func rankedReports(in basis: DecisionBasis, store: StoreTransaction) async throws -> [NeedsReport] {
        try await store.list(NeedsReport.self, filter: StorageFilter(parentId: basis.roundId)).items
            .filter { $0.decisionBasisId == basis.id && $0.priorityRank > 0 }
    }
}
