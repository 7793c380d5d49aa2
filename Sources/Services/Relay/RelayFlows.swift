import GRPCCore
import KSICore
import Logging

/// The event flows between services (DOMAIN.md §4.0 events; docs/architecture.md):
/// Allocation → Needs (lines, decisions, round decided, appeals), Allocation → Partnerships (grants
/// committed), Partnerships → Allocation (reports submitted and accepted).
public enum RelayFlows {
    static let caller = Caller.system("relay")
    static let pageSize: Int32 = 200

    /// NeedsService applies AllocationService's events to its reports (NEED-R12).
    public static func allocationToNeeds<T: ClientTransport>(
        needs: NeedsContext, database: KSIDatabase, allocation: AllocationServiceClient<T>, logger: Logger,
        ready: @escaping @Sendable () -> Bool = { true }
    ) -> EventRelay<AllocationEvent> {
        EventRelay(
            name: "allocation-to-needs", database: database, logger: logger, ready: ready,
            fetch: { after in
                try await allocation.listAllocationEvents(.with { $0.afterSequence = after; $0.pageSize = pageSize }).events
            },
            sequence: { $0.sequence },
            apply: { event in try await applyToNeeds(event, needs: needs) })
    }

    static func applyToNeeds(_ event: AllocationEvent, needs: NeedsContext) async throws {
        let sequence = event.sequence
        switch event.type {
        case "RecommendationLineCreated":
            for reportId in event.needsReportIds {
                _ = try await needs.applyRecommendationLineCreated(.with {
                    $0.requestId = "relay-allocation-\(sequence)-\(reportId)"
                    $0.needsReportId = reportId
                    $0.recommendationId = event.recommendationId
                    $0.recommendationLineId = event.recommendationLineId
                    $0.sourceEventSequence = sequence
                }, as: caller)
            }
        case "GrantDecided", "AppealDecided":
            for decision in event.decisions {
                for reportId in decision.needsReportIds {
                    _ = try await needs.applyGrantOutcome(.with {
                        $0.requestId = "relay-allocation-\(sequence)-\(decision.grantDecisionId)-\(reportId)"
                        $0.needsReportId = reportId
                        $0.sourceEventType = event.type
                        $0.sourceEventSequence = sequence
                        $0.decision = NeedsReportLineDecision.with {
                            $0.recommendationLineId = decision.recommendationLineId
                            $0.grantDecisionId = decision.grantDecisionId
                            $0.decisionOutcome = decision.outcome
                            $0.approvedAmountOre = decision.approvedAmountOre
                            $0.deviatesFromRequest = decision.deviatesFromRequest
                            $0.decidedAt = decision.decidedAt
                        }
                    }, as: caller)
                }
            }
        case "RoundDecided":
            _ = try await needs.applyRoundDecided(.with {
                $0.requestId = "relay-allocation-\(sequence)"
                $0.roundId = event.roundId
                $0.sourceEventSequence = sequence
                $0.decidedAt = event.occurredAt
            }, as: caller)
        default:
            break
        }
    }

    /// PartnershipService links committed grant lines to partnerships (PART-R7).
    public static func allocationToPartnerships<T: ClientTransport>(
        partnerships: PartnershipContext, database: KSIDatabase, allocation: AllocationServiceClient<T>, logger: Logger,
        ready: @escaping @Sendable () -> Bool = { true }
    ) -> EventRelay<AllocationEvent> {
        EventRelay(
            name: "allocation-to-partnerships", database: database, logger: logger, ready: ready,
            fetch: { after in
                try await allocation.listAllocationEvents(.with { $0.afterSequence = after; $0.pageSize = pageSize }).events
            },
            sequence: { $0.sequence },
            apply: { event in
                guard event.type == "GrantCommitted" else { return }
                let lines = event.committedLines.filter { !$0.partnershipId.isEmpty }
                guard !lines.isEmpty else { return }
                _ = try await partnerships.applyGrantCommitted(.with {
                    $0.requestId = "relay-allocation-\(event.sequence)"
                    $0.grantId = event.grantId
                    $0.sourceEventSequence = event.sequence
                    $0.lines = lines.map { line in
                        CommittedGrantLine.with {
                            $0.partnershipId = line.partnershipId
                            $0.share = GrantLineShare.with {
                                $0.grantId = event.grantId
                                $0.recommendationLineId = line.recommendationLineId
                                $0.scheme = event.scheme
                                $0.year = event.year
                                $0.ownerAmountOre = line.ownerAmountOre
                                $0.uhAmountOre = line.uhAmountOre
                                $0.coFinancingOre = line.coFinancingRequiredOre
                            }
                        }
                    }
                }, as: caller)
            })
    }

    /// AllocationService records partnership reports on the grants they report on (ALLOC-R15, PART-R13).
    public static func partnershipsToAllocation<T: ClientTransport>(
        allocation: AllocationContext, database: KSIDatabase, partnerships: PartnershipServiceClient<T>, logger: Logger,
        ready: @escaping @Sendable () -> Bool = { true }
    ) -> EventRelay<PartnershipEvent> {
        EventRelay(
            name: "partnerships-to-allocation", database: database, logger: logger, ready: ready,
            fetch: { after in
                try await partnerships.listPartnershipEvents(.with { $0.afterSequence = after; $0.pageSize = pageSize }).events
            },
            sequence: { $0.sequence },
            apply: { event in
                for grantId in event.grantIds {
                    let requestId = "relay-partnerships-\(event.sequence)-\(grantId)"
                    switch event.type {
                    case "PartnershipReportSubmitted":
                        _ = try await allocation.applyPartnershipReportSubmitted(.with {
                            $0.requestId = requestId
                            $0.grantId = grantId
                            $0.partnershipReportId = event.partnershipReportId
                            $0.sourceEventSequence = event.sequence
                            $0.submittedAt = event.occurredAt
                        }, as: caller)
                    case "PartnershipReportAccepted":
                        _ = try await allocation.applyPartnershipReportAccepted(.with {
                            $0.requestId = requestId
                            $0.grantId = grantId
                            $0.partnershipReportId = event.partnershipReportId
                            $0.sourceEventSequence = event.sequence
                            $0.acceptedAt = event.occurredAt
                        }, as: caller)
                    default:
                        break
                    }
                }
            })
    }
}
