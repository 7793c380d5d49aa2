import KSICore

/// The needs report the storage suites store: owner-1's, Agder, 2025, the KSI scheme.
enum StoredReports {
    static func report(_ id: String, status: NeedsReportStatus = .unspecified, amount: Int64 = 0) -> NeedsReport {
        NeedsReport.with {
            $0.id = id
            $0.leadOwnerId = "owner-1"
            $0.governorOfficeId = "agder"
            $0.year = 2025
            $0.scheme = .ksi
            $0.status = status
            $0.requestedAmountOre = amount
        }
    }
}
