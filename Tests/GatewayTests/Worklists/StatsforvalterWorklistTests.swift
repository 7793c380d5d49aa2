import Foundation
import GRPCCore
import KSICore
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// The statsforvalter's worklists (issue 15) over plain HTTP on the loopback dashboard acting as the
/// Agder caseworker, against the real stack with the demo year (Agder, KSI 2025). Every expected row
/// comes from the services' own list RPCs read over gRPC as the same person, never from gateway code.
@Suite("Worklists: applications and follow-up for the statsforvalter", .serialized)
struct StatsforvalterWorklistTests {
    static let scope = "region=agder&year=2025&scheme=ksi"

    /// The column of `title` in a parsed CSV (header row first).
    static func column(_ csv: [[String]], _ title: String) throws -> Int {
        try #require(csv.first?.firstIndex(of: title), "no column \(title) in \(csv.first ?? [])")
    }

    /// The CSV's ids (column `title`) for a query.
    static func csvIds(_ stack: TestStack, _ path: String, idColumn: String = "Søknads-ID") async throws -> [String] {
        let reply = try await WorklistHTTP.get(stack, path)
        #expect(reply.status == 200, "\(path): \(reply.text.prefix(300))")
        let csv = try WorklistHTTP.csv(reply.body)
        let id = try column(csv, idColumn)
        return csv.dropFirst().map { $0[id] }
    }

    /// The default order: submission time (unsubmitted last), then id.
    static func ordered(_ reports: [NeedsReport]) -> [String] {
        reports.sorted {
            ($0.submittedAt == 0 ? Int64.max : $0.submittedAt, $0.id) < (
                $1.submittedAt == 0 ? Int64.max : $1.submittedAt, $1.id
            )
        }.map(\.id)
    }

    @Test(
        "/arbeidslister/soknader and its CSV list exactly ListNeedsReports' reports of the embete-year (ids, order, amounts, warning rules); every filter narrows to the set computed from the reports; hostile parameters are a 400 naming the parameter; the Statped queue is a bokmål 403"
    )
    func applications() async throws {
        try await TestStack.with(withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            _ = try await stack.loadDemoYear()
            let reports = try await WorklistSource.needsReports(
                stack,
                .with {
                    $0.governorOfficeId = "agder"
                    $0.year = 2025
                    $0.scheme = .ksi
                }
            )
            #expect(reports.count > 5, "the demo year has applications")

            // The page: every row links its report, in the default order, across pages.
            let rows = try await WorklistHTTP.allRows(stack, "/arbeidslister/soknader?\(Self.scope)")
            #expect(rows.map(\.href) == Self.ordered(reports).map { "/soknader/\($0)" })

            // The CSV: headers, ids, amounts and warning rules from the reports.
            let reply = try await WorklistHTTP.get(stack, "/arbeidslister/soknader.csv?\(Self.scope)")
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"]?.hasPrefix("text/csv") == true)
            #expect(reply.headers["content-disposition"] == "attachment; filename=\"soknader-agder-2025.csv\"")
            let csv = try WorklistHTTP.csv(reply.body)
            let id = try Self.column(csv, "Søknads-ID")
            let requested = try Self.column(csv, "Omsøkt (kr)")
            let decided = try Self.column(csv, "Vedtatt (kr)")
            let warnings = try Self.column(csv, "Varsler")
            let recommended = try Self.column(csv, "Innstilt (kr)")
            #expect(csv.dropFirst().map { $0[id] } == Self.ordered(reports))
            let byId = Dictionary(uniqueKeysWithValues: reports.map { ($0.id, $0) })
            for row in csv.dropFirst() {
                let report = try #require(byId[row[id]])
                #expect(row[requested] == WorklistHTTP.kroner(report.requestedAmountOre), "\(report.id)")
                #expect(row[decided] == WorklistHTTP.kroner(report.decidedAmountOre), "\(report.id)")
                for warning in report.warnings {
                    #expect(row[warnings].contains(warning.ruleId), "\(report.id) lacks \(warning.ruleId)")
                }
                if report.warnings.isEmpty { #expect(row[warnings].isEmpty) }
            }
            #expect(reports.contains { !$0.warnings.isEmpty }, "the demo year has reports with NEED-R warnings")

            // The same CSV over the mutual-TLS listener with the person's token (production's path).
            let overHTTPS = try await StackHTTPSClient.with(
                stack,
                as: "statsforvalter-agder",
                personId: "demo-saksbehandler-ein"
            ) { https in
                try await https.get("/arbeidslister/soknader.csv?\(Self.scope)")
            }
            #expect(overHTTPS.status == .ok)
            #expect(try WorklistHTTP.csv(overHTTPS.body).dropFirst().map { $0[id] } == Self.ordered(reports))

            // Recommended: the lines of the adopted (or later) recommendations that name the reports add up to the column.
            let recommendations = try await WorklistSource.allocation(stack) { allocation in
                try await ListRecommendationsRequest.with {
                    $0.governorOfficeId = "agder"
                    $0.year = 2025
                    $0.scheme = .ksi
                    $0.statuses = [.adopted, .submitted, .underControl, .decided]
                }.allPages(pageSize: 500) { try await allocation.listRecommendations($0) }
            }
            var latest: [String: Recommendation] = [:]
            for recommendation in recommendations {
                for line in recommendation.lines {
                    for reportId in line.needsReportIds
                    where (latest[reportId]?.updatedAt ?? .min) < recommendation.updatedAt {
                        latest[reportId] = recommendation
                    }
                }
            }
            var lines: [String: Int64] = [:]
            for recommendation in Set(latest.values.map(\.id)).compactMap({ id in recommendations.first { $0.id == id }
            }) {
                for line in recommendation.lines
                where line.needsReportIds.contains(where: { latest[$0]?.id == recommendation.id }) {
                    lines[line.id] = line.amountOre
                }
            }
            let recommendedTotal = try csv.dropFirst().reduce(Int64(0)) { total, row in
                let parts = row[recommended].split(separator: ",")
                return total + (try #require(Int64(parts[0]))) * 100 + (try #require(Int64(parts[1])))
            }
            #expect(recommendedTotal == lines.values.reduce(0, +))

            // Filters narrow to what the reports say.
            let statusCounts = Dictionary(grouping: reports, by: \.status)
            let status = try #require(statusCounts.max { $0.value.count < $1.value.count }?.key)
            #expect(
                try await Self.csvIds(stack, "/arbeidslister/soknader.csv?\(Self.scope)&status=\(status.name)")
                    == Self.ordered(reports.filter { $0.status == status })
            )
            let theme = try #require(reports.first { !$0.themes.isEmpty }?.themes.first)
            #expect(
                try await Self.csvIds(stack, "/arbeidslister/soknader.csv?\(Self.scope)&tema=\(theme.name)")
                    == Self.ordered(reports.filter { $0.themes.contains(theme) })
            )
            let kommune = try #require(
                reports.compactMap { stack.reference.owner($0.leadOwnerId)?.municipalityId }.first { !$0.isEmpty }
            )
            let inKommune = reports.filter { report in
                ([report.leadOwnerId] + report.coApplicantOwnerIds).contains {
                    stack.reference.owner($0)?.municipalityId == kommune
                }
            }
            #expect(
                try await Self.csvIds(stack, "/arbeidslister/soknader.csv?\(Self.scope)&kommune=\(kommune)")
                    == Self.ordered(inKommune)
            )
            #expect(inKommune.count < reports.count)
            let warned = reports.filter { !$0.warnings.isEmpty }
            #expect(
                try await Self.csvIds(stack, "/arbeidslister/soknader.csv?\(Self.scope)&varsler=ja")
                    == Self.ordered(warned)
            )
            let filtered = try await WorklistHTTP.allRows(stack, "/arbeidslister/soknader?\(Self.scope)&varsler=ja")
            #expect(filtered.map(\.href) == Self.ordered(warned).map { "/soknader/\($0)" })
            // Sorting by requested amount: highest first.
            let byAmount = try await Self.csvIds(stack, "/arbeidslister/soknader.csv?\(Self.scope)&sorter=omsokt")
            #expect(
                byAmount
                    == reports.sorted { (-$0.requestedAmountOre, $0.id) < (-$1.requestedAmountOre, $1.id) }.map(\.id)
            )

            // Hostile parameters: a 400 naming the parameter, on the page and the CSV.
            let long = String(repeating: "A", count: 150)
            for (query, field) in [
                ("status=bogus", "status"), ("status=draft&status=submitted", "status"), ("tema=\(long)", "tema"),
                ("side=0", "side"), ("side=99999999999999999999", "side"), ("region=mars", "region"),
                ("kommune=0301", "kommune"), ("sorter=drop", "sorter"), ("year=abc", "year"),
                ("varsler=kanskje", "varsler"),
            ] {
                for path in ["/arbeidslister/soknader", "/arbeidslister/soknader.csv"] {
                    let reply = try await WorklistHTTP.get(stack, "\(path)?\(Self.scope)&\(query)")
                    #expect(reply.status == 400, "\(path)?\(query): \(reply.status)")
                    #expect(
                        reply.text.contains(field) && reply.text.contains("Ugyldig forespørsel"),
                        "\(query): \(reply.text.prefix(500))"
                    )
                }
            }

            // Another embete's lists are not the Agder caseworker's (the role is scoped to the embete).
            for path in [
                "/arbeidslister/soknader?region=rogaland&year=2025",
                "/arbeidslister/oppfolging.csv?region=rogaland&year=2025",
            ] {
                let refused = try await WorklistHTTP.get(stack, path)
                #expect(refused.status == 403, "\(path)")
                #expect(refused.text.contains("Ingen tilgang") && refused.text.contains("AUTH-R5"))
            }

            // The caseworker has no work in Statped's queue.
            for path in ["/arbeidslister/inntak", "/arbeidslister/inntak.csv"] {
                let refused = try await WorklistHTTP.get(stack, path)
                #expect(refused.status == 403)
                #expect(
                    refused.text.contains("Ingen tilgang") && refused.text.contains("Statped")
                        && refused.text.contains("AUTH-R5"),
                    "\(refused.text.prefix(600))"
                )
            }
        }
    }

    @Test(
        "/arbeidslister/oppfolging and its CSV list exactly the embete-year's disbursements, grants with a report due date, partnership reports, reclaim cases and appeals from AllocationService's and PartnershipService's list RPCs; type and late filters narrow; a report is late once its due date has passed without a report"
    )
    func followUp() async throws {
        try await TestStack.with(withGateway: true) { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            _ = try await stack.loadDemoYear()
            let (payouts, grants, reclaims, appeals) = try await WorklistSource.allocation(stack) { allocation in
                let payouts = try await ListDisbursementsRequest.with {
                    $0.governorOfficeId = "agder"
                    $0.year = 2025
                }
                .allPages(pageSize: 500) { try await allocation.listDisbursements($0) }
                let grants = try await ListGrantsRequest.with {
                    $0.governorOfficeId = "agder"
                    $0.year = 2025
                    $0.scheme = .ksi
                }
                .allPages(pageSize: 500) { try await allocation.listGrants($0) }
                let reclaims = try await ListReclaimCasesRequest.with {
                    $0.governorOfficeId = "agder"
                    $0.year = 2025
                }
                .allPages(pageSize: 500) { try await allocation.listReclaimCases($0) }
                let appeals = try await ListAppealsRequest.with { $0.governorOfficeId = "agder" }
                    .allPages(pageSize: 500) { try await allocation.listAppeals($0) }
                return (payouts, grants, reclaims, appeals)
            }
            let partnershipReports = try await Self.partnershipReports(stack)
            let reportsDue = grants.filter { $0.reportDueOn != nil }
            var expected: Set<String> = []
            for payout in payouts {
                expected.insert("Utbetaling \(payout.id) \(WorklistHTTP.kroner(payout.amountOre))")
            }
            for grant in reportsDue { expected.insert("Rapport \(grant.id) \(WorklistHTTP.kroner(grant.amountOre))") }
            for report in partnershipReports { expected.insert("Partnerskapsrapport \(report.id) ") }
            for reclaim in reclaims {
                expected.insert("Tilbakebetaling \(reclaim.id) \(WorklistHTTP.kroner(reclaim.amountOre))")
            }
            for appeal in appeals where appeal.lodgedOn?.year == 2025 { expected.insert("Klage \(appeal.id) ") }
            #expect(
                !payouts.isEmpty && !reportsDue.isEmpty && !partnershipReports.isEmpty,
                "the demo year pays out, sets report due dates and has partnership reports"
            )

            let (all, allRows, header) = try await Self.followUpRows(stack, "")
            #expect(all == expected)
            #expect(allRows.count == expected.count, "no row twice")
            let page = try await WorklistHTTP.allRows(stack, "/arbeidslister/oppfolging?\(Self.scope)")
            #expect(page.count == expected.count)
            let (onlyReports, _, _) = try await Self.followUpRows(stack, "&type=rapport")
            #expect(onlyReports == expected.filter { $0.hasPrefix("Rapport ") })

            // Years later every report still outstanding is late.
            stack.time.set(LocalDate(year: 2030, month: 1, day: 1))
            let late = Self.expectedLate(reportsDue, partnershipReports, reclaims)
            let (lateRows, lateCSV, _) = try await Self.followUpRows(stack, "&forsinket=ja")
            #expect(lateRows == late)
            #expect(!late.isEmpty, "the demo year has outstanding reports")
            let lateColumn = try #require(header.firstIndex(of: "Forsinket"))
            #expect(lateCSV.allSatisfy { $0[lateColumn] == "Ja" })
        }
    }

    /// The follow-up CSV for a query: "type id amount" per row, the rows, and the header.
    static func followUpRows(_ stack: TestStack, _ query: String) async throws -> (Set<String>, [[String]], [String]) {
        let reply = try await WorklistHTTP.get(stack, "/arbeidslister/oppfolging.csv?\(scope)\(query)")
        #expect(reply.status == 200, "\(query): \(reply.text.prefix(300))")
        let csv = try WorklistHTTP.csv(reply.body)
        let type = try column(csv, "Type")
        let id = try column(csv, "ID")
        let amount = try column(csv, "Beløp (kr)")
        return (Set(csv.dropFirst().map { "\($0[type]) \($0[id]) \($0[amount])" }), Array(csv.dropFirst()), csv[0])
    }

    /// The embete-year's partnership reports, read from PartnershipService as the caseworker.
    static func partnershipReports(_ stack: TestStack) async throws -> [PartnershipReport] {
        try await stack.client(.partnerships, as: "statsforvalter-agder", person: "demo-saksbehandler-ein") { client in
            try await ListPartnershipReportsRequest.with {
                $0.governorOfficeId = "agder"
                $0.year = 2025
                $0.scheme = .ksi
            }
            .allPages(pageSize: 500) { try await PartnershipServiceClient(wrapping: client).listPartnershipReports($0) }
        }
    }

    /// What is late years after the demo year: grants whose report is still outstanding, partnership reports
    /// not yet submitted or accepted, open reclaim cases without the recipient's comment.
    static func expectedLate(
        _ reportsDue: [Grant],
        _ partnershipReports: [PartnershipReport],
        _ reclaims: [ReclaimCase]
    ) -> Set<String> {
        let outstanding: [GrantStatus] = [.committed, .accepted, .disbursed, .reportDue]
        let unsubmitted: [PartnershipReportStatus] = [.draft, .returned]
        var late = Set(
            reportsDue.filter { outstanding.contains($0.status) }.map {
                "Rapport \($0.id) \(WorklistHTTP.kroner($0.amountOre))"
            }
        )
        for report in partnershipReports where unsubmitted.contains(report.status) && report.dueOn != nil {
            late.insert("Partnerskapsrapport \(report.id) ")
        }
        for reclaim in reclaims where reclaim.status == .open && reclaim.commentedAt == 0 && reclaim.commentDueOn != nil
        {
            late.insert("Tilbakebetaling \(reclaim.id) \(WorklistHTTP.kroner(reclaim.amountOre))")
        }
        return late
    }
}
