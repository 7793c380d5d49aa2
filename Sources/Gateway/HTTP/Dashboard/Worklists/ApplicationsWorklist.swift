import KSICore

/// `/arbeidslister/soknader` (issue 15): the needs reports (applications) of an embete-year and scheme,
/// read with `NeedsService.ListNeedsReports` as the person, with the recommended amounts of
/// `AllocationService.ListRecommendations`. Each row: status, themes (reference-data names), lead owner and
/// co-applicants, UH partners, PPT involvement, requested / recommended / decided amounts, the warnings the
/// needs service stored on the report (NEED-R*, with the rule named), and the return or withdrawal reason.
enum ApplicationsWorklist {
    static let sorts = ["innsendt", "status", "omsokt", "vedtatt", "eier"]

    /// The recommendation statuses whose lines count as "recommended" (a forum's adopted recommendation or later).
    static let recommendedStatuses: [RecommendationStatus] = [.adopted, .submitted, .underControl, .decided]

    static func make(
        query: WorklistQuery,
        views: GatewayViews,
        caller: Caller,
        services: WorklistServices
    ) async throws -> WorklistResult {
        let reference = views.reference
        // Every filter is read before anything is fetched: a bad one is a 400 at no cost.
        let scope = try WorklistScope.resolve(query, .applications, views: views, caller: caller)
        let status = try query.choice("status", NeedsReportStatus.self, label: NorwegianLabels.label)
        let theme = try query.choice("tema", ThemeCode.self) { reference.theme($0)?.name ?? $0.name }
        let municipalities = reference.municipalities(inGovernorOffice: scope.officeId)
        let kommune = try query.registryId("kommune", what: "kommune i embetet") { id in
            municipalities.contains { $0.id == id }
        }
        let warningsOnly = try query.flag("varsler")
        let sort = try query.word("sorter", sorts) ?? "innsendt"

        var request = ListNeedsReportsRequest.with {
            $0.governorOfficeId = scope.officeId
            $0.year = scope.year
            $0.scheme = scope.scheme
        }
        if let status { request.statuses = [status] }
        let needs = services.needs
        let (reports, truncated) = try await WorklistServices.collect(request, { try await needs.listNeedsReports($0) })
        { report in
            (theme.map { report.themes.contains($0) } ?? true)
                && (!warningsOnly || !report.warnings.isEmpty)
                && (kommune.map { id in
                    ([report.leadOwnerId] + report.coApplicantOwnerIds).contains {
                        reference.owner($0)?.municipalityId == id
                    }
                } ?? true)
        }
        let recommended = try await recommendedAmounts(scope: scope, services: services)

        let sorted = reports.sorted { a, b in
            switch sort {
            case "status":
                (NorwegianLabels.label(a.status), a.submittedAt, a.id) < (
                    NorwegianLabels.label(b.status), b.submittedAt, b.id
                )
            case "omsokt": (-a.requestedAmountOre, a.id) < (-b.requestedAmountOre, b.id)
            case "vedtatt": (-a.decidedAmountOre, a.id) < (-b.decidedAmountOre, b.id)
            case "eier":
                (WorklistFormat.organisationName(a.leadOwnerId, reference), a.id) < (
                    WorklistFormat.organisationName(b.leadOwnerId, reference), b.id
                )
            default:
                (a.submittedAt == 0 ? Int64.max : a.submittedAt, a.id) < (
                    b.submittedAt == 0 ? Int64.max : b.submittedAt, b.id
                )
            }
        }
        let table = WorklistTable(
            columns: columns,
            rows: sorted.map { row($0, recommended: recommended[$0.id] ?? 0, reference: reference) }
        )

        let officeName = scope.officeName(views)
        let filters: [[String: Any]] = [
            WorklistFormat.select(
                "status",
                "Status",
                NeedsReportStatus.allCases.filter { $0 != .unspecified }.map { ($0.name, NorwegianLabels.label($0)) },
                selected: status?.name
            ),
            WorklistFormat.select(
                "tema",
                "Tema",
                reference.set.themes.sorted { $0.name < $1.name }.map { ($0.code.name, $0.name) },
                selected: theme?.name
            ),
            WorklistFormat.select(
                "kommune",
                "Kommune",
                municipalities.sorted { $0.name < $1.name }.map { ($0.id, $0.name) },
                selected: kommune
            ),
            WorklistFormat.select(
                "varsler",
                "Varsler",
                [("ja", "Bare søknader med varsler")],
                selected: warningsOnly ? "ja" : nil
            ),
            WorklistFormat.select(
                "sorter",
                "Sorter etter",
                [
                    ("status", "Status"), ("omsokt", "Omsøkt beløp, høyest først"),
                    ("vedtatt", "Vedtatt beløp, høyest først"), ("eier", "Søker (eier)"),
                ],
                selected: sort == "innsendt" ? nil : sort,
                all: "Eldste innsending først"
            ),
        ]
        return WorklistResult(
            list: .applications,
            heading: "Søknader \(officeName) \(scope.year)",
            intro:
                "Behovsmeldingene (søknadene) i embetet for året, med tema, søkere, partnere, beløp og varsler. Uten valgt sortering: eldste innsending først.",
            table: table,
            truncated: truncated,
            filters: filters,
            base: scope.base(views: views),
            fileName: "soknader-\(scope.officeId)-\(scope.year)"
        )
    }

    static let columns: [WorklistTable.Column] = [
        .init(title: "Søknad"), .init(title: "Status"), .init(title: "Innsendt"), .init(title: "Tema"),
        .init(title: "Søker (eier)"), .init(title: "Medsøkere"), .init(title: "UH-partner"), .init(title: "PPT"),
        .init(title: "Omsøkt (kr)", numeric: true), .init(title: "Innstilt (kr)", numeric: true),
        .init(title: "Vedtatt (kr)", numeric: true),
        .init(title: "Varsler"), .init(title: "Begrunnelse for retur eller trekk"),
        .init(title: "Søknads-ID", csvOnly: true),
    ]

    static func row(_ report: NeedsReport, recommended: Int64, reference: ReferenceData) -> [WorklistTable.Cell] {
        let title = report.title.isEmpty ? "Søknad uten tittel" : report.title
        let ppt =
            ([NorwegianLabels.label(report.pptInvolvement)]
            + report.pptOfficeIds.map { WorklistFormat.organisationName($0, reference) })
            .joined(separator: ", ")
        let reason = report.returnReason.isEmpty ? report.withdrawalReason : report.returnReason
        return [
            .init(title, href: "/soknader/\(WorklistQuery.encode(report.id))"),
            .init(NorwegianLabels.label(report.status)),
            .init(NorwegianFormat.shortDate(millis: report.submittedAt)),
            .init(report.themes.map { reference.theme($0)?.name ?? "Ukjent tema" }.joined(separator: ", ")),
            .init(WorklistFormat.organisationName(report.leadOwnerId, reference)),
            .init(
                report.coApplicantOwnerIds.map { WorklistFormat.organisationName($0, reference) }.joined(
                    separator: ", "
                )
            ),
            .init(report.uhPartnerIds.map { WorklistFormat.organisationName($0, reference) }.joined(separator: ", ")),
            .init(ppt),
            .kroner(report.requestedAmountOre),
            .kroner(recommended),
            .kroner(report.decidedAmountOre),
            .init(report.warnings.map { WorklistRuleText.warning($0.ruleId) }.joined(separator: "; ")),
            .init(reason),
            .init(report.id),
        ]
    }

    /// Recommended øre per report: the lines of the latest recommendation (adopted or later) that names it;
    /// a line that names several reports (a joint application) counts for each in equal parts, the
    /// remainder to the first named report, so the parts add up to the line.
    static func recommendedAmounts(scope: WorklistScope, services: WorklistServices) async throws -> [String: Int64] {
        let allocation = services.allocation
        let request = ListRecommendationsRequest.with {
            $0.governorOfficeId = scope.officeId
            $0.year = scope.year
            $0.scheme = scope.scheme
            $0.statuses = recommendedStatuses
        }
        let (recommendations, _) = try await WorklistServices.collect(request) {
            try await allocation.listRecommendations($0)
        }
        var latest: [String: Recommendation] = [:]
        for recommendation in recommendations {
            for line in recommendation.lines {
                for id in line.needsReportIds where (latest[id]?.updatedAt ?? Int64.min) < recommendation.updatedAt {
                    latest[id] = recommendation
                }
            }
        }
        var amounts: [String: Int64] = [:]
        for (reportId, recommendation) in latest {
            // A line naming several reports (a joint application) is split equally by COM-R3's largest
            // remainder, so the parts add up to the line.
            for line in recommendation.lines {
                guard let index = line.needsReportIds.firstIndex(of: reportId) else { continue }
                let parts = Money.largestRemainder(
                    totalOre: line.amountOre,
                    weights: line.needsReportIds.map { _ in 1 }
                )
                amounts[reportId] = Money.saturatingSum([amounts[reportId] ?? 0, parts[index]])
            }
        }
        return amounts
    }
}

/// The words a worklist shows for a stored rule warning: the bokmål sentence (`RuleTexts`) and the rule id.
enum WorklistRuleText {
    static func warning(_ ruleId: String) -> String {
        "\(RuleTexts.text(ruleId)) (\(ruleId))"
    }
}
