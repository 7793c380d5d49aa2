import Foundation
import Hummingbird
import KSICore
import StackTestSupport
import Testing

/// The simulator form (V12, `/simulator`) on the loopback dashboard as `demo-saksbehandler-ein`
/// (sfCaseworker, Agder) with the demo year (issue 15): it defaults to the viewer's own embete, a refusal is
/// bokmål on the form with the input kept, and choosing another split rule or method visibly changes the
/// figures (owner and UH per line, sub-frames), each checked against COM-R3 computed here.
@Suite("Simulator form on the loopback dashboard", .serialized)
struct SimulatorFormTests {
    /// `data-figure` name → raw value of every figure on a page.
    static func figures(_ html: String) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for match in html.matches(of: /data-figure="([^"]+)" value="(-?[0-9]+)"/) {
            out[String(match.1)] = Int64(match.2)
        }
        return out
    }

    static func fields(_ page: DashboardSession.Page, _ values: [(String, String)]) throws -> [(String, String)] {
        [("skjemanokkel", try #require(try page.hiddenFields()["skjemanokkel"]))] + values
    }

    /// COM-R3: the owner gets floor(amount × bp / 10 000) rounded down to whole kroner; the UH the rest.
    static func ownerPart(_ amountOre: Int64, bp: Int64) -> Int64 { (amountOre * bp / 10_000) / 100 * 100 }

    @Test(
        "defaults to the viewer's embete; another embete is a bokmål 403 and bad input a bokmål 400, input kept; split rules and methods change the figures as COM-R3 says"
    )
    func simulatorForm() async throws {
        try await TestStack.with(withGateway: true) { stack in
            _ = try await stack.loadDemoYear()
            try await DashboardSession.with(stack) { browser in
                let form = try await browser.get("/simulator")
                #expect(form.status == .ok)
                #expect(
                    form.html.contains(#"<option value="agder" selected>"#),
                    "the caseworker of Agder starts on Agder"
                )

                // Another embete: the service refuses (the caseworker's roles are Agder's); bokmål, input kept.
                let other = try #require(stack.reference.set.governorOffices.map(\.id).sorted().first { $0 != "agder" })
                let foreign = try await browser.post(
                    "/simulator",
                    try Self.fields(
                        form,
                        [
                            ("region", other), ("year", "2025"), ("scheme", "ksi"), ("frameKroner", "4321000"),
                            ("method", "proRataPerCounty"), ("split", "fixed70"), ("useReportedNeeds", "on"),
                        ]
                    )
                )
                #expect(foreign.status == .forbidden, "\(foreign.status)")
                #expect(foreign.html.contains("Simuleringen ble ikke kjørt"))
                #expect(
                    foreign.html.contains("Du har ikke tilgang til denne handlingen.")
                        || foreign.html.contains("Rollen din gir ikke tilgang")
                )
                #expect(!foreign.html.contains("only "), "no English refusal")
                #expect(
                    foreign.html.contains(#"value="4321000""#)
                        && foreign.html.contains(#"<option value="\#(other)" selected>"#)
                )
                #expect(
                    foreign.html.contains(#"value="proRataPerCounty" checked"#)
                        && foreign.html.contains(#"value="fixed70" checked"#)
                )
                #expect(!foreign.html.contains(#"value="needsBased" checked"#))
                #expect(!foreign.html.contains("Scenarioer"))

                // A year that is no number: 400 in bokmål naming the field, the year as typed kept.
                let badYear = try await browser.post(
                    "/simulator",
                    try Self.fields(
                        form,
                        [
                            ("region", "agder"), ("year", "tjuefemogtjue"), ("scheme", "ksi"),
                            ("frameKroner", "6000000"),
                            ("method", "needsBased"), ("split", "equal"), ("useReportedNeeds", "on"),
                        ]
                    )
                )
                #expect(badYear.status == .badRequest)
                #expect(
                    badYear.html.contains("Et felt mangler eller har en ugyldig verdi.")
                        && badYear.html.contains("«År»")
                )
                #expect(badYear.html.contains(#"value="tjuefemogtjue""#))

                // Two methods × two split rules: four scenarios, method-major.
                let result = try await browser.post(
                    "/simulator",
                    try Self.fields(
                        form,
                        [
                            ("region", "agder"), ("year", "2025"), ("scheme", "ksi"), ("frameKroner", "6000000"),
                            ("method", "needsBased"), ("method", "proRataPerCounty"), ("split", "equal"),
                            ("split", "fixed70"),
                            ("useReportedNeeds", "on"),
                        ]
                    )
                )
                #expect(result.status == .ok, "\(result.html.prefix(2000))")
                let figures = Self.figures(result.html)
                let frameOre: Int64 = 6_000_000_00
                let ownerBp: [Int64] = [5000, 7000, 5000, 7000]
                var ownerTotals: [Int64] = []
                for scenario in 0..<4 {
                    let prefix = "V12.result.scenarios.\(scenario)"
                    var line = 0
                    var ownerTotal: Int64 = 0
                    while let amount = figures["\(prefix).lines.\(line).amountOre"] {
                        let owner = try #require(figures["\(prefix).lines.\(line).ownerAmountOre"])
                        let uh = try #require(figures["\(prefix).lines.\(line).uhAmountOre"])
                        #expect(
                            owner == Self.ownerPart(amount, bp: ownerBp[scenario]),
                            "scenario \(scenario) line \(line)"
                        )
                        #expect(owner + uh == amount, "COM-R3: the parts sum to the line")
                        ownerTotal += owner
                        line += 1
                    }
                    #expect(line > 0, "scenario \(scenario) shows its lines")
                    ownerTotals.append(ownerTotal)
                    var subFrame = 0
                    var subFrameSum: Int64 = 0
                    while let amount = figures["\(prefix).subFrames.\(subFrame).amountOre"] {
                        #expect(amount % 100 == 0, "sub-frames are whole kroner (COM-R2)")
                        subFrameSum += amount
                        subFrame += 1
                    }
                    if subFrame > 0 {
                        #expect(
                            subFrameSum == frameOre,
                            "COM-R3: the sub-frames of scenario \(scenario) sum to the frame"
                        )
                    }
                }
                #expect(ownerTotals[0] != ownerTotals[1], "the split rule changes the owner amounts")
                #expect(ownerTotals[0] == ownerTotals[2], "the method does not change the lines (ALLOC-R8)")
                // Per county (Agder is one county): one sub-frame with the whole frame. Needs-based follows the
                // lines into the embete's networks (issue 15: the reports' network slugs used to match no network,
                // so needs-based gave no sub-frames at all and every scenario looked alike).
                #expect(figures["V12.result.scenarios.2.subFrames.0.amountOre"] == frameOre)
                #expect(figures["V12.result.scenarios.2.subFrames.1.amountOre"] == nil)
                let needsBased = (0..<10).compactMap { figures["V12.result.scenarios.0.subFrames.\($0).amountOre"] }
                #expect(needsBased.count > 1, "needs-based divides the frame between the networks")
                #expect(needsBased.reduce(0, +) == frameOre)
                #expect(result.html.contains("Hva skiller scenarioene"))
                #expect(result.html.contains("ALLOC-R2") && result.html.contains("ALLOC-R9"))
            }
        }
    }
}
