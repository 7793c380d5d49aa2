import KSICore

/// `/arbeidslister/oppfolging` (issue 15): what the statsforvalter follows up in an embete-year, read
/// from AllocationService's list RPCs as the person: payouts (`ListDisbursements`), grant reports with
/// their due dates (`ListGrants`: `report_due_on`; late when the date has passed and no report is in),
/// reclaim cases (`ListReclaimCases`, with the recipient's comment deadline) and appeals (`ListAppeals`,
/// lodged in the year) — and the partnerships' yearly reports from PartnershipService
/// (`ListPartnershipReports`, due date `due_on`, PART-R13; late when due and not yet submitted or accepted).
enum FollowUpWorklist {
    enum Kind: String, CaseIterable {
        case payout = "utbetaling", report = "rapport", partnershipReport = "partnerskapsrapport", reclaim =
            "tilbakebetaling", appeal = "klage"

        var label: String {
            switch self {
            case .payout: "Utbetaling"
            case .report: "Rapport"
            case .partnershipReport: "Partnerskapsrapport"
            case .reclaim: "Tilbakebetaling"
            case .appeal: "Klage"
            }
        }
    }

    /// One row before it becomes cells: sorted by its deadline (or date), oldest first.
    struct Item {
        var kind: Kind
        var recipient: String
        var amountOre: Int64?
        var date: LocalDate?
        var due: LocalDate?
        var status: String
        var late: Bool
        var note: String
        var id: String
    }

    /// The grant statuses whose report is still to come.
    static let reportOutstanding: [GrantStatus] = [.committed, .accepted, .disbursed, .reportDue]

    static func make(
        query: WorklistQuery,
        views: GatewayViews,
        caller: Caller,
        services: WorklistServices
    ) async throws -> WorklistResult {
        let reference = views.reference
        let scope = try WorklistScope.resolve(query, .followUp, views: views, caller: caller)
        let kind = try query.word("type", Kind.allCases.map(\.rawValue)).flatMap(Kind.init(rawValue:))
        let lateOnly = try query.flag("forsinket")
        let today = views.time.today()
        let allocation = services.allocation
        let office = scope.officeId
        let year = scope.year
        let scheme = scope.scheme

        var items: [Item] = []
        var truncated = false
        if kind == nil || kind == .payout {
            let request = ListDisbursementsRequest.with {
                $0.governorOfficeId = office
                $0.year = year
            }
            let (payouts, cut) = try await WorklistServices.collect(request) {
                try await allocation.listDisbursements($0)
            }
            truncated = truncated || cut
            items += payouts.map {
                Item(
                    kind: .payout,
                    recipient: WorklistFormat.organisationName($0.recipientOrgId, reference),
                    amountOre: $0.amountOre,
                    date: $0.paidOn,
                    due: nil,
                    status: "Utbetalt",
                    late: false,
                    note: $0.paymentReference,
                    id: $0.id
                )
            }
        }
        if kind == nil || kind == .report {
            let request = ListGrantsRequest.with {
                $0.governorOfficeId = office
                $0.year = year
                $0.scheme = scheme
            }
            let (grants, cut) = try await WorklistServices.collect(request, { try await allocation.listGrants($0) }) {
                $0.reportDueOn != nil
            }
            truncated = truncated || cut
            items += grants.map { grant in
                let outstanding = reportOutstanding.contains(grant.status)
                let late = outstanding && grant.reportDueOn.map { $0 < today } == true
                return Item(
                    kind: .report,
                    recipient: WorklistFormat.organisationName(grant.recipientOrgId, reference),
                    amountOre: grant.amountOre,
                    date: nil,
                    due: grant.reportDueOn,
                    status: outstanding ? (late ? "Forsinket" : "Ikke levert") : NorwegianLabels.label(grant.status),
                    late: late,
                    note: grant.warnings.map { WorklistRuleText.warning($0.ruleId) }.joined(separator: "; "),
                    id: grant.id
                )
            }
        }
        if kind == nil || kind == .partnershipReport {
            let partnerships = services.partnerships
            let request = ListPartnershipReportsRequest.with {
                $0.governorOfficeId = office
                $0.year = year
                $0.scheme = scheme
            }
            let (reports, cut) = try await WorklistServices.collect(request) {
                try await partnerships.listPartnershipReports($0)
            }
            truncated = truncated || cut
            let names = try await partnershipNames(reports.map(\.partnershipId), office: office, services: services)
            items += reports.map { report in
                let outstanding = [.draft, .returned].contains(report.status)
                let late = outstanding && report.dueOn.map { $0 < today } == true
                return Item(
                    kind: .partnershipReport,
                    recipient: names[report.partnershipId] ?? "Ukjent partnerskap",
                    amountOre: nil,
                    date: report.submittedAt > 0 ? OsloCalendar.localDate(atMillis: report.submittedAt) : nil,
                    due: report.dueOn,
                    status: late ? "Forsinket" : NorwegianLabels.label(report.status),
                    late: late,
                    note: report.warnings.map { WorklistRuleText.warning($0.ruleId) }.joined(separator: "; "),
                    id: report.id
                )
            }
        }
        if kind == nil || kind == .reclaim {
            let request = ListReclaimCasesRequest.with {
                $0.governorOfficeId = office
                $0.year = year
            }
            let (reclaims, cut) = try await WorklistServices.collect(request) {
                try await allocation.listReclaimCases($0)
            }
            truncated = truncated || cut
            items += reclaims.map { reclaim in
                let late =
                    reclaim.status == .open && reclaim.commentedAt == 0
                    && reclaim.commentDueOn.map { $0 < today } == true
                return Item(
                    kind: .reclaim,
                    recipient: WorklistFormat.organisationName(reclaim.recipientOrgId, reference),
                    amountOre: reclaim.amountOre,
                    date: OsloCalendar.localDate(atMillis: reclaim.createdAt),
                    due: reclaim.status == .open ? reclaim.commentDueOn : nil,
                    status: NorwegianLabels.label(reclaim.status),
                    late: late,
                    note: NorwegianLabels.label(reclaim.trigger),
                    id: reclaim.id
                )
            }
        }
        if kind == nil || kind == .appeal {
            let request = ListAppealsRequest.with { $0.governorOfficeId = office }
            let (appeals, cut) = try await WorklistServices.collect(request, { try await allocation.listAppeals($0) }) {
                $0.lodgedOn?.year == year
            }
            truncated = truncated || cut
            items += appeals.map {
                Item(
                    kind: .appeal,
                    recipient: WorklistFormat.organisationName($0.appellantOrgId, reference),
                    amountOre: nil,
                    date: $0.lodgedOn,
                    due: nil,
                    status: NorwegianLabels.label($0.status),
                    late: false,
                    note: $0.warnings.map { WorklistRuleText.warning($0.ruleId) }.joined(separator: "; "),
                    id: $0.id
                )
            }
        }
        if lateOnly { items = items.filter(\.late) }
        items.sort { a, b in
            let ka = a.due ?? a.date ?? LocalDate(year: 9999, month: 12, day: 31)
            let kb = b.due ?? b.date ?? LocalDate(year: 9999, month: 12, day: 31)
            return (ka, a.kind.rawValue, a.id) < (kb, b.kind.rawValue, b.id)
        }
        let table = WorklistTable(
            columns: columns,
            rows: items.map { item in
                [
                    .init(item.kind.label), .init(item.recipient),
                    item.amountOre.map(WorklistTable.Cell.kroner) ?? .init(""),
                    .init(NorwegianFormat.shortDate(item.date)), .init(NorwegianFormat.shortDate(item.due)),
                    .init(item.status),
                    .init(item.late ? "Ja" : "Nei"), .init(item.note), .init(item.id),
                ]
            }
        )
        let filters: [[String: Any]] = [
            WorklistFormat.select(
                "type",
                "Type",
                Kind.allCases.map { ($0.rawValue, $0.label) },
                selected: kind?.rawValue
            ),
            WorklistFormat.select(
                "forsinket",
                "Forsinket",
                [("ja", "Bare forsinkede")],
                selected: lateOnly ? "ja" : nil
            ),
        ]
        return WorklistResult(
            list: .followUp,
            heading: "Oppfølging \(scope.officeName(views)) \(year)",
            intro:
                "Utbetalinger, rapporter og partnerskapsrapporter med frist, tilbakebetalingssaker og klager i embetet for året, med nærmeste frist først. En rapport er forsinket når fristen er passert og rapporten ikke er levert; en tilbakebetalingssak når fristen for merknad er passert uten merknad.",
            table: table,
            truncated: truncated,
            filters: filters,
            base: scope.base(views: views),
            fileName: "oppfolging-\(office)-\(year)"
        )
    }

    /// The names of the partnerships the reports belong to (ListPartnerships of the embete, as the person).
    static func partnershipNames(
        _ ids: [String],
        office: String,
        services: WorklistServices
    ) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        let partnerships = services.partnerships
        let wanted = Set(ids)
        let (found, _) = try await WorklistServices.collect(
            ListPartnershipsRequest.with { $0.governorOfficeId = office },
            { try await partnerships.listPartnerships($0) }
        ) { wanted.contains($0.id) }
        return Dictionary(found.map { ($0.id, $0.name) }) { first, _ in first }
    }

    static let columns: [WorklistTable.Column] = [
        .init(title: "Type"), .init(title: "Mottaker"), .init(title: "Beløp (kr)", numeric: true), .init(title: "Dato"),
        .init(title: "Frist"), .init(title: "Status"), .init(title: "Forsinket"), .init(title: "Merknad"),
        .init(title: "ID", csvOnly: true),
    ]
}
