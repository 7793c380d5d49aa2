import Foundation
import GRPCCore
import KSICore
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// Statped's intake queue (issue 15): `ReferralService.ListIntakeQueue` over gRPC (who may, who may not, no
/// child data, PRIV-R4, R5, R7) and `/arbeidslister/inntak` over plain HTTP acting as the intake person,
/// compared with `ListReferrals` read over gRPC as the same person (REF-R10: warning from day 10, breach after day 14).
@Suite("Worklists: Statped's intake queue", .serialized)
struct IntakeWorklistTests {
    static let open: [ReferralStatus] = [.submitted, .inTriage, .accepted, .assigned]

    /// Referral summaries of the open queue, as Statped intake (the existing list RPC, PRIV-R7).
    static func openSummaries(_ stack: TestStack) async throws -> [ReferralSummary] {
        try await stack.client(.referral, as: "statped", person: "demo-statped-inntak") { client in
            try await ListReferralsRequest.with { $0.statuses = open }
                .allPages(pageSize: 500) { try await ReferralServiceClient(wrapping: client).listReferrals($0) }
        }
    }

    static func queue(
        _ stack: TestStack,
        as identity: String,
        person: String,
        _ request: ListIntakeQueueRequest = .init()
    ) async throws -> [IntakeQueueEntry] {
        try await stack.client(.referral, as: identity, person: person) { client in
            try await request.allPages(pageSize: 3) {
                try await ReferralServiceClient(wrapping: client).listIntakeQueue($0)
            }
        }
    }

    /// Oldest first: submission (creation for a case Statped opened), then id.
    static func submitted(_ summary: ReferralSummary) -> Int64 {
        let at = summary.timestamps?.submittedAt ?? 0
        return at > 0 ? at : summary.createdAt
    }

    static func days(from millis: Int64, to today: LocalDate) -> Int64 {
        OsloCalendar.localDate(atMillis: millis).days(until: today)
    }

    @Test(
        "ListIntakeQueue over gRPC: Statped intake and managers read the open queue oldest first in pages (LIM-R7), the same cases ListReferrals lists; statsforvalter, Udir and PPT are refused (PRIV-R4, R5); the answer carries no child identity, pseudonym or case text (PRIV-R7)",
        arguments: [TestStack.Storage.sqlite, .postgres]
    )
    func intakeQueueRPC(storage: TestStack.Storage) async throws {
        try await TestStack.with(storage: storage, withGateway: true, dashboardPerson: "demo-statped-inntak") { stack in
            _ = try await stack.loadDemoYear()
            let summaries = try await Self.openSummaries(stack)
            #expect(summaries.count >= 3, "the demo year has open referrals")
            let expected = summaries.sorted { (Self.submitted($0), $0.id) < (Self.submitted($1), $1.id) }.map(\.id)
            for person in ["demo-statped-inntak", "demo-statped-leder"] {
                let entries = try await Self.queue(stack, as: "statped", person: person)
                #expect(entries.map(\.referralId) == expected, "\(person): pages of 3 walk the queue oldest first")
            }
            for (identity, person) in [
                ("statsforvalter-agder", "demo-saksbehandler-ein"), ("udir", "demo-udir"),
                ("ppt-kristiansand", "demo-ppt-leder-ppt-4204"),
            ] {
                await #expect(throws: RPCError.self, "\(person)") {
                    _ = try await Self.queue(stack, as: identity, person: person)
                }
                do { _ = try await Self.queue(stack, as: identity, person: person) } catch let error as RPCError {
                    #expect(error.code == .permissionDenied, "\(person): \(error)")
                }
            }
            // A status outside Statped's queue is refused with the field named.
            do {
                _ = try await Self.queue(
                    stack,
                    as: "statped",
                    person: "demo-statped-inntak",
                    .with { $0.statuses = [.draft] }
                )
                Issue.record("a draft status was accepted")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument)
            }

            // LIM-R7: a token this list did not issue, or one issued for other filters, is refused with the field named.
            for (token, filters) in [
                ("not-a-token", ListIntakeQueueRequest()), ("", ListIntakeQueueRequest.with { $0.kind = .system }),
            ] {
                do {
                    var request = filters
                    request.pageSize = 1
                    if token.isEmpty {
                        // A real token of the unfiltered queue, sent with another filter.
                        request.pageToken = try await stack.client(
                            .referral,
                            as: "statped",
                            person: "demo-statped-inntak"
                        ) { client in
                            try await ReferralServiceClient(wrapping: client).listIntakeQueue(.with { $0.pageSize = 1 })
                                .nextPageToken
                        }
                    } else {
                        request.pageToken = token
                    }
                    let sent = request
                    _ = try await stack.client(.referral, as: "statped", person: "demo-statped-inntak") { client in
                        try await ReferralServiceClient(wrapping: client).listIntakeQueue(sent)
                    }
                    Issue.record("page token \(request.pageToken) was accepted")
                } catch let error as RPCError {
                    #expect(error.code == .invalidArgument && error.message.contains("page_token"), "\(error)")
                }
            }

            // No child data: the full referrals (as intake) hold names and pseudonyms the queue never carries.
            let secrets = try await Self.childSecrets(stack, ids: expected)
            #expect(!secrets.isEmpty)
            let bytes = try await stack.client(.referral, as: "statped", person: "demo-statped-inntak") { client in
                try await ReferralServiceClient(wrapping: client).listIntakeQueue(.with { $0.pageSize = 500 })
                    .wireEncoded()
            }
            let text = String(decoding: bytes, as: UTF8.self)
            for secret in secrets { #expect(!text.contains(secret), "the queue carries \(secret)") }
        }
    }

    /// Submits a referral as the Kristiansand PPT leader (HTTPS) and starts triage and accepts it as Statped intake (gRPC); its id.
    static func submitAndAccept(_ stack: TestStack) async throws -> String {
        let id = try await StackHTTPSClient.with(stack, as: "ppt-kristiansand", personId: "demo-ppt-leder-ppt-4204") {
            https in
            let submitted = try await CommandRoutesTests.submitReferral(https)
            #expect(submitted.status == .ok, "\(submitted.text)")
            return try #require(submitted.json?["id"] as? String)
        }
        try await stack.client(.referral, as: "statped", person: "demo-statped-inntak") { client in
            let service = ReferralServiceClient(wrapping: client)
            let current = try await service.getReferralProgress(.with { $0.id = id })
            let triaged = try await service.startTriage(
                .with {
                    $0.requestId = "worklist-triage"
                    $0.referralId = id
                    $0.expectedVersion = current.version
                }
            )
            _ = try await service.acceptReferral(
                .with {
                    $0.requestId = "worklist-accept"
                    $0.referralId = id
                    $0.expectedVersion = triaged.version
                }
            )
        }
        return id
    }

    /// The child's name, masked national id, pseudonym and guardians' names of each individual referral, read in full as intake.
    static func childSecrets(_ stack: TestStack, ids: [String]) async throws -> [String] {
        try await stack.client(.referral, as: "statped", person: "demo-statped-inntak") { client in
            var secrets: [String] = []
            for id in ids {
                let referral = try await ReferralServiceClient(wrapping: client).getReferral(
                    .with {
                        $0.id = id
                        $0.purpose = "test: no child data in the queue"
                    }
                )
                guard let child = referral.child else { continue }
                secrets += [child.name, child.nationalIdMasked, child.childRef].filter { $0.count >= 4 }
                secrets += referral.guardians.map(\.name).filter { $0.count >= 4 }
                if referral.needDescription.count >= 12 { secrets.append(referral.needDescription) }
            }
            return secrets
        }
    }

    @Test(
        "/arbeidslister/inntak and its CSV show the open queue oldest first with the age in days from submission and REF-R10 flagged on day 10 (warning) and after day 14 (breach) as the clock moves; filters narrow; no child data on the page or in the CSV; hostile parameters are a 400; the statsforvalter lists are a 403 for Statped"
    )
    func intakeWorklist() async throws {
        try await TestStack.with(withGateway: true, dashboardPerson: "demo-statped-inntak") { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            _ = try await stack.loadDemoYear()
            // A referral accepted today, so the clock only moves forward: PPT submits, Statped intake triages and accepts.
            let acceptedId = try await Self.submitAndAccept(stack)
            let acceptedOn = stack.time.today()
            let summaries = try await Self.openSummaries(stack)
            let expected = summaries.sorted { (Self.submitted($0), $0.id) < (Self.submitted($1), $1.id) }
            let accepted = try #require(expected.first { $0.id == acceptedId })
            #expect(accepted.status == .accepted)

            // Day 9, 10, 14, 15 after acceptance: nothing, warning, warning, breach.
            for (offset, flag) in [(9, ""), (10, "Varsel"), (14, "Varsel"), (15, "Brudd")] {
                stack.time.set(acceptedOn.adding(days: Int64(offset)))
                #expect(OsloCalendar.localDate(atMillis: accepted.timestamps!.acceptedAt) == acceptedOn)
                let reply = try await WorklistHTTP.get(stack, "/arbeidslister/inntak.csv")
                #expect(reply.status == 200, "\(reply.text.prefix(300))")
                let csv = try WorklistHTTP.csv(reply.body)
                let header = csv[0]
                let idColumn = 0
                let age = try #require(header.firstIndex(of: "Alder (dager)"))
                let sinceAcceptance = try #require(header.firstIndex(of: "Dager siden aksept"))
                let deadline = try #require(header.firstIndex(of: "Oppstartsfrist (REF-R10)"))
                let rows = Array(csv.dropFirst())
                let today = stack.time.today()
                #expect(rows.map { $0[idColumn] } == expected.map(\.id), "day \(offset): the queue oldest first")
                for (row, summary) in zip(rows, expected) {
                    #expect(
                        row[age] == String(Self.days(from: Self.submitted(summary), to: today)),
                        "\(summary.id) age"
                    )
                }
                #expect(
                    rows.map { Int($0[age]) ?? -1 } == rows.map { Int($0[age]) ?? -1 }.sorted(by: >),
                    "oldest first"
                )
                let row = try #require(rows.first { $0[idColumn] == accepted.id })
                #expect(row[sinceAcceptance] == String(offset))
                #expect(
                    flag.isEmpty ? row[deadline].isEmpty : row[deadline].hasPrefix(flag),
                    "day \(offset): \(row[deadline])"
                )
                // Every row's REF-R10 cell agrees with its own days since acceptance (system requests have no start-up SLA).
                let systemIds = Set(expected.filter { $0.kind == .system }.map(\.id))
                for row in rows where systemIds.contains(row[idColumn]) {
                    #expect(row[deadline].isEmpty, "system request \(row[idColumn])")
                }
                for row in rows where !row[sinceAcceptance].isEmpty && !systemIds.contains(row[idColumn]) {
                    let days = Int(row[sinceAcceptance])!
                    if days > 14 {
                        #expect(row[deadline].hasPrefix("Brudd"), "\(row[idColumn])")
                    } else if days >= 10 {
                        #expect(
                            row[deadline].hasPrefix("Varsel") || row[deadline].hasPrefix("Brudd"),
                            "\(row[idColumn])"
                        )
                    }
                }
                // The flag filter keeps exactly the flagged rows.
                let flagged = try WorklistHTTP.csv(
                    try await WorklistHTTP.get(stack, "/arbeidslister/inntak.csv?frist=ja").body
                )
                #expect(
                    flagged.dropFirst().map { $0[idColumn] }
                        == rows.filter { !$0[deadline].isEmpty }.map { $0[idColumn] }
                )
            }

            // The page: each row links the case page, same order as the CSV.
            let page = try await WorklistHTTP.allRows(stack, "/arbeidslister/inntak")
            #expect(page.map(\.href) == expected.map { "/inntak/\($0.id)" })

            // Filters: status, kind, subject area narrow to what the summaries say.
            let status = try #require(
                Dictionary(grouping: expected, by: \.status).max { $0.value.count < $1.value.count }?.key
            )
            let byStatus = try WorklistHTTP.csv(
                try await WorklistHTTP.get(stack, "/arbeidslister/inntak.csv?status=\(status.name)").body
            )
            #expect(byStatus.dropFirst().map { $0[0] } == expected.filter { $0.status == status }.map(\.id))
            let systems = try WorklistHTTP.csv(
                try await WorklistHTTP.get(stack, "/arbeidslister/inntak.csv?sakstype=system").body
            )
            #expect(systems.dropFirst().map { $0[0] } == expected.filter { $0.kind == .system }.map(\.id))
            let area = try #require(expected.first { !$0.subjectAreas.isEmpty }?.subjectAreas.first)
            let byArea = try WorklistHTTP.csv(
                try await WorklistHTTP.get(stack, "/arbeidslister/inntak.csv?fagomrade=\(area.name)").body
            )
            #expect(byArea.dropFirst().map { $0[0] } == expected.filter { $0.subjectAreas.contains(area) }.map(\.id))

            // No child data anywhere on the page or in the CSV.
            let secrets = try await Self.childSecrets(stack, ids: expected.map(\.id))
            let html = try await WorklistHTTP.get(stack, "/arbeidslister/inntak").text
            let csvText = try await WorklistHTTP.get(stack, "/arbeidslister/inntak.csv").text
            for secret in secrets { #expect(!html.contains(secret) && !csvText.contains(secret), "\(secret) is shown") }

            // Hostile parameters.
            for (query, field) in [
                ("status=closed", "status"), ("status=draft", "status"), ("fagomrade=bogus", "fagomrade"),
                ("avdeling=\(String(repeating: "x", count: 200))", "avdeling"), ("avdeling=ingen", "avdeling"),
                ("sakstype=individual&sakstype=system", "sakstype"), ("frist=1", "frist"),
            ] {
                let reply = try await WorklistHTTP.get(stack, "/arbeidslister/inntak?\(query)")
                #expect(reply.status == 400, "\(query)")
                #expect(reply.text.contains(field), "\(query): \(reply.text.prefix(400))")
            }

            // Statped has no work in the statsforvalter's lists.
            for path in ["/arbeidslister/soknader", "/arbeidslister/oppfolging.csv"] {
                let refused = try await WorklistHTTP.get(stack, path)
                #expect(refused.status == 403, "\(path)")
                #expect(
                    refused.text.contains("Ingen tilgang") && refused.text.contains("statsforvalteren")
                        && refused.text.contains("AUTH-R5")
                )
            }
        }
    }
}

/// A person with no work in any worklist (an owner's administrator) is refused every list and CSV in bokmål.
@Suite("Worklists: refused persons and Udir's read access")
struct WorklistRefusalTests {
    @Test("an owner administrator gets a bokmål 403 naming AUTH-R5 on every worklist and CSV, and nothing is listed")
    func ownerAdminIsRefused() async throws {
        try await TestStack.with(withGateway: true, dashboardPerson: "demo-eier-owner-4204") { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            for list in ["soknader", "oppfolging", "inntak"] {
                for suffix in ["", ".csv"] {
                    let reply = try await WorklistHTTP.get(
                        stack,
                        "/arbeidslister/\(list)\(suffix)?region=agder&year=2025"
                    )
                    #expect(reply.status == 403, "\(list)\(suffix): \(reply.status)")
                    #expect(reply.text.contains("Ingen tilgang") && reply.text.contains("AUTH-R5"), "\(list)\(suffix)")
                    #expect(reply.headers["content-type"]?.hasPrefix("text/html") == true)
                    #expect(!reply.text.contains("<tbody>"))
                }
            }
        }
    }

    @Test(
        "Udir reads the statsforvalter lists of any embete (read access): the same reports as ListNeedsReports read over gRPC as Udir; Statped's queue stays refused"
    )
    func udirReads() async throws {
        try await TestStack.with(withGateway: true, dashboardPerson: "demo-udir") { stack in
            try await StackHTTPSClient.waitForGateway(stack)
            _ = try await stack.loadDemoYear()
            let reports = try await stack.client(.needs, as: "udir", person: "demo-udir") { client in
                try await ListNeedsReportsRequest.with {
                    $0.governorOfficeId = "agder"
                    $0.year = 2025
                    $0.scheme = .ksi
                }
                .allPages(pageSize: 500) { try await NeedsServiceClient(wrapping: client).listNeedsReports($0) }
            }
            #expect(!reports.isEmpty)
            let reply = try await WorklistHTTP.get(
                stack,
                "/arbeidslister/soknader.csv?region=agder&year=2025&scheme=ksi"
            )
            #expect(reply.status == 200, "\(reply.text.prefix(300))")
            let csv = try WorklistHTTP.csv(reply.body)
            let id = try #require(csv.first?.firstIndex(of: "Søknads-ID"))
            #expect(Set(csv.dropFirst().map { $0[id] }) == Set(reports.map(\.id)))
            let queue = try await WorklistHTTP.get(stack, "/arbeidslister/inntak")
            #expect(queue.status == 403)
        }
    }
}
