import KSICore

/// The `DimensionFacts` of the items the views split: needs reports, recommendation and decided lines,
/// grants (for their money), measures, partnerships, municipalities and frames.
public struct ItemFacts: Sendable {
    public let reference: ReferenceData
    public let reportsById: [String: NeedsReport]
    public let linesById: [String: RecommendationLine]

    public init(reference: ReferenceData, reports: [NeedsReport] = [], lines: [String: RecommendationLine] = [:]) {
        self.init(
            reference: reference,
            reportsById: Dictionary(reports.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            lines: lines
        )
    }

    /// With the reports already by id (`NeedsData.reportsById`, worked out once per cached read).
    public init(reference: ReferenceData, reportsById: [String: NeedsReport], lines: [String: RecommendationLine]) {
        self.reference = reference
        self.reportsById = reportsById
        self.linesById = lines
    }

    /// A report: its sectors, lead owner, network (`report.networkId`, none when empty), embete and year.
    public func report(_ report: NeedsReport) -> DimensionFacts {
        DimensionFacts(
            sectors: report.sectors,
            ownerIds: [report.leadOwnerId],
            governorOfficeId: report.governorOfficeId,
            networkIds: report.networkId.isEmpty ? [] : [report.networkId],
            year: report.year
        )
    }

    /// A group of reports (issue 17): the facts its reports share — those of `report(_:)` for the keys it was
    /// grouped by (`NeedsGrouping`).
    public func reportGroup(_ group: NeedsReportGroup) -> DimensionFacts {
        DimensionFacts(
            sectors: group.sectors,
            ownerIds: [group.leadOwnerId],
            governorOfficeId: group.governorOfficeId,
            networkIds: group.networkId.isEmpty ? [] : [group.networkId],
            year: group.year
        )
    }

    /// A recommendation line: its sectors and municipalities, the recipient owner (none for a UH recipient),
    /// and the networks of its reports (nil = the networks covering its municipalities, when no report is known).
    public func line(_ line: RecommendationLine, governorOfficeId: String, year: Int32) -> DimensionFacts {
        lineFacts(
            [line],
            recipientOrgId: line.recipientOrgId,
            recipientType: line.recipientType,
            needsReportIds: line.needsReportIds,
            governorOfficeId: governorOfficeId,
            year: year
        )
    }

    /// A decided amount: the facts of the line it funds.
    public func decided(_ decided: DecidedLine) -> DimensionFacts {
        lineFacts(
            decided.line.map { [$0] } ?? [],
            recipientOrgId: decided.recipientOrgId,
            recipientType: decided.recipientType,
            needsReportIds: decided.needsReportIds,
            governorOfficeId: decided.governorOfficeId,
            year: decided.year
        )
    }

    /// A grant (for disbursements and reclaims): the facts of its lines together.
    public func grant(_ grant: Grant) -> DimensionFacts {
        let lines = grant.lineIds.compactMap { linesById[$0] }
        return lineFacts(
            lines,
            recipientOrgId: grant.recipientOrgId,
            recipientType: grant.recipientType,
            needsReportIds: lines.flatMap(\.needsReportIds),
            governorOfficeId: grant.governorOfficeId,
            year: grant.year
        )
    }

    /// A measure: its sectors, and the owners and municipalities of its participating units; no year.
    public func measure(_ measure: Measure) -> DimensionFacts {
        let units = measure.participatingUnitIds.compactMap { reference.unit($0) }
        return DimensionFacts(
            sectors: measure.sectors,
            ownerIds: unique(units.map(\.ownerId)),
            municipalityIds: unique(units.map(\.municipalityId)),
            governorOfficeId: measure.governorOfficeId
        )
    }

    /// A group of measures (issue 17): the facts its measures share — those of `measure(_:)`; its sectors
    /// only when grouped by them (`PartnershipGrouping`).
    public func measureGroup(_ group: MeasureGroup) -> DimensionFacts {
        let units = group.participatingUnitIds.compactMap { reference.unit($0) }
        return DimensionFacts(
            sectors: group.sectors,
            ownerIds: unique(units.map(\.ownerId)),
            municipalityIds: unique(units.map(\.municipalityId)),
            governorOfficeId: group.governorOfficeId
        )
    }

    /// A group of partnerships (issue 17): the facts its partnerships share — those of `partnership(_:)`;
    /// its owners only when grouped by them.
    public func partnershipGroup(_ group: PartnershipGroup) -> DimensionFacts {
        DimensionFacts(ownerIds: group.ownerIds, governorOfficeId: group.governorOfficeId)
    }

    /// A partnership: its owners (and through them size band and network); sector and year do not apply.
    public func partnership(_ partnership: Partnership) -> DimensionFacts {
        DimensionFacts(ownerIds: partnership.ownerIds, governorOfficeId: partnership.governorOfficeId)
    }

    /// A municipality: its size band, embete and networks; sector, owner type and year do not apply.
    public func municipality(_ municipality: Municipality) -> DimensionFacts {
        DimensionFacts(municipalityIds: [municipality.id], governorOfficeId: municipality.governorOfficeId)
    }

    /// A regional frame: only its embete and year; it counts in every row of the other dimensions.
    public func frame(_ frame: RegionalFrame) -> DimensionFacts {
        DimensionFacts(governorOfficeId: frame.governorOfficeId, year: frame.year)
    }

    private func lineFacts(
        _ lines: [RecommendationLine],
        recipientOrgId: String,
        recipientType: RecipientType,
        needsReportIds: [String],
        governorOfficeId: String,
        year: Int32
    ) -> DimensionFacts {
        let recipientIsOwner =
            recipientType == .owner || (recipientType == .unspecified && reference.owner(recipientOrgId) != nil)
        let municipalities = unique(lines.flatMap(\.municipalityIds))
        let reports = needsReportIds.compactMap { reportsById[$0] }
        return DimensionFacts(
            sectors: unique(lines.flatMap(\.sectors)),
            ownerIds: recipientIsOwner ? [recipientOrgId] : [],
            municipalityIds: municipalities.nonEmpty,
            governorOfficeId: governorOfficeId,
            networkIds: reports.isEmpty ? nil : unique(reports.map(\.networkId).filter { !$0.isEmpty }),
            year: year
        )
    }

    private func unique<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        return values.filter { seen.insert($0).inserted }
    }
}
