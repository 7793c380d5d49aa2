import KSICore

/// What of the services' data a caller's view may draw on (PRIV-R12). The gateway reads every source as
/// its own `system` identity (an aggregate needs complete inputs), so the owning services' per-caller
/// filters do not apply; this is where the gateway applies them again, once for every view (V1–V13, the
/// JSON API, the gRPC façade and the dashboard alike), before any view function sees the data.
///
/// Published entities — grants, plans, submitted reports, partnerships in force — are public-sector
/// information (DOMAIN.md §7) and stay in every caller's view. An **unpublished** entity is shown only to
/// a caller the owning service itself would let read it (`NeedsReport.isReadable(by:)`,
/// `Partnership.isReadable(by:)`): its owners and invited co-editors, the embete's staff and forum, Udir.
/// Unpublished means:
/// - a needs report in `draft`, or `withdrawn` without ever having been submitted;
/// - a partnership in `draft`, with its measures, reports, conflict cases and third-party contributions;
/// - a partnership report in `draft`.
/// PD: a `returned` report has been submitted and stays visible (its status says it is being corrected).
/// Aggregates (counts by status, sums) are computed over what the caller may see, so another owner's
/// drafts do not show up as counts either.
public struct ViewVisibility: Sendable {
    public let caller: Caller

    public init(caller: Caller) {
        self.caller = caller
    }

    /// Whether a needs report has not been made public by its owner.
    public static func isUnpublished(_ report: NeedsReport) -> Bool {
        report.isUnpublished
    }

    /// The needs groups this caller's views may use (issue 17): published groups, and unpublished groups
    /// whose reports the caller could read — the same rule as for the reports (`isReadable(by:)`), asked of
    /// the group's readers in its embete.
    public func needs(_ aggregate: NeedsAggregate) -> NeedsAggregate {
        var visible = aggregate
        visible.groups = aggregate.groups.filter { group in
            guard group.unpublished else { return true }
            var report = group.readers ?? NeedsReport()
            report.governorOfficeId = group.governorOfficeId
            report.status = group.status
            return report.isReadable(by: caller)
        }
        return visible
    }

    /// The needs data this caller's views may use.
    ///
    /// Issue 17: the data usually comes from the gateway's cache, and most callers may see all of it or all but a
    /// few drafts. So the reports left out are found first, without copying any; when there are none the data is
    /// handed on as it is (with what the cache worked out from it, `reportsById`), and otherwise the subset is
    /// made once per set of reports left out and kept with the cached data (`NeedsData.visibleSubsets`).
    public func needs(_ data: NeedsData) -> NeedsData {
        var leftOut = Set<String>()
        for index in data.reports.indices
        where Self.isUnpublished(data.reports[index]) && !data.reports[index].isReadable(by: caller) {
            leftOut.insert(data.reports[index].id)
        }
        guard !leftOut.isEmpty else { return data }
        return data.visibleSubsets.get(leftOut) {
            var visible = data
            visible.reports = data.reports.filter { !leftOut.contains($0.id) }
            return visible
        }
    }

    /// The partnership groups this caller's views may use (issue 17): every partnership group (drafts are
    /// never in them), and the measure groups of a draft partnership only for its readers — the same rule
    /// as for the lists, asked of the draft's readers (`Partnership.readers`); an unknown draft is hidden.
    public func partnerships(_ aggregate: PartnershipsAggregate) -> PartnershipsAggregate {
        let readable = Set(aggregate.draftPartnerships.filter { $0.isReadable(by: caller) }.map(\.id))
        var visible = aggregate
        visible.measures = aggregate.measures.filter {
            $0.draftPartnershipId.isEmpty || readable.contains($0.draftPartnershipId)
        }
        visible.draftPartnerships = aggregate.draftPartnerships.filter { readable.contains($0.id) }
        return visible
    }

    /// The partnership data this caller's views may use: draft partnerships (and everything in them) and
    /// draft partnership reports only for the partnership's readers. As for needs, what is left out is found
    /// first; nothing left out hands the data on as it is, and a subset is made once per `PartnershipsLeftOut`.
    public func partnerships(_ data: PartnershipsData) -> PartnershipsData {
        var hidden = Set<String>()
        var readable = Set<String>()
        for partnership in data.partnerships {
            if partnership.isReadable(by: caller) {
                readable.insert(partnership.id)
            } else if partnership.status == .draft {
                hidden.insert(partnership.id)
            }
        }
        var leftOut = PartnershipsLeftOut(partnerships: hidden, reports: [])
        // A draft report is the partnership's own work in progress; unknown partnership = not readable.
        for index in data.reports.indices where data.reports[index].status == .draft {
            if !readable.contains(data.reports[index].partnershipId) { leftOut.reports.insert(data.reports[index].id) }
        }
        guard !leftOut.isEmpty else { return data }
        return data.visibleSubsets.get(leftOut) {
            var visible = data
            visible.partnerships = data.partnerships.filter { !hidden.contains($0.id) }
            visible.measures = data.measures.filter { !hidden.contains($0.partnershipId) }
            visible.reports = data.reports.filter {
                !hidden.contains($0.partnershipId) && !leftOut.reports.contains($0.id)
            }
            visible.conflicts = data.conflicts.filter { !hidden.contains($0.partnershipId) }
            visible.contributions = data.contributions.filter { !hidden.contains($0.partnershipId) }
            return visible
        }
    }
}
