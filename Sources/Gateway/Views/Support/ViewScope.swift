import KSICore

/// The embete, scheme and year a view covers (§5 common parameters): an empty embete is national, an
/// unspecified scheme is every scheme.
public struct ViewScope: Sendable, Hashable {
    public var governorOfficeId: String
    public var scheme: Scheme
    public var year: Int32

    public init(governorOfficeId: String, scheme: Scheme, year: Int32) {
        self.governorOfficeId = governorOfficeId
        self.scheme = scheme
        self.year = year
    }

    /// The scope of a view's inputs: the query's embete, the request's scheme and the query's last year.
    public init(_ inputs: ViewInputs, scheme: Scheme) {
        self.init(governorOfficeId: inputs.query.governorOfficeId, scheme: scheme, year: inputs.query.years.upperBound)
    }

    public func contains(governorOfficeId office: String, scheme itemScheme: Scheme) -> Bool {
        (governorOfficeId.isEmpty || office == governorOfficeId) && (scheme == .unspecified || itemScheme == scheme)
    }

    public func contains(governorOfficeId office: String, scheme itemScheme: Scheme, year itemYear: Int32) -> Bool {
        itemYear == year && contains(governorOfficeId: office, scheme: itemScheme)
    }

    /// The last day of the year: the date municipalities are taken at (COM-R6).
    public var yearEnd: LocalDate { LocalDate(year: year, month: 12, day: 31) }

    /// The municipalities in scope on the last day of the year: the embete's, or every one nationally.
    public func municipalities(_ reference: ReferenceData) -> [Municipality] {
        if !governorOfficeId.isEmpty {
            return reference.municipalities(inGovernorOffice: governorOfficeId, on: yearEnd)
        }
        let ids = Set(reference.set.municipalities.map(\.id))
        return ids.sorted().compactMap { reference.municipality($0, on: yearEnd) }
    }
}

extension AllocationData {
    /// The frames in force for the scope's year: per embete and scheme the published frame, or the latest
    /// draft when none is published yet (V1, V3).
    public func frames(in scope: ViewScope) -> [RegionalFrame] {
        var chosen: [String: RegionalFrame] = [:]
        for frame in frames
        where scope.contains(governorOfficeId: frame.governorOfficeId, scheme: frame.scheme, year: frame.year) {
            let key = "\(frame.governorOfficeId)|\(frame.scheme.rawValue)"
            guard let current = chosen[key] else {
                chosen[key] = frame
                continue
            }
            let published = frame.status == .published
            let currentPublished = current.status == .published
            if published != currentPublished {
                if published { chosen[key] = frame }
            } else if (frame.updatedAt, frame.version) > (current.updatedAt, current.version) {
                chosen[key] = frame
            }
        }
        return chosen.keys.sorted().compactMap { chosen[$0] }
    }
}

extension NeedsReport {
    /// V1, V3: a report counts as requested unless it is a draft or withdrawn.
    public var countsAsRequested: Bool {
        status != .draft && status != .withdrawn && status != .unspecified
    }
}
