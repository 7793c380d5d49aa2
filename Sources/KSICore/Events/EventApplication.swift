/// How one service's domain events change another service's state (DOMAIN.md §4.0 events): the
/// translation of an event into the consumer's Apply command. The gRPC relays (Services/Relay) and the
/// in-process demo year both use it, so the mapping exists once.
///
/// Every apply carries a request id made from the event's sequence, so applying an event twice is
/// answered from the idempotency table instead of changing anything again.
public enum EventApplication {
    /// Who the relays act as: the same caller for the relay and an operator's retry of a dead letter, so
    /// both share one idempotency scope and an event takes effect once.
    public static let relayCaller = Caller.system("relay")

    /// Allocation → Needs: recommendation lines, grant and appeal decisions, the round decided (NEED-R12).
    public static func apply(_ event: AllocationEvent, to needs: NeedsContext, as caller: Caller) async throws {
        let sequence = event.sequence
        switch event.eventType {
        case .recommendationLineCreated:
            for reportId in event.needsReportIds {
                _ = try await needs.eventApplication.applyRecommendationLineCreated(
                    .with {
                        $0.requestId = "relay-allocation-\(sequence)-\(reportId)"
                        $0.needsReportId = reportId
                        $0.recommendationId = event.recommendationId
                        $0.recommendationLineId = event.recommendationLineId
                        $0.sourceEventSequence = sequence
                    },
                    as: caller
                )
            }
        case .grantDecided, .appealDecided:
            for decision in event.decisions {
                for reportId in decision.needsReportIds {
                    _ = try await needs.eventApplication.applyGrantOutcome(
                        .with {
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
                        },
                        as: caller
                    )
                }
            }
        case .roundDecided:
            _ = try await needs.eventApplication.applyRoundDecided(
                .with {
                    $0.requestId = "relay-allocation-\(sequence)"
                    $0.roundId = event.roundId
                    $0.sourceEventSequence = sequence
                    $0.decidedAt = event.occurredAt
                },
                as: caller
            )
        default:
            break
        }
    }

    /// Allocation → Partnerships: committed grant lines linked to their partnerships, with their planned measures (PART-R7).
    public static func apply(
        _ event: AllocationEvent,
        to partnerships: PartnershipContext,
        as caller: Caller
    ) async throws {
        guard event.eventType == .grantCommitted else { return }
        let lines = event.committedLines.filter { !$0.partnershipId.isEmpty }
        guard !lines.isEmpty else { return }
        _ = try await partnerships.lifecycle.applyGrantCommitted(
            .with {
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
                        // PART-R7: the line's snapshot of the proposed measures becomes planned measures.
                        $0.measures = line.proposedMeasures.map { measure in
                            GrantMeasureSeed.with {
                                $0.proposedMeasureId = measure.id
                                $0.title = measure.title
                                $0.themes = measure.themes
                                $0.targetGroups = measure.targetGroups
                                $0.participatingUnitIds = measure.unitIds
                                $0.formats = measure.formats
                                $0.practiceComponents = measure.practiceComponents
                            }
                        }
                    }
                }
            },
            as: caller
        )
    }

    /// Partnerships → Allocation: partnership reports submitted and accepted, on each grant they report on
    /// (ALLOC-R15); a termination with remaining funds (PART-R5) or an abort without notice (PART-R6) opens
    /// reclaim proposals on the grants concerned (ALLOC-R16).
    public static func apply(
        _ event: PartnershipEvent,
        to allocation: AllocationContext,
        as caller: Caller
    ) async throws {
        switch event.eventType {
        case .partnershipTerminated, .measureAborted:
            _ = try await allocation.grants.proposeReclaims(
                from: event,
                requestId: "relay-partnerships-\(event.sequence)",
                as: caller
            )
            return
        default:
            break
        }
        for grantId in event.grantIds {
            let requestId = "relay-partnerships-\(event.sequence)-\(grantId)"
            switch event.eventType {
            case .partnershipReportSubmitted:
                _ = try await allocation.grants.applyPartnershipReportSubmitted(
                    .with {
                        $0.requestId = requestId
                        $0.grantId = grantId
                        $0.partnershipReportId = event.partnershipReportId
                        $0.sourceEventSequence = event.sequence
                        $0.submittedAt = event.occurredAt
                        $0.reportYear = event.reportYear
                    },
                    as: caller
                )
            case .partnershipReportAccepted:
                _ = try await allocation.grants.applyPartnershipReportAccepted(
                    .with {
                        $0.requestId = requestId
                        $0.grantId = grantId
                        $0.partnershipReportId = event.partnershipReportId
                        $0.sourceEventSequence = event.sequence
                        $0.acceptedAt = event.occurredAt
                        $0.reportYear = event.reportYear
                    },
                    as: caller
                )
            default:
                break
            }
        }
    }
}
