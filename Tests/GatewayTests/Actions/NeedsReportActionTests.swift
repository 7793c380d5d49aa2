import Foundation
import Hummingbird
import KSICore
import KSIDemoData
import StackTestSupport
import Testing

/// The statsforvalter's case page `/soknader/{id}` end to end (issue 15): the loopback dashboard as
/// `demo-saksbehandler-ein` (sfCaseworker, Agder) against the real services with the demo year, over plain
/// HTTP with a browser's form session. Every effect is read back through NeedsService, not the page.
@Suite("Case actions on a needs report over the loopback dashboard", .serialized)
struct NeedsReportActionTests {
    static let caseworker = DemoPersons.dashboardDefault

    /// A submitted report of the demo year: a returned one, given a deadline extension by the caseworker
    /// and resubmitted by its lead owner (NEED-R6: within the extension).
    static func submittedReport(_ services: ServicesAs) async throws -> NeedsReport {
        let returned = try await services.needs(caseworker) {
            try await $0.listNeedsReports(
                .with {
                    $0.governorOfficeId = "agder"
                    $0.statuses = [.returned]
                    $0.pageSize = 50
                }
            ).items
        }
        let report = try #require(returned.first, "the demo year has a returned report")
        return try await resubmit(report, services)
    }

    static func resubmit(_ report: NeedsReport, _ services: ServicesAs) async throws -> NeedsReport {
        let today = services.stack.time.today()
        var current = report
        if current.deadlineExtension?.extendedDeadline.map({ $0 >= today }) != true {
            current = try await services.needs(caseworker) {
                try await $0.recordDeadlineExtension(
                    .with {
                        $0.requestId = "test-extension-\(report.id)"
                        $0.needsReportId = report.id
                        $0.expectedVersion = report.version
                        $0.extendedDeadline = LocalDate(year: today.year + 1, month: 1, day: 31)
                        $0.reason = "Utsatt frist for test av saksbehandling på nett."
                    }
                )
            }
        }
        let request = ResubmitNeedsReportRequest.with {
            $0.requestId = "test-resubmit-\(report.id)-\(current.version)"
            $0.needsReportId = report.id
            $0.expectedVersion = current.version
        }
        return try await services.needs("demo-eier-\(report.leadOwnerId)") { try await $0.resubmitNeedsReport(request) }
    }

    static func read(_ id: String, _ services: ServicesAs) async throws -> NeedsReport {
        try await services.needs(caseworker) { try await $0.getNeedsReport(.with { $0.id = id }) }
    }

    /// The form of `action` as the page rendered it, with `fields` added (the person's input).
    static func form(
        _ page: DashboardSession.Page,
        _ action: String,
        _ fields: [(String, String)]
    ) throws -> [(String, String)] {
        try page.hiddenFields(action: action).sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + fields
    }

    @Test(
        "return for completion: shown with the report's facts, CSRF and origin checked, a blank reason and a stale form refused in bokmål with the input kept, done once on a double submit"
    )
    func returnForCompletion() async throws {
        try await TestStack.with(withGateway: true, dashboardPerson: Self.caseworker) { stack in
            _ = try await stack.loadDemoYear()
            let services = ServicesAs(stack: stack)
            let report = try await Self.submittedReport(services)
            #expect(report.status == .submitted)
            try await DashboardSession.with(stack) { browser in
                let path = "/soknader/\(report.id)"
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(page.html)")
                #expect(page.html.contains("Sendt inn"))
                #expect(page.html.contains(try #require(stack.reference.owner(report.leadOwnerId)?.name)))
                for theme in report.themes {
                    #expect(
                        page.html.contains(try #require(stack.reference.theme(theme)?.name)),
                        "theme \(theme) by its reference-data name"
                    )
                }
                #expect(page.offers("returner") && page.offers("send"))
                #expect(!page.offers("prioriter"), "only a report under review can be prioritised (§4.1)")
                let reason = "Budsjettet mangler fordeling per år."

                // CSRF: no token, a forged token, no cookie, another origin: 403 and nothing changes.
                let valid = try Self.form(page, "returner", [("begrunnelse", reason)])
                let withoutToken = valid.filter { $0.0 != "skjemanokkel" }
                let forged = valid.map { $0.0 == "skjemanokkel" ? ($0.0, String(repeating: "ab", count: 32)) : $0 }
                for (name, reply) in [
                    ("no token", try await browser.post(path, withoutToken)),
                    ("forged token", try await browser.post(path, forged)),
                    ("no cookie", try await browser.post(path, valid, cookie: false)),
                    ("cross origin", try await browser.post(path, valid, origin: "http://angriper.example")),
                ] {
                    #expect(reply.status == .forbidden, "\(name): \(reply.status)")
                    #expect(reply.html.contains("Skjemaet ble ikke sendt"), "\(name)")
                    #expect(reply.html.contains(reason), "\(name): the reason typed is kept")
                }
                #expect(
                    try await Self.read(report.id, services).version == report.version,
                    "a refused form changed nothing"
                )
                // The post without a cookie got a new one (as a browser would): read the page again for its token.
                let fresh = try await browser.get(path)

                // A blank reason: the service refuses (COM-INPUT on reason), the page says so in bokmål with the field.
                let blank = try await browser.post(path, try Self.form(fresh, "returner", [("begrunnelse", "   ")]))
                #expect(blank.status == .badRequest)
                #expect(blank.html.contains("Et felt mangler eller har en ugyldig verdi."))
                #expect(blank.html.contains("(regel COM-INPUT)") && blank.html.contains("«Begrunnelse»"))

                // A stale form (an older version): 409, "saken er endret", the fresh version, the reason kept.
                var stale = try Self.form(fresh, "returner", [("begrunnelse", reason)])
                stale = stale.map { $0.0 == "versjon" ? ($0.0, String(report.version - 1)) : $0 }
                let conflict = try await browser.post(path, stale)
                #expect(conflict.status == .conflict)
                #expect(conflict.html.contains("Saken er endret siden du åpnet den"))
                #expect(conflict.html.contains(reason))
                #expect(try conflict.hiddenFields(action: "returner")["versjon"] == String(report.version))
                #expect(try await Self.read(report.id, services).status == .submitted)

                // Done: 303 to the case page; the report is returned with the reason. A double submit acts once.
                let submit = try Self.form(fresh, "returner", [("begrunnelse", reason)])
                let done = try await browser.post(path, submit)
                #expect(done.status == .seeOther)
                #expect(done.location == "\(path)?utfort=returnert")
                let again = try await browser.post(path, submit)
                #expect(
                    again.status == .seeOther,
                    "the second submit of the same form replays (IDEM-R1): \(again.html)"
                )
                let returned = try await Self.read(report.id, services)
                #expect(returned.status == .returned)
                #expect(returned.returnReason == reason)
                #expect(returned.version == report.version + 1, "acted once")
                let shown = try await browser.get(try #require(done.location))
                #expect(shown.html.contains("Søknaden er returnert for utfylling."))
                #expect(!shown.offers("returner"))
            }
        }
    }

    @Test(
        "route to the forum and prioritise with a rank; a bad rank is refused with the input kept; another role gets 403 on a referral"
    )
    func routeAndPrioritise() async throws {
        try await TestStack.with(withGateway: true, dashboardPerson: Self.caseworker) { stack in
            _ = try await stack.loadDemoYear()
            let services = ServicesAs(stack: stack)
            let report = try await Self.submittedReport(services)
            try await DashboardSession.with(stack) { browser in
                let path = "/soknader/\(report.id)"
                let page = try await browser.get(path)
                let routed = try await browser.post(path, try Self.form(page, "send", [("mottaker", "forum")]))
                #expect(routed.status == .seeOther, "\(routed.html)")
                let underReview = try await Self.read(report.id, services)
                #expect(underReview.status == .underReview)
                #expect(underReview.routingTarget == .forum)

                // The forum's decision basis of the round (the caseworker prepares it through NeedsService).
                let basis = try await services.needs(Self.caseworker) {
                    try await $0.createDecisionBasis(
                        .with {
                            $0.requestId = "test-forum-basis"
                            $0.roundId = report.roundId
                            $0.comments = "Forumets grunnlag (test)"
                        }
                    )
                }
                let review = try await browser.get(path)
                #expect(review.offers("prioriter") && !review.offers("send"))
                #expect(review.html.contains(#"value="\#(basis.id)""#))
                let badRank = try await browser.post(
                    path,
                    try Self.form(
                        review,
                        "prioriter",
                        [
                            ("prioritert", "ja"), ("grunnlag", basis.id), ("rangering", "først"),
                            ("kommentar", "Sterk forankring"),
                        ]
                    )
                )
                #expect(badRank.status == .badRequest)
                #expect(badRank.html.contains("«Rangering»") && badRank.html.contains("(regel COM-INPUT)"))
                #expect(
                    badRank.html.contains(#"value="først""#) && badRank.html.contains("Sterk forankring"),
                    "the input is kept"
                )
                let prioritised = try await browser.post(
                    path,
                    try Self.form(
                        review,
                        "prioriter",
                        [
                            ("prioritert", "ja"), ("grunnlag", basis.id), ("rangering", "1"),
                            ("kommentar", "Sterk forankring"),
                        ]
                    )
                )
                #expect(prioritised.status == .seeOther, "\(prioritised.html)")
                #expect(prioritised.location == "\(path)?utfort=prioritert")
                let ranked = try await Self.read(report.id, services)
                #expect(ranked.status == .prioritised)
                #expect(ranked.priorityRank == 1)
                #expect(ranked.decisionBasisId == basis.id)

                // The caseworker has no statpedIntake role: the referral action is refused (AUTH-R5) and changes nothing.
                let submitted = try await services.referral("demo-statped-inntak") {
                    try await $0.listReferrals(
                        .with {
                            $0.statuses = [.submitted]
                            $0.pageSize = 50
                        }
                    ).items
                }
                let referral = try #require(submitted.first)
                let refused = try await browser.post(
                    "/inntak/\(referral.id)",
                    [
                        ("skjemanokkel", try review.hiddenFields(action: "prioriter")["skjemanokkel"] ?? ""),
                        ("handling", "vurder"), ("foresporsel", "web-test-no-role"),
                        ("versjon", String(referral.version)),
                    ]
                )
                #expect(refused.status == .forbidden)
                let after = try await services.referral("demo-statped-inntak") {
                    try await $0.getReferralProgress(.with { $0.id = referral.id })
                }
                #expect(after.status == .submitted && after.version == referral.version)
            }
        }
    }

    @Test(
        "route to the report's own network; its coordinator marks it not prioritised in that network's decision basis"
    )
    func routeToNetwork() async throws {
        try await TestStack.with(withGateway: true, dashboardPerson: Self.caseworker) { stack in
            _ = try await stack.loadDemoYear()
            let services = ServicesAs(stack: stack)
            let report = try await Self.submittedReport(services)
            let network = report.networkId
            #expect(!network.isEmpty, "the demo report belongs to a network")
            try await DashboardSession.with(stack) { browser in
                let path = "/soknader/\(report.id)"
                let page = try await browser.get(path)
                #expect(page.html.contains(#"<option value="nettverk:\#(network)">"#))
                let routed = try await browser.post(
                    path,
                    try Self.form(page, "send", [("mottaker", "nettverk:\(network)")])
                )
                #expect(routed.status == .seeOther, "\(routed.html)")
                let underReview = try await Self.read(report.id, services)
                #expect(underReview.status == .underReview)
                #expect(underReview.routingTarget == .network && underReview.routedToBodyId == network)

                // The demo person coordinates the embete's networks; the network's decision basis is offered.
                let bases = try await services.needs(Self.caseworker) {
                    try await $0.listDecisionBases(
                        .with {
                            $0.roundId = report.roundId
                            $0.networkId = network
                        }
                    ).items
                }
                let basis = try #require(bases.first, "the demo year has a decision basis for \(network)")
                let review = try await browser.get(path)
                #expect(review.html.contains(#"value="\#(basis.id)""#))
                let notPrioritised = try await browser.post(
                    path,
                    try Self.form(
                        review,
                        "prioriter",
                        [
                            ("prioritert", "nei"), ("grunnlag", basis.id), ("rangering", ""),
                            ("kommentar", "Utenfor nettverkets satsing"),
                        ]
                    )
                )
                #expect(notPrioritised.status == .seeOther, "\(notPrioritised.html)")
                #expect(notPrioritised.location == "\(path)?utfort=ikke-prioritert")
                let after = try await Self.read(report.id, services)
                #expect(after.status == .notPrioritised)
                #expect(after.priorityRank == 0 && after.decisionBasisId == basis.id)
            }
        }
    }
}
