import Foundation
import SQLKit

extension PartnershipQueryContext {
    /// Issue 17: partnerships and measures counted by group in SQL over `partnership_facts` and
    /// `measure_facts`, for the gateway's views. System callers only: measure groups name their draft
    /// partnerships with who may read them, and the gateway keeps per caller what PRIV-R12 allows. Draft
    /// partnerships themselves are never counted (a draft was never active). Only partnerships and measures
    /// that may be active in a year of the range are counted: activated no later than `to_year`, not ended
    /// before `from_year`; a measure whose start and end years overlap the range.
    public func aggregatePartnerships(
        _ request: AggregatePartnershipsRequest,
        as caller: Caller
    ) async throws -> AggregatePartnershipsResponse {
        guard caller.hasAny([.system]) else {
            throw DomainError.notPermitted("only the system (the gateway's views) may read partnership aggregates")
        }
        try FactYears.check(from: request.fromYear, to: request.toYear)
        let firstPage = try AggregatePage(request)  // the token is checked before anything is read
        let partnerships = partnershipQuery(request)
        let measures = measureQuery(request)
        let drafts = draftQuery(request)
        return try await runner.read { store in
            var page = firstPage
            let partnershipRows = try await store.sql.raw(partnerships).all()
            let measureRows = try await store.sql.raw(measures).all()
            let draftRows = try await store.sql.raw(drafts).all()
            // Paged (issue 17): measure groups grow with the distinct sets of units, drafts with the drafts.
            return try AggregatePartnershipsResponse.with { response in
                response.partnerships = try page.take(
                    partnershipRows.map { try Self.partnershipGroup($0, request) },
                    part: 0
                )
                response.measures = try page.take(measureRows.map { try Self.measureGroup($0, request) }, part: 1)
                response.draftPartnerships = try page.take(
                    draftRows.compactMap { row in
                        let readers = try row.decode(column: "readers", as: String.self)
                        guard let bytes = Data(base64Encoded: readers) else { return nil }
                        return try Partnership(wireBytes: [UInt8](bytes))
                    },
                    part: 2
                )
                response.nextPageToken = page.nextPageToken
            }
        }
    }

    private static let draft = Int64(PartnershipStatus.draft.rawValue)

    private func partnershipQuery(_ request: AggregatePartnershipsRequest) -> SQLQueryString {
        var keys = ["governor_office_id", "scheme", "status", "activated_year", "ended_year", "agreements"]
        if request.byOwners { keys.append("owners") }
        let keyList = keys.joined(separator: ", ")
        var query = SQLQueryString(
            "SELECT \(unsafeRaw: keyList), COUNT(*) AS n FROM \(unsafeRaw: Partnership.factTable.name)"
        )
        query.appendInterpolation(unsafeRaw: " WHERE status <> \(Self.draft) AND activated_year <= ")
        query.appendInterpolation(bind: Int64(request.toYear))
        query.appendInterpolation(unsafeRaw: " AND ended_year >= ")
        query.appendInterpolation(bind: Int64(request.fromYear))
        Self.appendScope(&query, request, table: "")
        query.appendInterpolation(unsafeRaw: " GROUP BY \(keyList)")
        return query
    }

    /// The measure's partnership id when that partnership is a draft now (read through the join, so a
    /// partnership activated later is no longer named), else ''.
    private static let draftPartnership =
        "CASE WHEN p.status = \(draft) THEN m.partnership_id ELSE '' END"

    private func measureQuery(_ request: AggregatePartnershipsRequest) -> SQLQueryString {
        var keys = ["m.governor_office_id", "m.scheme", "m.status", "m.start_year", "m.end_year", "m.units"]
        if request.bySectors { keys.append("m.sectors") }
        let keyList = keys.joined(separator: ", ")
        var query = SQLQueryString(
            "SELECT \(unsafeRaw: keyList), \(unsafeRaw: Self.draftPartnership) AS draft_partnership_id, COUNT(*) AS n"
        )
        Self.appendMeasureScope(&query, request)
        query.appendInterpolation(unsafeRaw: " GROUP BY \(keyList), \(Self.draftPartnership)")
        return query
    }

    private func draftQuery(_ request: AggregatePartnershipsRequest) -> SQLQueryString {
        var query = SQLQueryString("SELECT DISTINCT p.id, p.readers")
        Self.appendMeasureScope(&query, request)
        query.appendInterpolation(unsafeRaw: " AND p.status = \(Self.draft)")
        return query
    }

    /// FROM the measures joined to their partnerships (none when unknown), WHERE in scope.
    private static func appendMeasureScope(_ query: inout SQLQueryString, _ request: AggregatePartnershipsRequest) {
        query.appendInterpolation(
            unsafeRaw:
                " FROM \(Measure.factTable.name) m LEFT JOIN \(Partnership.factTable.name) p ON p.id = m.partnership_id WHERE m.start_year <= "
        )
        query.appendInterpolation(bind: Int64(request.toYear))
        query.appendInterpolation(unsafeRaw: " AND m.end_year >= ")
        query.appendInterpolation(bind: Int64(request.fromYear))
        appendScope(&query, request, table: "m.")
    }

    private static func appendScope(
        _ query: inout SQLQueryString,
        _ request: AggregatePartnershipsRequest,
        table: String
    ) {
        if !request.governorOfficeId.isEmpty {
            query.appendInterpolation(unsafeRaw: " AND \(table)governor_office_id = ")
            query.appendInterpolation(bind: request.governorOfficeId)
        }
        if request.scheme != .unspecified {
            query.appendInterpolation(unsafeRaw: " AND \(table)scheme = ")
            query.appendInterpolation(bind: Int64(request.scheme.rawValue))
        }
    }

    private static func partnershipGroup(
        _ row: any SQLRow,
        _ request: AggregatePartnershipsRequest
    ) throws -> PartnershipGroup {
        try PartnershipGroup.with {
            $0.governorOfficeId = try row.decode(column: "governor_office_id", as: String.self)
            $0.scheme = Scheme(rawValue: Int32(try row.decode(column: "scheme", as: Int64.self))) ?? .unspecified
            $0.status =
                PartnershipStatus(rawValue: Int32(try row.decode(column: "status", as: Int64.self))) ?? .unspecified
            $0.activatedYear = Int32(try row.decode(column: "activated_year", as: Int64.self))
            $0.endedYear = Int32(try row.decode(column: "ended_year", as: Int64.self))
            $0.agreementYears = FactKeys.spans(fromKey: try row.decode(column: "agreements", as: String.self))
            if request.byOwners {
                $0.ownerIds = FactKeys.ids(fromKey: try row.decode(column: "owners", as: String.self))
            }
            $0.count = try row.decode(column: "n", as: Int64.self)
        }
    }

    private static func measureGroup(_ row: any SQLRow, _ request: AggregatePartnershipsRequest) throws -> MeasureGroup
    {
        try MeasureGroup.with {
            $0.governorOfficeId = try row.decode(column: "governor_office_id", as: String.self)
            $0.scheme = Scheme(rawValue: Int32(try row.decode(column: "scheme", as: Int64.self))) ?? .unspecified
            $0.status = MeasureStatus(rawValue: Int32(try row.decode(column: "status", as: Int64.self))) ?? .unspecified
            $0.startYear = Int32(try row.decode(column: "start_year", as: Int64.self))
            $0.endYear = Int32(try row.decode(column: "end_year", as: Int64.self))
            $0.draftPartnershipId = try row.decode(column: "draft_partnership_id", as: String.self)
            $0.participatingUnitIds = FactKeys.ids(fromKey: try row.decode(column: "units", as: String.self))
            if request.bySectors {
                $0.sectors = NeedsReport.sectors(fromKey: try row.decode(column: "sectors", as: String.self))
            }
            $0.count = try row.decode(column: "n", as: Int64.self)
        }
    }
}

extension AggregatePartnershipsRequest: PagedAggregateRequest {}

extension AggregatePartnershipsResponse: PagedAggregateResponse {
    public mutating func append(contentsOf page: Self) {
        partnerships += page.partnerships
        measures += page.measures
        draftPartnerships += page.draftPartnerships
    }
}
