import Hummingbird
import KSICore

/// The allocation simulator (V12): a form to pick methods and split rules, and the scenarios side by side.
/// The form posts to itself; AllocationService computes and stores nothing.
///
/// Issue 15: the form defaults to the viewer's own embete; a refusal (403 for another embete, 400 for bad
/// input, 422 for a frame out of bounds) is a bokmål message on the form with the input kept; and each
/// scenario shows what actually differs between methods and split rules (the sub-frames per target, the
/// owner and UH amounts per line, the ALLOC-R2, R7, R8, R9 and R19 results), beside what does not (Σ lines,
/// V4–V6 of the draft: the lines are the same in every scenario, ALLOC-R8).
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
        (
            "fixed70", "Fast 70 % eier / 30 % UH",
            .with {
                $0.kind = .fixed
                $0.ownerBp = 7000
                $0.uhBp = 3000
            }
        ),
        (
            "uhRange", "UH-andel 20–40 %",
            .with {
                $0.kind = .uhRange
                $0.minUhBp = 2000
                $0.maxUhBp = 4000
            }
        ),
        ("caseByCase", "Fra sak til sak", .with { $0.kind = .caseByCase }),
    ]

    /// The form for `values` (the query with `SelectionDefaults` applied); the simulator has no national
    /// scenario, so an empty region is the viewer's own embete.
    static func get(
        _ request: Request,
        values: [String: String],
        listener: ListenerKind,
        views: GatewayViews,
        caller: Caller
    ) -> DashboardPage {
        var values = values
        if (values["region"] ?? "").isEmpty {
            values["region"] = SelectionDefaults.region(of: caller, reference: views.reference)
        }
        return form(views: views, values: values).protected(request, listener: listener)
    }

    static func post(
        _ request: Request,
        listener: ListenerKind,
        views: GatewayViews,
        caller: Caller
    ) async throws -> DashboardPage {
        let buffer = try await RequestBodyLimit.collect(request, limit: RequestBodyLimit.form)
        let form = FormData.parse(String(buffer: buffer))
        if let refusal = FormProtection.check(request, form: form, listener: listener) {
            return refused(views: views, form: form, refusal: refusal).protected(request, listener: listener)
        }
        return try await result(views: views, form: form, caller: caller).protected(request, listener: listener)
    }

    static func form(views: GatewayViews, values: [String: String]) -> DashboardPage {
        var context = PageContext.base(
            views: views,
            officeId: values["region"] ?? "",
            parameters: (try? ViewParameters(query: values)) ?? ViewParameters()
        )
        if let year = values["year"], Int32(year) == nil { context["year"] = year }  // kept as typed, for the refusal
        context["methods"] = methods.map { ["value": $0.0.name, "label": $0.1, "checked": $0.0 == .needsBased] }
        context["splitRules"] = splitRules.map { ["value": $0.0, "label": $0.1, "checked": $0.0 == "equal"] }
        context["frameKroner"] = values["frameKroner"] ?? "6000000"
        context["useReportedNeeds"] = (values["useReportedNeeds"] ?? "on") == "on"
        return DashboardPage(template: "simulator", title: "Tildelingssimulator", context: context)
    }

    /// The form again with the person's own input (every field and box as posted).
    static func kept(views: GatewayViews, form: [String: [String]]) -> DashboardPage {
        var values = form.compactMapValues(\.first)
        values["useReportedNeeds"] = form["useReportedNeeds"]?.first == "on" ? "on" : "off"
        var page = self.form(views: views, values: values)
        let chosenMethods = Set(form["method"] ?? [])
        let chosenRules = Set(form["split"] ?? [])
        page.context["methods"] = methods.map {
            ["value": $0.0.name, "label": $0.1, "checked": chosenMethods.contains($0.0.name)]
        }
        page.context["splitRules"] = splitRules.map {
            ["value": $0.0, "label": $0.1, "checked": chosenRules.contains($0.0)]
        }
        return page
    }

    /// The form again after a refused post (`FormProtection`): the user's input kept, the reason in bokmål, 403.
    static func refused(views: GatewayViews, form: [String: [String]], refusal: FormProtection.Refusal) -> DashboardPage
    {
        var page = kept(views: views, form: form)
        page.context["formRefused"] = refusal.explanation
        page.status = .forbidden
        return page
    }

    /// The form again after the simulation was refused (another embete: 403; bad input: 400): the input kept,
    /// each broken rule in bokmål with its id and field (`RuleTexts`).
    static func refused(views: GatewayViews, form: [String: [String]], refusal: ActionRefusal) -> DashboardPage {
        var page = kept(views: views, form: form)
        page.context["refusals"] = refusal.context
        page.context["hasRefusal"] = true
        page.status = refusal.status
        return page
    }

    /// The request the form describes; unknown methods or rules are a 400 naming the field.
    static func request(form: [String: [String]]) throws -> SimulateAllocationRequest {
        let first = { (key: String) in form[key]?.first ?? "" }
        let parameters = try ViewParameters(query: ["scheme": first("scheme"), "year": first("year")])
        // LIM-R2: parsed without arithmetic on unchecked input; above 10 000 000 000 kr is a rule violation.
        let frameOre = try Money.parseKroner(first("frameKroner"), field: "frameKroner")
        let chosenMethods = try (form["method"] ?? []).map { name -> AllocationMethod in
            guard let method = AllocationMethod(name: name), method != .unspecified else {
                throw ViewParameters.invalid("method", "'\(name)' is not a method")
            }
            return method
        }
        let chosenRules = try (form["split"] ?? []).map { value -> OwnerUhSplitRule in
            guard let rule = splitRules.first(where: { $0.0 == value }) else {
                throw ViewParameters.invalid("split", "'\(value)' is not a split rule")
            }
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
        do {
            let request: SimulateAllocationRequest
            do {
                request = try self.request(form: form)
            } catch let error as DomainError where error.violations.contains(where: { $0.field == "frameKroner" }) {
                return refused(views: views, form: form, error: error)
            }
            return try await result(views: views, request: request, form: form, caller: caller)
        } catch {
            // A refusal the person can act on goes on the form; a server-side failure is the error page's.
            guard let refusal = ActionRefusal.from(error) else { throw error }
            return refused(views: views, form: form, refusal: refusal)
        }
    }

    /// The form again with the user's own input and a Norwegian message, for a frame it cannot use (LIM-R2).
    static func refused(views: GatewayViews, form: [String: [String]], error: DomainError) -> DashboardPage {
        var page = kept(views: views, form: form)
        let outOfBound = error.violations.contains { $0.rule == Money.boundRule }
        page.context["frameError"] =
            outOfBound
            ? "Rammen må være mellom 0 og 10 000 000 000 kr."
            : "Rammen må være et helt antall kroner, for eksempel 6 000 000."
        page.status = outOfBound ? .unprocessableContent : .badRequest
        return page
    }

    static func result(
        views: GatewayViews,
        request: SimulateAllocationRequest,
        form: [String: [String]],
        caller: Caller
    ) async throws -> DashboardPage {
        var request = request
        // The embete's reported needs for the year as draft lines: what the forum starts from.
        let useReportedNeeds = form["useReportedNeeds"]?.first == "on"
        if useReportedNeeds {
            request.draftLines = try await views.simulationDraftLines(
                governorOfficeId: request.governorOfficeId,
                scheme: request.scheme,
                year: request.year,
                caller: caller
            )
        }
        let view = try await views.simulateAllocation(request, caller: caller)
        var page = kept(views: views, form: form)
        page.context["draftLineCount"] = request.draftLines.count
        let scenarios = view.result?.scenarios ?? []
        let networkNames =
            scenarios.contains { $0.subFrames.contains { $0.targetKind == .network } }
            ? try await views.competenceNetworkNames(governorOfficeId: request.governorOfficeId, caller: caller) : [:]
        page.context["hasResult"] = true
        page.context["scenarios"] = scenarios.enumerated().map { index, scenario in
            SimulatorScenario(index: index, scenario: scenario, views: views, networkNames: networkNames).context
        }
        page.context["comparison"] = scenarios.enumerated().map { index, scenario in
            SimulatorScenario(index: index, scenario: scenario, views: views, networkNames: networkNames).comparisonRow
        }
        page.context["hasScenarios"] = !scenarios.isEmpty
        page.context["notices"] = SectionNotices.list([("tildeling", view.allocationSection)])
        return page
    }

    /// A scenario's heading: its method and split rule in words.
    static func heading(_ scenario: SimulationScenario) -> String {
        let methodLabel = methods.first { $0.0 == scenario.method }?.1 ?? "Metode uten navn"
        let ruleLabel =
            splitRules.first { $0.2 == scenario.splitRule }?.1
            ?? splitRules.first { $0.2.kind == scenario.splitRule?.kind }?.1 ?? "Embetets fordelingsregel"
        return "\(methodLabel) – \(ruleLabel)"
    }

    /// A sub-frame's target in words: the kommune, fylke or network name where the reference data knows it.
    static func targetName(_ subFrame: SimulatedSubFrame, views: GatewayViews, networkNames: [String: String]) -> String
    {
        if let network = networkNames[subFrame.targetId] { return network }
        if let municipality = views.reference.municipality(subFrame.targetId) { return municipality.name }
        if let county = views.reference.county(subFrame.targetId) { return county.name }
        return subFrame.targetKind == .network ? "Kompetansenettverk uten navn" : "Ukjent mottaker"
    }
}
