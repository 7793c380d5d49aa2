import Foundation
import SQLKit

extension GrantContext {
    /// Issue 17: decided and precommitted amounts summed by group in SQL over `grant_decision_facts`,
    /// `grant_facts` and `multi_year_commitment_facts`, for the gateway's views (V3). System callers only.
    /// Decided (§5, ALLOC-R2's totals): signed decisions with an approved amount for a year in the range, and
    /// confirmed or reduced multi-year amounts for it; precommitted (V3): commitments for a year of the range on
    /// grants of earlier years that are not cancelled, at the confirmed amount once confirmed or reduced and at
    /// the indicative amount before. A commitment's embete and scheme are its grant's (a commitment whose grant
    /// is unknown is left out, as in the lists). Disbursed (V1): every disbursement on a grant of the range,
    /// whenever paid; reclaimed (V1): decided and settled reclaim cases on such grants — both by the grant.
    public func aggregateAllocation(
        _ request: AggregateAllocationRequest,
        as caller: Caller
    ) async throws -> AggregateAllocationResponse {
        guard caller.hasAny([.system]) else {
            throw DomainError.notPermitted("only the system (the gateway's views) may read allocation aggregates")
        }
        try FactYears.check(from: request.fromYear, to: request.toYear)
        let firstPage = try AggregatePage(request)  // the token is checked before anything is read
        let decisions = Self.decisionQuery(request)
        let confirmed = Self.confirmedQuery(request)
        let precommitted = Self.precommittedQuery(request)
        let disbursed = Self.grantMoneyQuery(request, table: Disbursement.factTable.name, where: "1 = 1")
        let reclaimed = Self.grantMoneyQuery(
            request,
            table: ReclaimCase.factTable.name,
            where: "m.status IN (\(ReclaimCaseStatus.decided.rawValue), \(ReclaimCaseStatus.settled.rawValue))"
        )
        return try await runner.read { store in
            var page = firstPage
            let decisionRows = try await store.sql.raw(decisions).all()
            let confirmedRows = try await store.sql.raw(confirmed).all()
            let precommittedRows = try await store.sql.raw(precommitted).all()
            let disbursedRows = try await store.sql.raw(disbursed).all()
            let reclaimedRows = try await store.sql.raw(reclaimed).all()
            // Paged (issue 17): by lines, the groups grow with the decisions and grants.
            return try AggregateAllocationResponse.with { response in
                response.decided = try page.take(
                    decisionRows.map { try Self.decidedGroup($0, request, fromCommitment: false) }
                        + confirmedRows.map { try Self.decidedGroup($0, request, fromCommitment: true) },
                    part: 0
                )
                response.precommitted = try page.take(
                    precommittedRows.map { try Self.precommittedGroup($0, request) },
                    part: 1
                )
                response.disbursed = try page.take(disbursedRows.map { try Self.grantMoneyGroup($0, request) }, part: 2)
                response.reclaimed = try page.take(reclaimedRows.map { try Self.grantMoneyGroup($0, request) }, part: 3)
                response.nextPageToken = page.nextPageToken
            }
        }
    }

    private static let signed = Int64(GrantDecisionStatus.signed.rawValue)
    private static let confirmedStatuses =
        "(\(MultiYearCommitmentStatus.confirmed.rawValue), \(MultiYearCommitmentStatus.reduced.rawValue))"
    private static let cancelled = Int64(MultiYearCommitmentStatus.cancelled.rawValue)

    /// `SELECT keys, COUNT, SUM FROM … WHERE … GROUP BY keys`: each key an expression and its name.
    private static func grouped(
        keys: [(expression: String, name: String)],
        sum: String,
        from: String,
        where condition: String,
        yearColumn: String,
        scopeTable: String,
        _ request: AggregateAllocationRequest
    ) -> SQLQueryString {
        let selected = keys.map { "\($0.expression) AS \($0.name)" }.joined(separator: ", ")
        var query = SQLQueryString(
            "SELECT \(unsafeRaw: selected), COUNT(*) AS n, \(unsafeRaw: FactSum.columns(sum, as: "amount")) FROM \(unsafeRaw: from) WHERE \(unsafeRaw: condition) AND \(unsafeRaw: yearColumn) >= "
        )
        query.appendInterpolation(bind: Int64(request.fromYear))
        query.appendInterpolation(unsafeRaw: " AND \(yearColumn) <= ")
        query.appendInterpolation(bind: Int64(request.toYear))
        if !request.governorOfficeId.isEmpty {
            query.appendInterpolation(unsafeRaw: " AND \(scopeTable)governor_office_id = ")
            query.appendInterpolation(bind: request.governorOfficeId)
        }
        if request.scheme != .unspecified {
            query.appendInterpolation(unsafeRaw: " AND \(scopeTable)scheme = ")
            query.appendInterpolation(bind: Int64(request.scheme.rawValue))
        }
        query.appendInterpolation(unsafeRaw: " GROUP BY \(keys.map(\.expression).joined(separator: ", "))")
        return query
    }

    private static func decisionQuery(_ request: AggregateAllocationRequest) -> SQLQueryString {
        var keys: [(expression: String, name: String)] = [
            ("governor_office_id", "governor_office_id"), ("scheme", "scheme"), ("year", "year"),
        ]
        if request.byLines { keys += [("recipient_org_id", "recipient_org_id"), ("line_id", "line_id")] }
        return grouped(
            keys: keys,
            sum: "approved_amount_ore",
            from: GrantDecision.factTable.name,
            where: "status = \(signed) AND approved_amount_ore > 0",
            yearColumn: "year",
            scopeTable: "",
            request
        )
    }

    private static let commitmentsWithGrants =
        "\(MultiYearCommitment.factTable.name) c JOIN \(Grant.factTable.name) g ON g.id = c.grant_id"

    private static func commitmentKeys(
        _ request: AggregateAllocationRequest,
        line: (expression: String, name: String)
    ) -> [(expression: String, name: String)] {
        var keys: [(expression: String, name: String)] = [
            ("g.governor_office_id", "governor_office_id"), ("g.scheme", "scheme"), ("c.year", "year"),
        ]
        if request.byLines {
            keys += [("g.recipient_org_id", "recipient_org_id"), ("g.recipient_type", "recipient_type"), line]
        }
        return keys
    }

    private static func confirmedQuery(_ request: AggregateAllocationRequest) -> SQLQueryString {
        grouped(
            keys: commitmentKeys(request, line: ("c.line_id", "line_id")),
            sum: "c.confirmed_amount_ore",
            from: commitmentsWithGrants,
            where: "c.status IN \(confirmedStatuses) AND c.confirmed_amount_ore > 0",
            yearColumn: "c.year",
            scopeTable: "g.",
            request
        )
    }

    private static func precommittedQuery(_ request: AggregateAllocationRequest) -> SQLQueryString {
        grouped(
            keys: commitmentKeys(request, line: ("g.line_ids", "line_ids")),
            sum: "(CASE WHEN c.status IN \(confirmedStatuses) THEN c.confirmed_amount_ore ELSE c.amount_ore END)",
            from: commitmentsWithGrants,
            where: "c.status <> \(cancelled) AND g.year < c.year",
            yearColumn: "c.year",
            scopeTable: "g.",
            request
        )
    }

    /// Money on grants of the range (`m`: disbursements or reclaim cases), by the grant's keys and year.
    private static func grantMoneyQuery(
        _ request: AggregateAllocationRequest,
        table: String,
        where condition: String
    ) -> SQLQueryString {
        var keys: [(expression: String, name: String)] = [
            ("g.governor_office_id", "governor_office_id"), ("g.scheme", "scheme"), ("g.year", "year"),
        ]
        if request.byLines {
            keys += [
                ("g.recipient_org_id", "recipient_org_id"), ("g.recipient_type", "recipient_type"),
                ("g.line_ids", "line_ids"),
            ]
        }
        return grouped(
            keys: keys,
            sum: "m.amount_ore",
            from: "\(table) m JOIN \(Grant.factTable.name) g ON g.id = m.grant_id",
            where: condition,
            yearColumn: "g.year",
            scopeTable: "g.",
            request
        )
    }

    private static func grantMoneyGroup(
        _ row: any SQLRow,
        _ request: AggregateAllocationRequest
    ) throws -> GrantMoneyGroup {
        try GrantMoneyGroup.with {
            $0.governorOfficeId = try row.decode(column: "governor_office_id", as: String.self)
            $0.scheme = Scheme(rawValue: Int32(try row.decode(column: "scheme", as: Int64.self))) ?? .unspecified
            $0.year = Int32(try row.decode(column: "year", as: Int64.self))
            if request.byLines {
                $0.recipientOrgId = try row.decode(column: "recipient_org_id", as: String.self)
                $0.recipientType =
                    RecipientType(rawValue: Int32(try row.decode(column: "recipient_type", as: Int64.self)))
                    ?? .unspecified
                $0.lineIds = FactKeys.ids(fromKey: try row.decode(column: "line_ids", as: String.self))
            }
            $0.amountOre = try FactSum.value(row, alias: "amount")
            $0.count = try row.decode(column: "n", as: Int64.self)
        }
    }

    private static func decidedGroup(
        _ row: any SQLRow,
        _ request: AggregateAllocationRequest,
        fromCommitment: Bool
    ) throws -> DecidedGroup {
        try DecidedGroup.with {
            $0.governorOfficeId = try row.decode(column: "governor_office_id", as: String.self)
            $0.scheme = Scheme(rawValue: Int32(try row.decode(column: "scheme", as: Int64.self))) ?? .unspecified
            $0.year = Int32(try row.decode(column: "year", as: Int64.self))
            $0.fromCommitment = fromCommitment
            if request.byLines {
                $0.recipientOrgId = try row.decode(column: "recipient_org_id", as: String.self)
                $0.lineId = try row.decode(column: "line_id", as: String.self)
                if fromCommitment {
                    $0.recipientType =
                        RecipientType(rawValue: Int32(try row.decode(column: "recipient_type", as: Int64.self)))
                        ?? .unspecified
                }
            }
            $0.amountOre = try FactSum.value(row, alias: "amount")
            $0.count = try row.decode(column: "n", as: Int64.self)
        }
    }

    private static func precommittedGroup(
        _ row: any SQLRow,
        _ request: AggregateAllocationRequest
    ) throws -> PrecommittedGroup {
        try PrecommittedGroup.with {
            $0.governorOfficeId = try row.decode(column: "governor_office_id", as: String.self)
            $0.scheme = Scheme(rawValue: Int32(try row.decode(column: "scheme", as: Int64.self))) ?? .unspecified
            $0.year = Int32(try row.decode(column: "year", as: Int64.self))
            if request.byLines {
                $0.recipientOrgId = try row.decode(column: "recipient_org_id", as: String.self)
                $0.recipientType =
                    RecipientType(rawValue: Int32(try row.decode(column: "recipient_type", as: Int64.self)))
                    ?? .unspecified
                $0.lineIds = FactKeys.ids(fromKey: try row.decode(column: "line_ids", as: String.self))
            }
            $0.amountOre = try FactSum.value(row, alias: "amount")
            $0.count = try row.decode(column: "n", as: Int64.self)
        }
    }
}

extension AggregateAllocationRequest: PagedAggregateRequest {}

extension AggregateAllocationResponse: PagedAggregateResponse {
    public mutating func append(contentsOf page: Self) {
        decided += page.decided
        precommitted += page.precommitted
        disbursed += page.disbursed
        reclaimed += page.reclaimed
    }
}
