import KSICore

/// A view data source that can say where each service's data stands, so what was read from it can be
/// reused until the service commits a write (`CachingViewDataSource`).
public protocol ViewDataVersions: Sendable {
    /// The data version of the service behind `source` (`Get…DataVersion`, system callers only).
    func dataVersion(_ source: ViewSource) async throws -> DataVersion
}

extension ServiceViewDataSource: ViewDataVersions {
    public func dataVersion(_ source: ViewSource) async throws -> DataVersion {
        try await dataVersion(source, GetDataVersionRequest())
    }

    /// `Get…DataVersion` of the service behind `source`.
    func dataVersion(_ source: ViewSource, _ request: GetDataVersionRequest) async throws -> DataVersion {
        try await reporting(source) {
            switch source {
            case .allocation: try await allocationAPI.getDataVersion(request)
            case .needs: try await needsAPI.getDataVersion(request)
            case .partnerships: try await partnershipsAPI.getDataVersion(request)
            case .referral: try await referralAPI.getDataVersion(request)
            }
        }
    }
}

/// How many items (entities) a source's data holds: the cache's measure of its size.
protocol ViewSourceItems: Sendable {
    var itemCount: Int { get }
}

extension AllocationData: ViewSourceItems {
    var itemCount: Int {
        frames.count + recommendations.count + decisions.count + grants.count + disbursements.count + reclaims.count
            + commitments.count + pledges.count + networks.count + policies.count
    }
}

extension NeedsData: ViewSourceItems {
    var itemCount: Int { reports.count }
}

extension PartnershipsData: ViewSourceItems {
    var itemCount: Int { partnerships.count + measures.count + reports.count + conflicts.count + contributions.count }
}
