import Foundation
import Hummingbird
import KSICore
import KSIDemoData
import StackTestSupport
import Testing

/// Statped intake's case page `/inntak/{id}` end to end (issue 15): the loopback dashboard as
/// `demo-statped-inntak` against the real services with the demo year. The page shows no child identity
/// (PRIV-R1, R2, R7); every effect is read back through ReferralService.
@Suite("Case actions on a referral over the loopback dashboard", .serialized)
struct ReferralActionTests {
    static let intake = "demo-statped-inntak"

    static func progress(_ id: String, _ services: ServicesAs) async throws -> ReferralProgress {
        try await services.referral(intake) { try await $0.getReferralProgress(.with { $0.id = id }) }
    }

    static func form(
        _ page: DashboardSession.Page,
        _ action: String,
        _ fields: [(String, String)]
    ) throws -> [(String, String)] {
        try page.hiddenFields(action: action).sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + fields
    }

    @Test(
        "start triage, accept, decline with advice: no child data shown, a missing advice refused in bokmål (REF-R7) with the input kept, a stale form caught, a double submit acts once, a needs report refused (403)"
    )
    func triage() async throws {
        try await TestStack.with(withGateway: true, dashboardPerson: Self.intake) { stack in
            _ = try await stack.loadDemoYear()
            let services = ServicesAs(stack: stack)
            let queue = try await services.referral(Self.intake) {
                try await $0.listReferrals(
                    .with {
                        $0.statuses = [.submitted, .inTriage]
                        $0.kind = .individual
                        $0.pageSize = 100
                    }
                ).items
            }
            let submitted = try #require(
                queue.first { $0.status == .submitted },
                "the demo year has a submitted referral"
            )
            let inTriage = try #require(
                queue.first { $0.status == .inTriage },
                "the demo year has a referral in triage"
            )
            // What the page must not show: the child and the guardians (read as intake may, PRIV-R4).
            let full = try await services.referral(Self.intake) {
                try await $0.getReferral(
                    .with {
                        $0.id = submitted.id
                        $0.purpose = "test: what the page must not show"
                    }
                )
            }
            let child = try #require(full.child)
            try await DashboardSession.with(stack) { browser in
                let path = "/inntak/\(submitted.id)"
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(page.html)")
                #expect(page.html.contains("Sendt inn"))
                #expect(
                    page.html.contains(try #require(stack.reference.pptOffice(submitted.referringPptOfficeId)?.name))
                )
                for secret in [
                    child.name, child.birthDate.map { "\($0.day).\($0.month).\($0.year)" } ?? "",
                    child.birthDate.map { String(format: "%02d.%02d.%04d", Int($0.day), Int($0.month), Int($0.year)) }
                        ?? "", child.childRef, child.nationalIdMasked,
                    full.needDescription,
                ] + full.guardians.map(\.name) where secret.count > 3 {
                    #expect(!page.html.contains(secret), "the intake page shows child data")
                }
                #expect(page.offers("vurder") && !page.offers("aksepter") && !page.offers("avslaa"))

                // Start triage; the same form again acts once (IDEM-R1).
                let triage = try Self.form(page, "vurder", [])
                let started = try await browser.post(path, triage)
                #expect(started.status == .seeOther)
                #expect(started.location == "\(path)?utfort=vurderes")
                #expect(try await browser.post(path, triage).status == .seeOther)
                let triaged = try await Self.progress(submitted.id, services)
                #expect(triaged.status == .inTriage)
                #expect(triaged.version == submitted.version + 1, "acted once")
                let shown = try await browser.get(try #require(started.location))
                #expect(shown.html.contains("Henvisningen er tatt til vurdering."))
                #expect(shown.offers("aksepter") && shown.offers("avslaa"))

                // The page before triage is stale now: accepting from it is caught.
                let stale = try await browser.post(
                    path,
                    [
                        ("skjemanokkel", triage.first { $0.0 == "skjemanokkel" }?.1 ?? ""),
                        ("handling", "aksepter"), ("foresporsel", "web-test-stale"),
                        ("versjon", String(submitted.version)), ("begrunnelse", "Innenfor mandatet"),
                    ]
                )
                #expect(stale.status == .conflict)
                #expect(stale.html.contains("Saken er endret siden du åpnet den"))
                #expect(stale.html.contains("Innenfor mandatet"), "the input is kept")
                #expect(try await Self.progress(submitted.id, services).status == .inTriage)

                let accepted = try await browser.post(
                    path,
                    try Self.form(shown, "aksepter", [("begrunnelse", "Innenfor mandatet")])
                )
                #expect(accepted.status == .seeOther, "\(accepted.html)")
                #expect(try await Self.progress(submitted.id, services).status == .accepted)

                // Decline without advice: REF-R7 in bokmål, the chosen reason and target kept; then with advice.
                let declinePath = "/inntak/\(inTriage.id)"
                let decline = try await browser.get(declinePath)
                let noAdvice = try await browser.post(
                    declinePath,
                    try Self.form(
                        decline,
                        "avslaa",
                        [
                            ("avslagsgrunn", "outsideMandate"), ("radtype", "ppt"), ("rad", ""),
                        ]
                    )
                )
                #expect(noAdvice.status == .badRequest)
                #expect(
                    noAdvice.html.contains("et råd om hvor saken kan gå i stedet")
                        && noAdvice.html.contains("(regel REF-R7)")
                )
                #expect(
                    noAdvice.html.contains(#"<option value="outsideMandate" selected>"#)
                        && noAdvice.html.contains(#"<option value="ppt" selected>"#)
                )
                #expect(try await Self.progress(inTriage.id, services).status == .inTriage)
                let advice = "Kommunens PPT kan gi veiledning; søk gjerne om et tiltak i Kompetanseløftet."
                let declined = try await browser.post(
                    declinePath,
                    try Self.form(
                        noAdvice,
                        "avslaa",
                        [
                            ("avslagsgrunn", "outsideMandate"), ("radtype", "ppt"), ("rad", advice),
                        ]
                    )
                )
                #expect(declined.status == .seeOther, "\(declined.html)")
                #expect(try await Self.progress(inTriage.id, services).status == .declined)

                // Statped intake may not act on a needs report: 403, nothing changes.
                let reports = try await services.needs(DemoPersons.dashboardDefault) {
                    try await $0.listNeedsReports(
                        .with {
                            $0.governorOfficeId = "agder"
                            $0.statuses = [.returned]
                            $0.pageSize = 10
                        }
                    ).items
                }
                let report = try #require(reports.first)
                let refused = try await browser.post(
                    "/soknader/\(report.id)",
                    [
                        ("skjemanokkel", triage.first { $0.0 == "skjemanokkel" }?.1 ?? ""), ("handling", "returner"),
                        ("foresporsel", "web-test-no-role"), ("versjon", String(report.version)),
                        ("begrunnelse", "Ikke min sak"),
                    ]
                )
                #expect(refused.status == .forbidden)
                let after = try await services.needs(DemoPersons.dashboardDefault) {
                    try await $0.getNeedsReport(.with { $0.id = report.id })
                }
                #expect(after.version == report.version)
            }
        }
    }
}
