import KSICore

/// The allocation side of the national benchmark set, for the views that read AllocationService (V1's
/// frame and decided amounts): one published regional frame per embete, scheme and year, and one
/// signed grant decision per decided needs report (funded as requested: approved = requested; funded
/// otherwise: the report's decided amount; rejected: approved 0). Written like the rest of the set —
/// finished entities by bulk insert, no commands, no rules, audit or events; kept separate from
/// `load(needs:partnerships:referral:…)` so that stays as it is. Deterministic for a scale.
extension NationalDataSet {
    public struct AllocationCounts: Sendable, Hashable {
        public var regionalFrames = 0
        public var grantDecisions = 0
    }

    /// Writes the frames and decisions into the allocation database (migrated, empty).
    public func loadAllocation(into allocation: KSIDatabase, batchSize: Int = 500) async throws -> AllocationCounts {
        let decisions = makeGrantDecisions(reports: makeReportsForTest())
        let frames = makeRegionalFrames(decisions: decisions)
        try await Self.insert(frames, createdAt: \.createdAt, into: allocation, batchSize: batchSize)
        try await Self.insert(decisions, createdAt: \.createdAt, into: allocation, batchSize: batchSize)
        return AllocationCounts(regionalFrames: frames.count, grantDecisions: decisions.count)
    }

    static func insert<E: StoredEntity>(
        _ entities: [E],
        createdAt: KeyPath<E, Int64>,
        into database: KSIDatabase,
        batchSize: Int
    ) async throws {
        var start = 0
        while start < entities.count {
            let batch = entities[start..<min(start + batchSize, entities.count)].map { ($0, $0[keyPath: createdAt]) }
            try await database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: BoundedContext.allocation.rawValue)
                for (entity, millis) in batch { try await store.insert(entity, at: millis) }
            }
            start += batch.count
        }
    }

    /// One signed decision per needs report with an outcome (the decided statuses of `makeReports`).
    public func makeGrantDecisions(reports: [NeedsReport]) -> [GrantDecision] {
        reports.compactMap { report -> GrantDecision? in
            let outcome: GrantDecisionOutcome
            switch report.status {
            case .fundedAsRequested: outcome = .approved
            case .fundedOtherThanRequested: outcome = .partiallyApproved
            case .rejected: outcome = .rejected
            default: return nil
            }
            let decided = Self.millis(LocalDate(year: report.year, month: 6, day: 15))
            return GrantDecision.with {
                $0.id = report.id.replacingOccurrences(of: "nat-report-", with: "nat-decision-")
                $0.createdAt = decided
                $0.updatedAt = decided
                $0.lineId = report.id.replacingOccurrences(of: "nat-report-", with: "nat-line-")
                $0.roundId = report.roundId
                $0.governorOfficeId = report.governorOfficeId
                $0.scheme = report.scheme
                $0.year = report.year
                $0.recipientOrgId = "org-\(report.leadOwnerId)"
                $0.needsReportIds = [report.id]
                $0.outcome = outcome
                $0.approvedAmountOre = outcome == .rejected ? 0 : report.decidedAmountOre
                $0.deviatesFromRequest = outcome != .approved
                $0.preparedBy = "nat-sf-saksbehandlar"
                $0.signedBy = "nat-sf-leiar"
                $0.decidedAt = decided
                $0.status = .signed
                $0.ownerAmountOre = $0.approvedAmountOre
            }
        }
    }

    /// One published frame per embete, scheme and year: the approved total rounded up to a million
    /// kroner, plus 10 % (so utilisation is below 100 %).
    public func makeRegionalFrames(decisions: [GrantDecision]) -> [RegionalFrame] {
        var approved: [String: Int64] = [:]
        for decision in decisions {
            let key = "\(decision.governorOfficeId)|\(decision.scheme.rawValue)|\(decision.year)"
            approved[key] = Money.saturatingAdd(approved[key] ?? 0, decision.approvedAmountOre)
        }
        var frames: [RegionalFrame] = []
        for office in embeter {
            for scheme in Self.schemes {
                for year in Self.years {
                    let total = approved["\(office.id)|\(scheme.rawValue)|\(year)", default: 0]
                    let million: Int64 = 100_000_000
                    let published = Self.millis(LocalDate(year: year - 1, month: 12, day: 15))
                    frames.append(
                        RegionalFrame.with {
                            $0.id = "nat-frame-\(office.id)-\(scheme.name)-\(year)"
                            $0.createdAt = published
                            $0.updatedAt = published
                            $0.governorOfficeId = office.id
                            $0.scheme = scheme
                            $0.year = year
                            $0.amountOre = ((total + million - 1) / million) * million * 11 / 10
                            $0.status = .published
                            $0.publishedAt = published
                        }
                    )
                }
            }
        }
        return frames
    }
}
