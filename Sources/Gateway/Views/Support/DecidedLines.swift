import KSICore

/// One amount the statsforvalter decided for a year — §5's "amount": `approvedAmountOre` of a signed
/// decision for year Y, or a confirmed (or reduced) multi-year amount for Y — with the recommendation
/// line it funds, for the line's themes, sectors, units and municipalities.
public struct DecidedLine: Sendable, Hashable {
    public var governorOfficeId: String
    public var scheme: Scheme
    public var year: Int32
    public var amountOre: Int64
    public var recipientOrgId: String
    public var recipientType: RecipientType
    public var needsReportIds: [String]
    /// The line it funds; nil when the line is not among the recommendations read.
    public var line: RecommendationLine?
    public var decisionId: String

    /// The line as the shared V4–V6 figures see it (KSICore `ViewFigures`): the decided amount with the
    /// needs snapshot of the recommendation line (themes, sectors, units, municipalities of the reports it
    /// cites). A line without a snapshot, or not among the lines read, is unknown to V4 and V5.
    public var figureLine: ViewFigureLine {
        var figure = line?.figureLine ?? ViewFigureLine(amountOre: 0)
        figure.amountOre = amountOre
        return figure
    }

    /// V4's line (§5): once the line has measures, its themes are the union of their themes; before that,
    /// the snapshot's (the themes of the proposed measures in the needs reports it cites).
    public func figureLine(measureThemes: [String: [ThemeCode]]) -> ViewFigureLine {
        var figure = figureLine
        if let id = line?.id, let themes = measureThemes[id], !themes.isEmpty { figure.themes = themes }
        return figure
    }
}

extension PartnershipsData {
    /// The union of the themes of each funded line's measures, by recommendation line id
    /// (`Measure.grant_line_id`; a measure linked by grant id only names no line and is left out).
    public var measureThemesByLine: [String: [ThemeCode]] {
        themeIndex.get {
            var themes: [String: Set<ThemeCode>] = [:]
            for index in measures.indices where !measures[index].grantLineId.isEmpty {
                themes[measures[index].grantLineId, default: []].formUnion(
                    measures[index].themes.filter { $0 != .unspecified }
                )
            }
            return themes.mapValues { $0.sorted { $0.rawValue < $1.rawValue } }
        }
    }
}

extension AllocationData {
    /// Every recommendation line read, by id.
    public var linesById: [String: RecommendationLine] {
        lineIndex.get {
            var lines: [String: RecommendationLine] = [:]
            for recommendation in recommendations {
                for line in recommendation.lines { lines[line.id] = line }
            }
            return lines
        }
    }

    /// The decided amounts for `year` (ALLOC-R2's totals, line by line): signed decisions with an approved
    /// amount, plus confirmed or reduced multi-year commitments for the year made on earlier decisions.
    /// `scheme` unspecified = all schemes; `governorOfficeId` empty = every embete read.
    /// Worked out once per (year, embete, scheme) for the lists a cached entry holds (`decidedIndex`): most views
    /// ask for the same year's lines.
    public func decidedLines(year: Int32, governorOfficeId: String = "", scheme: Scheme = .unspecified) -> [DecidedLine]
    {
        decidedIndex.get(DecidedLinesKey(year: year, governorOfficeId: governorOfficeId, scheme: scheme)) {
            computeDecidedLines(year: year, governorOfficeId: governorOfficeId, scheme: scheme)
        }
    }

    private func computeDecidedLines(year: Int32, governorOfficeId: String, scheme: Scheme) -> [DecidedLine] {
        let lines = linesById
        let decisionsById = Dictionary(decisions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let grantsById = Dictionary(grants.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func inScope(_ office: String, _ lineScheme: Scheme) -> Bool {
            (governorOfficeId.isEmpty || office == governorOfficeId) && (scheme == .unspecified || lineScheme == scheme)
        }
        var result: [DecidedLine] = []
        for decision in decisions
        where decision.status == .signed && decision.year == year && decision.approvedAmountOre > 0
            && inScope(decision.governorOfficeId, decision.scheme)
        {
            result.append(
                DecidedLine(
                    governorOfficeId: decision.governorOfficeId,
                    scheme: decision.scheme,
                    year: year,
                    amountOre: decision.approvedAmountOre,
                    recipientOrgId: decision.recipientOrgId,
                    recipientType: lines[decision.lineId]?.recipientType ?? .unspecified,
                    needsReportIds: decision.needsReportIds,
                    line: lines[decision.lineId],
                    decisionId: decision.id
                )
            )
        }
        for commitment in commitments
        where commitment.year == year && (commitment.status == .confirmed || commitment.status == .reduced)
            && commitment.confirmedAmountOre > 0
        {
            guard let grant = grantsById[commitment.grantId], inScope(grant.governorOfficeId, grant.scheme) else {
                continue
            }
            let decision = decisionsById[commitment.grantDecisionId]
            let line = lines[commitment.recommendationLineId]
            result.append(
                DecidedLine(
                    governorOfficeId: grant.governorOfficeId,
                    scheme: grant.scheme,
                    year: year,
                    amountOre: commitment.confirmedAmountOre,
                    recipientOrgId: grant.recipientOrgId,
                    recipientType: grant.recipientType,
                    needsReportIds: decision?.needsReportIds ?? line?.needsReportIds ?? [],
                    line: line,
                    decisionId: commitment.grantDecisionId
                )
            )
        }
        return result
    }
}
