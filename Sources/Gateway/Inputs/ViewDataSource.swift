import KSICore
import Logging
import Services

/// Where views get their data. The gateway's implementation calls the four services over gRPC
/// (`ServiceViewDataSource` over `…ServiceRemote`); embedding, benchmarks and tests read the contexts in process (`…ServiceActing`).
/// Each method throws when its service cannot answer; the caller turns that into an unavailable section.
public protocol ViewDataSource: Sendable {
    func allocation(_ query: ViewQuery) async throws -> AllocationData
    func needs(_ query: ViewQuery) async throws -> NeedsData
    func partnerships(_ query: ViewQuery) async throws -> PartnershipsData
    func referral(_ query: ViewQuery) async throws -> ReferralData
    /// The competence networks of an embete (names for the simulator's sub-frames), without the rest of `allocation`.
    func networks(governorOfficeId: String) async throws -> [CompetenceNetwork]
    /// Counts and sums of the needs reports in `query`, grouped in the service (issue 17).
    func needsAggregate(_ query: ViewQuery, grouping: NeedsGrouping) async throws -> NeedsAggregate
    /// Decided and precommitted sums in `query`, grouped in the service, with the frames, recommendations and
    /// networks as lists (issue 17).
    func allocationAggregate(_ query: ViewQuery, grouping: AllocationGrouping) async throws -> AllocationAggregate
    /// Counts of the partnerships and measures in `query`, grouped in the service (issue 17).
    func partnershipsAggregate(
        _ query: ViewQuery,
        grouping: PartnershipGrouping
    ) async throws
        -> PartnershipsAggregate
}

extension ViewDataSource {
    /// By default the networks come with the whole allocation read; sources that can read them alone should.
    public func networks(governorOfficeId: String) async throws -> [CompetenceNetwork] {
        try await allocation(ViewQuery(governorOfficeId: governorOfficeId, scheme: .unspecified, years: 0...0)).networks
    }
}

extension ViewDataSource {
    /// By default the groups are computed from the reports (`NeedsAggregate(reports:grouping:)`); sources
    /// over the services ask NeedsService's `AggregateNeedsReports` instead.
    public func needsAggregate(_ query: ViewQuery, grouping: NeedsGrouping) async throws -> NeedsAggregate {
        NeedsAggregate(reports: try await needs(query).reports, grouping: grouping)
    }

    /// By default the groups are computed from the lists (`AllocationAggregate(data:grouping:years:)`);
    /// sources over the services ask AllocationService's `AggregateAllocation` instead.
    public func allocationAggregate(
        _ query: ViewQuery,
        grouping: AllocationGrouping
    ) async throws -> AllocationAggregate {
        AllocationAggregate(data: try await allocation(query), grouping: grouping, years: query.years)
    }

    /// By default the groups are computed from the lists (`PartnershipsAggregate(data:grouping:years:)`);
    /// sources over the services ask PartnershipService's `AggregatePartnerships` instead.
    public func partnershipsAggregate(
        _ query: ViewQuery,
        grouping: PartnershipGrouping
    ) async throws -> PartnershipsAggregate {
        PartnershipsAggregate(data: try await partnerships(query), grouping: grouping, years: query.years)
    }
}

extension ViewDataSource {
    /// Fetches one source's section for a view, turning a failure into an unavailable section with its reason.
    func section<Value: Sendable>(
        _ source: ViewSource,
        _ fetch: @Sendable () async throws -> Value
    ) async -> SourceSection<Value> {
        do {
            return .available(try await fetch())
        } catch {
            return .unavailable(reason: ViewSourceFailure.reason(source, error))
        }
    }
}

/// Describes why a source could not answer, for `SectionStatus.reason`: a stable text and an incident
/// id, never the error's own text (issue 11 item 7). A `SourceUnavailable` was logged where it was made;
/// any other error is logged here under a new id.
public enum ViewSourceFailure {
    static let logger = Logger(label: "ksi.gateway.sources")

    public static func reason(_ source: ViewSource, _ error: any Error) -> String {
        if let unavailable = error as? SourceUnavailable { return unavailable.description }
        return SourceUnavailable.reported(source, error, logger: logger).description
    }
}
