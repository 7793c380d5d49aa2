import Foundation
import KSICore
import KSITestSupport
import StackTestSupport
import Testing

/// The first case actions done the way a person does them (issue 15): in headless Chromium, on the loopback
/// dashboard acting as the person, against the real services with the demo year. The browser fills the form
/// and presses its button (the CSRF token and request id travel as the page rendered them); the effect is read
/// back through the service over gRPC, and the page the browser lands on passes the same accessibility, layout
/// and bokmål checks as every other page.
@Suite("Case actions in headless Chromium against the running stack", .serialized)
struct CaseActionsInChromiumTests {
    static let width = 1366

    /// Runs the named action pages as `person` (no crawl) and returns what the browser saw, in order.
    static func act(
        _ stack: TestStack,
        as person: String,
        _ pages: [BrowserCheck.Page]
    ) async throws -> [BrowserCheck.Visited] {
        let output = try RepositoryPaths.temporaryDirectory("case-actions-\(person)")
        defer { try? FileManager.default.removeItem(at: output) }
        let spec = BrowserCheck.Spec(
            baseURL: "http://127.0.0.1:\(stack.devDashboardPort)",
            outDir: output.path,
            person: person,
            widths: [width],
            pages: pages,
            crawl: .init(start: [], maxPages: 0, maxSeconds: 1)
        )
        let (report, _) = try await BrowserCheck.run(spec)
        #expect(report.pages.map(\.name) == pages.map(\.name))
        for visited in report.pages {
            let problems = BrowserFindings.problems(of: visited, widths: [width])
            #expect(problems.isEmpty, "\(visited.name): \(problems)")
        }
        return report.pages
    }

    static func landedOn(_ visited: BrowserCheck.Visited) -> String {
        visited.widths[String(width)]?.url ?? ""
    }

    @Test(
        "Statped intake takes a submitted referral into triage and then accepts it, by pressing the buttons; ReferralService shows each step"
    )
    func intakeTriagesAndAccepts() async throws {
        let intake = "demo-statped-inntak"
        try await TestStack.with(withGateway: true, dashboardPerson: intake) { stack in
            _ = try await stack.loadDemoYear()
            let services = ServicesAs(stack: stack)
            let queue = try await services.referral(intake) {
                try await $0.listReferrals(
                    .with {
                        $0.statuses = [.submitted]
                        $0.kind = .individual
                        $0.pageSize = 100
                    }
                ).items
            }
            let referral = try #require(queue.first, "the demo year has a submitted referral")
            let path = "/inntak/\(referral.id)"
            let visited = try await Self.act(
                stack,
                as: intake,
                [
                    .init(
                        name: "inntak-ta-til-vurdering",
                        path: path,
                        form: "form:has(input[name=handling][value=vurder])",
                        waitFor: "p.notice[role=status]",
                        widths: [Self.width]
                    ),
                    .init(
                        name: "inntak-aksepter",
                        path: path,
                        form: "form:has(input[name=handling][value=aksepter])",
                        fill: ["textarea[name=begrunnelse]": "Saken passer for Statped (test i nettleser)."],
                        waitFor: "p.notice[role=status]",
                        widths: [Self.width]
                    ),
                ]
            )
            #expect(visited.count == 2)
            #expect(Self.landedOn(visited[0]).hasSuffix("\(path)?utfort=vurderes"), "\(Self.landedOn(visited[0]))")
            #expect(Self.landedOn(visited[1]).contains("\(path)?utfort="), "\(Self.landedOn(visited[1]))")
            let progress = try await services.referral(intake) {
                try await $0.getReferralProgress(.with { $0.id = referral.id })
            }
            #expect(progress.status == .accepted)
            #expect(progress.version == referral.version + 2, "two actions, each once")
        }
    }

    @Test(
        "the statsforvalter caseworker returns a submitted needs report for completion with a reason, by pressing the button; NeedsService has it returned with that reason"
    )
    func caseworkerReturnsReport() async throws {
        let caseworker = "demo-saksbehandler-ein"
        try await TestStack.with(withGateway: true, dashboardPerson: caseworker) { stack in
            _ = try await stack.loadDemoYear()
            let services = ServicesAs(stack: stack)
            let report = try await NeedsReportActionTests.submittedReport(services)
            #expect(report.status == .submitted)
            let path = "/soknader/\(report.id)"
            let reason = "Behovsvurderingen mangler de ansattes medvirkning (test i nettleser)."
            let visited = try await Self.act(
                stack,
                as: caseworker,
                [
                    .init(
                        name: "soknad-returner",
                        path: path,
                        form: "form:has(input[name=handling][value=returner])",
                        fill: ["textarea[name=begrunnelse]": reason],
                        waitFor: "p.notice[role=status]",
                        widths: [Self.width]
                    )
                ]
            )
            #expect(Self.landedOn(try #require(visited.first)).contains("\(path)?utfort="))
            let stored = try await services.needs(caseworker) {
                try await $0.getNeedsReport(.with { $0.id = report.id })
            }
            #expect(stored.status == .returned)
            #expect(stored.version == report.version + 1)
            #expect(stored.returnReason == reason, "the reason the browser typed is stored with the return")
        }
    }
}
