import Foundation
import GRPCCore
import KSICore

/// AllocationService's view of NeedsService's reports (ALLOC-R4): one `GetNeedsReport` per cited id, over
/// mutual TLS with AllocationService's system identity (NeedsService lets `system` read every report).
///
/// NOT_FOUND means the report does not exist; any other failure (NeedsService down, a timeout, a refusal)
/// becomes `unavailable`, so the line is refused with a retryable status and never stored unchecked.
public struct RemoteNeedsReportDirectory<Transport: ClientTransport>: NeedsReportDirectory {
    let needs: NeedsServiceClient<Transport>
    let timeout: Duration

    public init(_ needs: NeedsServiceClient<Transport>, timeout: Duration = RelayFlows.defaultCallTimeout) {
        self.needs = needs
        self.timeout = timeout
    }

    public func needsReports(ids: [String]) async throws -> [NeedsReport] {
        var reports: [NeedsReport] = []
        // A needs report id is a UUID NeedsService assigned (ID-R2): anything else names no report, and asking
        // would only be refused as malformed, so it is not asked for (ALLOC-R4 then names it as unknown).
        for id in Set(ids) where UUID(uuidString: id) != nil {
            do {
                reports.append(
                    try await needs.getNeedsReport(.with { $0.id = id }, options: .upstream(timeout: timeout))
                )
            } catch let error as RPCError where error.code == .notFound {
                continue
            } catch let error as RPCError {
                throw DomainError(
                    .unavailable,
                    "NeedsService could not check needs report \(id) (\(error.code)); try again"
                )
            }
        }
        return reports
    }
}

/// The directory of an AllocationService started without a NeedsService address: every cited report is
/// `unavailable`, because a line must not be stored unchecked.
public struct UnconfiguredNeedsReportDirectory: NeedsReportDirectory {
    public init() {}

    public func needsReports(ids: [String]) async throws -> [NeedsReport] {
        throw DomainError(
            .unavailable,
            "AllocationService has no NeedsService address (KSI_NEEDS_ADDRESS), so cited needs reports cannot be checked"
        )
    }
}
