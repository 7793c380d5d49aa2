import KSICore

/// How the gateway pages through list RPCs (`PagedListRequest.allPages`): the largest page the services
/// serve (LIM-R7, `PageRequest.maximumSize`), which keeps each response well under the 4 MiB message limit.
enum Paging {
    static let pageSize = Int32(PageRequest.maximumSize)
}

extension ViewQuery {
    /// The year filter for a list RPC: the single year, or 0 (all years, filtered afterwards) for a range.
    var yearFilter: Int32 { years.lowerBound == years.upperBound ? years.upperBound : 0 }
}
