import Foundation
import SQLKit

extension NeedsQueryContext {
    /// Issue 17: counts and requested sums of the reports in scope, grouped in SQL over `needs_report_facts`
    /// (indexed by year, embete, scheme), for the gateway's views. System callers only: the groups include
    /// unpublished reports with who may read them, and the gateway keeps per caller what PRIV-R12 allows.
    /// The number of groups is bounded by the reference data (see `AggregateNeedsReportsResponse`), not by
    /// the number of reports, except one group per distinct set of readers of unpublished reports.
    public func aggregateNeedsReports(
        _ request: AggregateNeedsReportsRequest,
        as caller: Caller
    ) async throws -> AggregateNeedsReportsResponse {
        guard caller.hasAny([.system]) else {
            throw DomainError.notPermitted("only the system (the gateway's views) may read report aggregates")
        }
        try FactYears.check(from: request.fromYear, to: request.toYear)
        let firstPage = try AggregatePage(request)  // the token is checked before anything is read
        var keys = ["governor_office_id", "scheme", "year", "status", "unpublished", "readers"]
        if request.byLeadOwner { keys.append("lead_owner_id") }
        if request.byNetwork { keys.append("network_id") }
        if request.bySectors { keys.append("sectors") }
        let keyList = keys.joined(separator: ", ")
        var query = SQLQueryString(
            "SELECT \(unsafeRaw: keyList), COUNT(*) AS n, \(unsafeRaw: FactSum.columns("requested_ore", as: "requested"))"
        )
        query.appendInterpolation(unsafeRaw: " FROM \(NeedsReport.factTable.name) WHERE year >= ")
        query.appendInterpolation(bind: Int64(request.fromYear))
        query.appendInterpolation(unsafeRaw: " AND year <= ")
        query.appendInterpolation(bind: Int64(request.toYear))
        if !request.governorOfficeId.isEmpty {
            query.appendInterpolation(unsafeRaw: " AND governor_office_id = ")
            query.appendInterpolation(bind: request.governorOfficeId)
        }
        if request.scheme != .unspecified {
            query.appendInterpolation(unsafeRaw: " AND scheme = ")
            query.appendInterpolation(bind: Int64(request.scheme.rawValue))
        }
        query.appendInterpolation(unsafeRaw: " GROUP BY \(keyList)")
        let finished = query
        return try await runner.read { store in
            var page = firstPage
            let rows = try await store.sql.raw(finished).all()
            // Paged (issue 17): one group per distinct set of readers of unpublished reports.
            return try AggregateNeedsReportsResponse.with { response in
                let groups = try rows.map { row in
                    let readers = try row.decode(column: "readers", as: String.self)
                    return try NeedsReportGroup.with {
                        $0.governorOfficeId = try row.decode(column: "governor_office_id", as: String.self)
                        $0.scheme =
                            Scheme(rawValue: Int32(try row.decode(column: "scheme", as: Int64.self))) ?? .unspecified
                        $0.year = Int32(try row.decode(column: "year", as: Int64.self))
                        $0.status =
                            NeedsReportStatus(rawValue: Int32(try row.decode(column: "status", as: Int64.self)))
                            ?? .unspecified
                        $0.unpublished = try row.decode(column: "unpublished", as: Int64.self) != 0
                        if !readers.isEmpty, let bytes = Data(base64Encoded: readers) {
                            $0.readers = try NeedsReport(wireBytes: [UInt8](bytes))
                        }
                        if request.byLeadOwner {
                            $0.leadOwnerId = try row.decode(column: "lead_owner_id", as: String.self)
                        }
                        if request.byNetwork { $0.networkId = try row.decode(column: "network_id", as: String.self) }
                        if request.bySectors {
                            $0.sectors = NeedsReport.sectors(
                                fromKey: try row.decode(column: "sectors", as: String.self)
                            )
                        }
                        $0.count = try row.decode(column: "n", as: Int64.self)
                        $0.requestedOre = try FactSum.value(row, alias: "requested")
                    }
                }
                response.groups = try page.take(groups, part: 0)
                response.nextPageToken = page.nextPageToken
            }
        }
    }
}

extension AggregateNeedsReportsRequest: PagedAggregateRequest {}

extension AggregateNeedsReportsResponse: PagedAggregateResponse {
    public mutating func append(contentsOf page: Self) {
        groups += page.groups
    }
}

/// The year range of an aggregate request: 1900–2200, at most 20 years after `from` (one view reads the year
/// and up to ten before it).
enum FactYears {
    static func check(from: Int32, to: Int32) throws {
        guard (1900...2200).contains(from) else {
            throw DomainError.invalidArgument(field: "from_year", "from_year must be a year from 1900 to 2200")
        }
        guard to >= from && to - from <= 20 else {
            throw DomainError.invalidArgument(
                field: "to_year",
                "to_year must be from from_year to 20 years after it"
            )
        }
    }
}
