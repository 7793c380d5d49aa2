import KSICore

/// What a page shows when the reader has not chosen: the viewer's own embete, and the latest year with data.
enum SelectionDefaults {
    /// The embete of the caller's organisation when it is a statsforvalter (its registry record, or else the
    /// embete its statsforvalter or forum roles are scoped to); else "" (the whole country).
    static func region(of caller: Caller, reference: ReferenceData) -> String {
        if let organisation = caller.organisation,
            organisation.recordKind == .governorOffice || organisation.kind == .governorOffice,
            reference.governorOffice(organisation.recordId) != nil
        {
            return organisation.recordId
        }
        return embeteRoles.lazy.compactMap { role in
            caller.grants.first { $0.role == role && reference.governorOffice($0.scopeId) != nil }?.scopeId
        }.first ?? ""
    }

    /// The roles whose scope names the viewer's own embete, in the order the default is taken from.
    static let embeteRoles: [Role] = [.sfCaseworker, .sfDecisionMaker, .forumChair, .forumMember, .committeeMember]

    /// How many years back the latest year with data is looked for.
    static let lookBackYears: Int32 = 10

    /// The latest year that has data for the selection: a regional frame or a needs report of that
    /// embete (all embeter for "") and scheme, read through the gateway's own data source (the same reads
    /// the views make, cached by `CachingViewDataSource`) over the years from ten years back to next year.
    /// Only the years are used, so no entity reaches the page. Without any data: the current year.
    static func latestYear(views: GatewayViews, region: String, scheme: Scheme) async -> Int32 {
        let thisYear = views.time.today().year
        let query = ViewQuery(
            governorOfficeId: region,
            scheme: scheme,
            years: (thisYear - lookBackYears)...(thisYear + 1)
        )
        async let allocation = try? views.source.allocation(query)
        async let needs = try? views.source.needs(query)
        let frameYears =
            (await allocation)?.frames.filter { matches($0.governorOfficeId, $0.scheme, region, scheme) }.map(\.year)
            ?? []
        let reportYears =
            (await needs)?.reports.filter { matches($0.governorOfficeId, $0.scheme, region, scheme) }.map(\.year) ?? []
        return (frameYears + reportYears).filter { query.years.contains($0) }.max() ?? thisYear
    }

    private static func matches(_ office: String, _ itsScheme: Scheme, _ region: String, _ scheme: Scheme) -> Bool {
        (region.isEmpty || office == region) && (scheme == .unspecified || itsScheme == scheme)
    }

    /// The query with `region` filled in when absent (an empty `region=` means the whole country and is
    /// kept) and `year` when absent or empty. `fixedRegion` is the embete a page is about (from its path).
    static func apply(
        to query: [String: String],
        caller: Caller,
        views: GatewayViews,
        fixedRegion: String? = nil
    ) async -> [String: String] {
        var query = query
        if let fixedRegion {
            query["region"] = fixedRegion
        } else if query["region"] == nil {
            query["region"] = region(of: caller, reference: views.reference)
        }
        if (query["year"] ?? "").isEmpty {
            let scheme = Scheme(name: query["scheme"] ?? "") ?? .unspecified
            query["year"] = String(await latestYear(views: views, region: query["region"] ?? "", scheme: scheme))
        }
        return query
    }
}
