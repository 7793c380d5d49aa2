/// ALLOC-R4 across services: every needs report a line cites exists, is submitted (and not yet decided or
/// withdrawn), belongs to the recommendation's round, embete, scheme (COM-R7) and year, and names the line's
/// recipient as an applicant (an owner recipient is the lead owner or a co-applicant; a UH recipient is a
/// named UH partner). ALLOC-R3: the prioritised measures are measures proposed in the cited reports.
///
/// The reports are read from NeedsService when the line is written (`NeedsReportDirectory`); the
/// findings are HARD at once, because a line citing a report it may not cite is never a draft worth keeping.
struct CitedNeedsReportRule: DomainRule {
    static let id: RuleID = NeedsReportReferenceRule.id
    static let severity: RuleSeverity = .hard
    static let schemeId: RuleID = .oneScheme
    static let measuresId: RuleID = LineCompletenessRule.id
    /// LIM: the most reports one line may cite (each is a read of NeedsService).
    static let maxCitedReports = 50

    /// Statuses from `submitted` up to the line's own `inRecommendation` (DOMAIN.md §4.1): a draft,
    /// returned, withdrawn or already decided report cannot carry a new line.
    static let citable: Set<NeedsReportStatus> = [
        .submitted, .underReview, .prioritised, .notPrioritised, .inRecommendation,
    ]

    static func check(
        _ line: RecommendationLine,
        reports: [String: NeedsReport],
        in recommendation: Recommendation,
        reference: ReferenceData,
        field: String
    ) -> Findings {
        // A recipient that is no owner or UH at all is ALLOC-R6's finding; whose applicant it is then says nothing more.
        let knownRecipient =
            line.recipientType == .uhInstitution
            ? reference.uhInstitution(line.recipientOrgId) != nil : reference.owner(line.recipientOrgId) != nil
        var findings = Findings()
        for (index, reportId) in line.needsReportIds.enumerated() where !reportId.allocationTrimmed.isEmpty {
            let at = "\(field).needs_report_ids[\(index)]"
            guard let report = reports[reportId] else {
                findings.reject(id, field: at, "no needs report has the id \(reportId)")
                continue
            }
            if !citable.contains(report.status) {
                findings.reject(
                    id,
                    field: at,
                    "the needs report is \(report.status.name); a line cites only a submitted report that is not yet decided"
                )
            }
            if report.governorOfficeId != recommendation.governorOfficeId {
                findings.reject(
                    id,
                    field: at,
                    "the needs report belongs to another embete (\(report.governorOfficeId))"
                )
            }
            if report.scheme != recommendation.scheme {
                findings.reject(schemeId, field: at, "the needs report is for another scheme (\(report.scheme.name))")
            }
            if report.year != recommendation.year {
                findings.reject(
                    id,
                    field: at,
                    "the needs report is for \(report.year), the recommendation for \(recommendation.year)"
                )
            }
            if report.roundId != recommendation.roundId {
                findings.reject(id, field: at, "the needs report was submitted in another round (\(report.roundId))")
            }
            if knownRecipient && !names(report, recipient: line.recipientOrgId, type: line.recipientType) {
                findings.reject(
                    id,
                    field: "\(field).recipient_org_id",
                    line.recipientType == .uhInstitution
                        ? "the UH recipient is not a UH partner of needs report \(reportId)"
                        : "the recipient is neither the lead owner nor a co-applicant of needs report \(reportId)"
                )
            }
        }
        let proposed = Set(line.needsReportIds.compactMap { reports[$0] }.flatMap { $0.proposedMeasures.map(\.id) })
        for (index, measureId) in line.proposedMeasureIds.enumerated()
        where !proposed.contains(measureId) && !reports.isEmpty {
            findings.reject(
                measuresId,
                field: "\(field).proposed_measure_ids[\(index)]",
                "the measure \(measureId) is not proposed in the cited needs reports"
            )
        }
        return findings
    }

    /// Whether the report names the recipient: owners by registry id as lead or co-applicant, UH as a partner.
    static func names(_ report: NeedsReport, recipient: String, type: RecipientType) -> Bool {
        switch type {
        case .uhInstitution: report.uhPartnerIds.contains(recipient)
        default: report.leadOwnerId == recipient || report.coApplicantOwnerIds.contains(recipient)
        }
    }
}

/// The line's snapshot of what it cites (V4, V5, ALLOC-R8, ALLOC-R19, PART-R7): the union of the cited reports'
/// themes, sectors and participating units, their units' kommuner, the requested amount, and the proposed
/// measures the line prioritises, as they were when the line was written.
enum CitedNeedsSnapshot {
    static func apply(
        to line: inout RecommendationLine,
        reports: [NeedsReport],
        reference: ReferenceData
    ) throws(DomainError) {
        guard !reports.isEmpty else { return }
        let cited = line.needsReportIds.compactMap { id in reports.first { $0.id == id } }
        line.themes = Set(cited.flatMap(\.themes)).sorted { $0.rawValue < $1.rawValue }
        line.sectors = Set(cited.flatMap(\.sectors)).sorted { $0.rawValue < $1.rawValue }
        line.participatingUnitIds = Set(cited.flatMap(\.participatingUnitIds)).sorted()
        let kommuner = line.participatingUnitIds.compactMap { reference.unit($0)?.municipalityId }.filter {
            !$0.isEmpty
        }
        line.municipalityIds = Set(line.municipalityIds + kommuner).sorted()
        line.requestedAmountOre = try Money.sum(cited, field: "line.needs_report_ids") { $0.requestedAmountOre }
        var measures: [ProposedMeasure] = []
        for measureId in line.proposedMeasureIds {
            if let measure = cited.lazy.flatMap(\.proposedMeasures).first(where: { $0.id == measureId }) {
                measures.append(measure)
            }
        }
        line.proposedMeasures = measures
    }
}
