/// Helpers of the demo generators: obviously fictitious people with synthetic national ids, a request-id
/// counter, and the in-process event relay between the four contexts (the same mapping as the services'
/// relay, copied here because KSICore does not import Services).

/// Obviously fictitious names and synthetic (D-number) national identity numbers.
public enum DemoPeople {
    static let numerals = [
        "Ein", "To", "Tre", "Fire", "Fem", "Seks", "Sju", "Åtte", "Ni", "Ti", "Elleve", "Tolv", "Tretten", "Fjorten",
        "Femten", "Seksten", "Sytten", "Atten", "Nitten", "Tjue",
    ]

    /// "Testbarn Ein", "Testbarn To", … (then "Testbarn 21", …).
    public static func childName(_ index: Int) -> String { "Testbarn \(numeral(index))" }
    /// "Demo Foresatt Ein", …
    public static func guardianName(_ index: Int) -> String { "Demo Foresatt \(numeral(index))" }
    /// "Demo Rådgiver Ein", …
    public static func adviserName(_ index: Int) -> String { "Demo Rådgiver \(numeral(index))" }

    static func numeral(_ index: Int) -> String { index < numerals.count ? numerals[index] : "\(index + 1)" }

    /// A valid-checksum D-number (day + 40) for a birth date; `serial` picks the individual number.
    public static func dNumber(born date: LocalDate, serial: Int) -> String {
        let dd = Int(date.day) + 40
        let mm = Int(date.month)
        let yy = Int(date.year) % 100
        // Individual numbers 500–999 are used for births 2000–2039.
        var individual = 500 + (serial * 7) % 499
        for _ in 0..<500 {
            let digits = [dd / 10, dd % 10, mm / 10, mm % 10, yy / 10, yy % 10, individual / 100, (individual / 10) % 10, individual % 10]
            if let (k1, k2) = NationalIdentityNumber.checkDigits(for: digits) {
                return (digits + [k1, k2]).map(String.init).joined()
            }
            individual = individual == 999 ? 500 : individual + 1
        }
        preconditionFailure("no D-number for \(date)")
    }
}

/// Deterministic request ids for the demo's commands ("demo-000001", …).
final class DemoRequestIds: @unchecked Sendable {
    private var counter = 0
    let prefix: String

    init(prefix: String) { self.prefix = prefix }

    func next() -> String {
        counter += 1
        return "\(prefix)-\(String(format: "%06d", counter))"
    }
}

/// Delivers the contexts' outbox events to each other in-process, as `Services/Relay/RelayFlows` does
/// over gRPC: Allocation → Needs (lines, decisions, round decided, appeals), Allocation → Partnerships
/// (grants committed), Partnerships → Allocation (reports submitted and accepted).
final class DemoRelay: @unchecked Sendable {
    let needs: NeedsContext
    let partnerships: PartnershipContext
    let allocation: AllocationContext
    let caller = Caller.system("demo")
    private var allocationCursor: Int64 = 0
    private var partnershipCursor: Int64 = 0

    init(needs: NeedsContext, partnerships: PartnershipContext, allocation: AllocationContext) {
        self.needs = needs
        self.partnerships = partnerships
        self.allocation = allocation
    }

    /// Delivers every event not yet delivered, in both directions.
    func deliver() async throws {
        while true {
            let events = try await allocation.listAllocationEvents(
                .with { $0.afterSequence = allocationCursor; $0.pageSize = 200 }, as: caller
            ).events
            if events.isEmpty { break }
            for event in events {
                try await applyToNeeds(event)
                try await applyToPartnerships(event)
                allocationCursor = max(allocationCursor, event.sequence)
            }
        }
        while true {
            let events = try await partnerships.listPartnershipEvents(
                .with { $0.afterSequence = partnershipCursor; $0.pageSize = 200 }, as: caller
            ).events
            if events.isEmpty { break }
            for event in events {
                try await applyToAllocation(event)
                partnershipCursor = max(partnershipCursor, event.sequence)
            }
        }
    }

    func applyToNeeds(_ event: AllocationEvent) async throws {
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

    func applyToPartnerships(_ event: AllocationEvent) async throws {
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
    }

    func applyToAllocation(_ event: PartnershipEvent) async throws {
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
    }
}
