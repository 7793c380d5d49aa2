import Hummingbird
import KSICore

/// The allocation simulator (V12): a form to pick methods and split rules, and the scenarios side by side.
/// The form posts to itself; AllocationService computes and stores nothing.
enum SimulatorPage {
    static let methods: [(AllocationMethod, String)] = [
        (.needsBased, "Behovsbasert"),
        (.proRataPerCounty, "Likt per fylke"),
        (.proRataChildrenAndPupils, "Etter antall barn og elever"),
        (.proRataTeacherFte, "Etter lærerårsverk"),
        (.proRataPupilsAndSchools, "Etter elever og skoler"),
        (.geographyWeighted, "Geografivektet"),
        (.previousParticipationWeighted, "Vektet etter tidligere deltakelse"),
    ]

    /// The split rules offered, by form value.
    static let splitRules: [(String, String, OwnerUhSplitRule)] = [
        ("equal", "Likt mellom eier og UH", .with { $0.kind = .equal }),
        ("fixed70", "Fast 70 % eier / 30 % UH", .with { $0.kind = .fixed; $0.ownerBp = 7000; $0.uhBp = 3000 }),
        ("uhRange", "UH-andel 20–40 %", .with { $0.kind = .uhRange; $0.minUhBp = 2000; $0.maxUhBp = 4000 }),
        ("caseByCase", "Fra sak til sak", .with { $0.kind = .caseByCase }),
    ]

    static func form(views: GatewayViews, values: [String: String]) -> DashboardPage {
        var context = PageContext.base(views: views, officeId: values["region"] ?? "", parameters: (try? ViewParameters(query: values)) ?? ViewParameters())
        context["methods"] = methods.map { ["value": $0.0.name, "label": $0.1, "checked": $0.0 == .needsBased] }
        context["splitRules"] = splitRules.map { ["value": $0.0, "label": $0.1, "checked": $0.0 == "equal"] }
        context["frameKroner"] = values["frameKroner"] ?? "6000000"
        context["useReportedNeeds"] = (values["useReportedNeeds"] ?? "on") == "on"
        return DashboardPage(template: "simulator", title: "Tildelingssimulator", context: context)
    }

    /// The form again after a refused post (`FormProtection`): the user's input kept, the reason in bokmål, 403.
    static func refused(views: GatewayViews, form: [String: [String]], refusal: FormProtection.Refusal) -> DashboardPage {
        let first = { (key: String) in form[key]?.first }
        var values: [String: String] = [:]
        for key in ["region", "year", "scheme", "frameKroner"] { values[key] = first(key) }
        values["useReportedNeeds"] = first("useReportedNeeds") == "on" ? "on" : "off"
        var page = self.form(views: views, values: values)
        let chosenMethods = Set(form["method"] ?? []), chosenRules = Set(form["split"] ?? [])
        page.context["methods"] = methods.map { ["value": $0.0.name, "label": $0.1, "checked": chosenMethods.contains($0.0.name)] }
        page.context["splitRules"] = splitRules.map { ["value": $0.0, "label": $0.1, "checked": chosenRules.contains($0.0)] }
        page.context["formRefused"] = refusal.explanation
        page.status = .forbidden
        return page
    }

    /// The request the form describes; unknown methods or rules are a 400 naming the field.
    static func request(form: [String: [String]]) throws -> SimulateAllocationRequest {
        let first = { (key: String) in form[key]?.first ?? "" }
        let parameters = try ViewParameters(query: ["scheme": first("scheme"), "year": first("year")])
        // LIM-R2: parsed without arithmetic on unchecked input; above 10 000 000 000 kr is a rule violation.
        let frameOre = try Money.parseKroner(first("frameKroner"), field: "frameKroner")
        let chosenMethods = try (form["method"] ?? []).map { name -> AllocationMethod in
            guard let method = AllocationMethod(name: name), method != .unspecified else { throw ViewParameters.invalid("method", "'\(name)' is not a method") }
            return method
        }
        let chosenRules = try (form["split"] ?? []).map { value -> OwnerUhSplitRule in
            guard let rule = splitRules.first(where: { $0.0 == value }) else { throw ViewParameters.invalid("split", "'\(value)' is not a split rule") }
            return rule.2
        }
        return SimulateAllocationRequest.with {
            $0.governorOfficeId = first("region")
            $0.scheme = parameters.scheme
            $0.year = parameters.year
            $0.frameOre = frameOre
            $0.methods = chosenMethods.map { method in SimulationMethodInput.with { $0.method = method } }
            $0.splitRules = chosenRules
        }
    }

    static func result(views: GatewayViews, form: [String: [String]], caller: Caller) async throws -> DashboardPage {
        let request: SimulateAllocationRequest
        do {
            request = try self.request(form: form)
        } catch let error as DomainError where error.violations.contains(where: { $0.field == "frameKroner" }) {
            return refused(views: views, form: form, error: error)
        }
        return try await result(views: views, request: request, form: form, caller: caller)
    }

    /// The form again with the user's own input and a Norwegian message, for a frame it cannot use (LIM-R2).
    static func refused(views: GatewayViews, form: [String: [String]], error: DomainError) -> DashboardPage {
        var values = form.compactMapValues(\.first)
        values["useReportedNeeds"] = form["useReportedNeeds"]?.first == "on" ? "on" : "off"
        var page = self.form(views: views, values: values)
        let chosenMethods = Set(form["method"] ?? [])
        let chosenRules = Set(form["split"] ?? [])
        page.context["methods"] = methods.map { ["value": $0.0.name, "label": $0.1, "checked": chosenMethods.contains($0.0.name)] }
        page.context["splitRules"] = splitRules.map { ["value": $0.0, "label": $0.1, "checked": chosenRules.contains($0.0)] }
        let outOfBound = error.violations.contains { $0.rule == Money.boundRule }
        page.context["frameError"] = outOfBound
            ? "Rammen må være mellom 0 og 10 000 000 000 kr."
            : "Rammen må være et helt antall kroner, for eksempel 6 000 000."
        page.status = outOfBound ? .unprocessableContent : .badRequest
        return page
    }

    static func result(views: GatewayViews, request: SimulateAllocationRequest, form: [String: [String]], caller: Caller) async throws -> DashboardPage {
        var request = request
        // The embete's reported needs for the year as draft lines: what the forum starts from.
        let useReportedNeeds = form["useReportedNeeds"]?.first == "on"
        if useReportedNeeds {
            request.draftLines = try await views.simulationDraftLines(
                governorOfficeId: request.governorOfficeId, scheme: request.scheme, year: request.year, caller: caller)
        }
        let view = try await views.simulateAllocation(request, caller: caller)
        var page = self.form(views: views, values: ["region": request.governorOfficeId, "year": request.year == 0 ? "" : String(request.year),
                                                     "scheme": request.scheme == .unspecified ? "" : request.scheme.name,
                                                     "frameKroner": String(request.frameOre / Money.orePerKrone),
                                                     "useReportedNeeds": useReportedNeeds ? "on" : "off"])
        page.context["draftLineCount"] = request.draftLines.count
        let chosenMethods = Set(request.methods.map(\.method.name))
        let chosenRules = Set(form["split"] ?? [])
        page.context["methods"] = methods.map { ["value": $0.0.name, "label": $0.1, "checked": chosenMethods.contains($0.0.name)] }
        page.context["splitRules"] = splitRules.map { ["value": $0.0, "label": $0.1, "checked": chosenRules.contains($0.0)] }
        let scenarios = view.result?.scenarios ?? []
        let networkNames = scenarios.contains { $0.subFrames.contains { $0.targetKind == .network } }
            ? try await views.competenceNetworkNames(governorOfficeId: request.governorOfficeId, caller: caller) : [:]
        page.context["hasResult"] = true
        page.context["scenarios"] = scenarios.enumerated().map { index, scenario -> [String: Any] in
            let methodLabel = methods.first { $0.0 == scenario.method }?.1 ?? scenario.method.name
            let ruleLabel = splitRules.first { $0.2.kind == scenario.splitRule?.kind }?.1 ?? (scenario.splitRule?.kind.name ?? "")
            let prefix = "V12.result.scenarios.\(index)"
            return [
                "heading": "\(methodLabel) – \(ruleLabel)",
                "figures": [
                    Figure.kroner("\(prefix).totalLinesOre", "Sum tilskudd", scenario.totalLinesOre).context,
                    Figure.kroner("\(prefix).remainingOre", "Igjen av rammen", scenario.remainingOre).context,
                    Figure.percent("\(prefix).specialNeedsShare.specialNeedsShareInclusiveBp", "Spesialpedagogikk",
                                   scenario.specialNeedsShare?.specialNeedsShareInclusiveBp ?? 0).context,
                    Figure.percent("\(prefix).kindergartenShare.kindergartenShareBp", "Barnehage", scenario.kindergartenShare?.kindergartenShareBp ?? 0).context,
                    Figure.percent("\(prefix).fragmentation.microShareBp", "Småtilskudd", scenario.fragmentation?.microShareBp ?? 0).context,
                    Figure.count("\(prefix).failedFindings", "Regelbrudd", Int64(scenario.findings.filter { !$0.passed }.count)).context,
                ],
                "subFrames": scenario.subFrames.sorted { $0.amountOre > $1.amountOre }.prefix(8).map { subFrame -> [String: Any] in
                    ["target": targetName(subFrame, views: views, networkNames: networkNames), "amount": NorwegianFormat.kroner(subFrame.amountOre),
                     "share": NorwegianFormat.percent(Int64(subFrame.shareBp))]
                },
                "hasSubFrames": !scenario.subFrames.isEmpty,
            ]
        }
        page.context["hasScenarios"] = !scenarios.isEmpty
        page.context["notices"] = SectionNotices.list([("tildeling", view.allocationSection)])
        return page
    }

    /// A sub-frame's target in words: the kommune, fylke or network name where the reference data knows it.
    static func targetName(_ subFrame: SimulatedSubFrame, views: GatewayViews, networkNames: [String: String]) -> String {
        if let network = networkNames[subFrame.targetId] { return network }
        if let municipality = views.reference.municipality(subFrame.targetId) { return municipality.name }
        if let county = views.reference.county(subFrame.targetId) { return county.name }
        return subFrame.targetId
    }
}
