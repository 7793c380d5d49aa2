import Foundation
import Hummingbird
import KSICore

/// `/soknader/{needsReportId}`: a needs report's facts and the statsforvalter's first actions on it
/// (DOMAIN.md §4.1): return for completion with a reason (submitted → returned), route to the forum, a
/// committee or a network (submitted → underReview), prioritise or not prioritise with a rank
/// (underReview → prioritised | notPrioritised). Only the actions the report's state machine
/// (`NeedsReportStateMachine`) and the person's roles allow are offered; NeedsService decides.
struct NeedsReportCase {
    let views: GatewayViews
    let commands: GatewayCommands
    let caller: Caller

    /// The confirmation after each action (the `utfort` value of the 303).
    static let confirmations: [String: String] = [
        "returnert": "Søknaden er returnert for utfylling.",
        "sendt": "Søknaden er sendt til behandling.",
        "prioritert": "Søknaden er prioritert.",
        "ikke-prioritert": "Søknaden er markert som ikke prioritert.",
    ]

    var needs: any NeedsServiceAPI { commands.needs(caller) }

    func render(
        id: String,
        done: String? = nil,
        form: CaseForm? = nil,
        notice: CaseNotice? = nil
    ) async throws -> DashboardPage {
        let report = try await needs.getNeedsReport(.with { $0.id = id })
        let reference = views.reference
        var context = PageContext.base(
            views: views,
            officeId: report.governorOfficeId,
            parameters: ViewParameters(scheme: report.scheme, year: report.year)
        )
        let input = form?.input ?? [:]
        context["reportId"] = report.id
        context["version"] = String(report.version)
        context["leadOwner"] = reference.owner(report.leadOwnerId)?.name ?? report.leadOwnerId
        context["facts"] = facts(report)
        context["warnings"] = report.warnings.map { warning -> [String: Any] in
            ["rule": warning.ruleId, "text": RuleTexts.text(warning.ruleId)]
        }
        context["hasWarnings"] = !report.warnings.isEmpty
        if let done, let text = Self.confirmations[done] { context["confirmation"] = text }
        if let notice {
            context["refusals"] = notice.messages
            context["hasRefusal"] = true
        }
        var actions = 0
        let machine = NeedsReportStateMachine(report.status)
        let caseworker = caller.has(.sfCaseworker, scope: report.governorOfficeId)
        if machine.allows(.returnForCompletion) && caseworker {
            context["returnForm"] = ["requestId": CaseForm.newRequestId(), "reason": input["begrunnelse"] ?? ""]
            actions += 1
        }
        if machine.allows(.route) && caseworker {
            context["routeForm"] = [
                "requestId": CaseForm.newRequestId(),
                "targets": CaseFormat.options(try await routingTargets(report), selected: input["mottaker"] ?? "forum"),
            ]
            actions += 1
        }
        if machine.allows(.prioritise) && mayReview(report) {
            let bases = try await decisionBases(report)
            context["prioritiseForm"] = [
                "requestId": CaseForm.newRequestId(),
                "bases": CaseFormat.options(bases, selected: input["grunnlag"] ?? ""),
                "hasBases": !bases.isEmpty,
                "rank": input["rangering"] ?? "",
                "comment": input["kommentar"] ?? "",
                "notPrioritised": input["prioritert"] == "nei",
            ]
            actions += 1
        }
        context["hasActions"] = actions > 0
        context["noActionsReason"] =
            "Søknaden har status «\(NorwegianLabels.label(report.status))», og rollen din gir ingen handlinger på den nå."
        return DashboardPage(
            template: "case-needs-report",
            title: "Søknad fra \(context["leadOwner"] as? String ?? "")",
            context: context
        )
    }

    /// The report's facts, as label–value rows.
    func facts(_ report: NeedsReport) -> [[String: String]] {
        let reference = views.reference
        func names(_ ids: [String], _ lookup: (String) -> String?) -> String {
            ids.isEmpty ? "Ingen" : ids.map { lookup($0) ?? $0 }.joined(separator: ", ")
        }
        var rows: [(String, String)] = [
            ("Status", NorwegianLabels.label(report.status)),
            ("Ordning", PageContext.schemeLabel(report.scheme)),
            ("År", String(report.year)),
            ("Embete", reference.governorOffice(report.governorOfficeId)?.name ?? report.governorOfficeId),
            ("Søker", reference.owner(report.leadOwnerId)?.name ?? report.leadOwnerId),
            ("Medsøkere", names(report.coApplicantOwnerIds) { reference.owner($0)?.name }),
            (
                "Temaer",
                report.themes.isEmpty
                    ? "Ingen"
                    : report.themes.map { reference.theme($0)?.name ?? "Tema uten navn" }.joined(separator: ", ")
            ),
            ("UH-partnere", names(report.uhPartnerIds) { reference.uhInstitution($0)?.name }),
            ("PP-kontor", names(report.pptOfficeIds) { reference.pptOffice($0)?.name }),
            ("Søkt beløp", NorwegianFormat.kroner(report.requestedAmountOre)),
            ("Antall år", String(report.requestedYears)),
        ]
        if report.submittedAt > 0 { rows.append(("Sendt inn", NorwegianFormat.shortDate(millis: report.submittedAt))) }
        if !report.returnReason.isEmpty {
            rows.append(
                (
                    report.status == .returned ? "Begrunnelse for retur" : "Begrunnelse ved siste retur",
                    report.returnReason
                )
            )
        }
        if report.routingTarget != .unspecified {
            rows.append(("Sendt til", NorwegianLabels.label(report.routingTarget)))
        }
        if report.priorityRank > 0 { rows.append(("Rangering", String(report.priorityRank))) }
        if report.decidedAmountOre > 0 {
            rows.append(("Vedtatt beløp", NorwegianFormat.kroner(report.decidedAmountOre)))
        }
        return rows.map { ["label": $0.0, "value": $0.1] }
    }

    /// Whether the person may prioritise the report: the body it was routed to (as NeedsService checks).
    func mayReview(_ report: NeedsReport) -> Bool {
        switch report.routingTarget {
        case .network: caller.has(.networkCoordinator, scope: report.routedToBodyId)
        case .committee: caller.has(.committeeMember, scope: report.governorOfficeId)
        case .forum: caller.has(.sfCaseworker, scope: report.governorOfficeId)
        default: false
        }
    }

    /// Where a report can be routed (form value `forum`, `nettverk:<id>`, `utvalg:<id>`): the forum, the
    /// competence network the report belongs to (its `networkId`, the id the network coordinator's role grant
    /// is scoped to, so the coordinator can prioritise it; named as AllocationService names it when it lists
    /// that id), and the committees of the embete's forums as AllocationService lists them (none when it
    /// cannot answer; a committee's members act by their embete scope).
    func routingTargets(_ report: NeedsReport) async throws -> [(String, String)] {
        var targets: [(String, String)] = [("forum", "Samarbeidsforumet")]
        let allocation = commands.allocation(caller)
        if !report.networkId.isEmpty {
            let networks =
                (try? await allocation.listCompetenceNetworks(
                    .with {
                        $0.governorOfficeId = report.governorOfficeId
                        $0.pageSize = 100
                    }
                ).items) ?? []
            let name = networks.first { $0.id == report.networkId }?.name
            targets.append(
                (
                    "nettverk:\(report.networkId)",
                    name.map { "Kompetansenettverk: \($0)" } ?? "Søknadens kompetansenettverk"
                )
            )
        }
        let forums =
            (try? await allocation.listCollaborationForums(
                .with {
                    $0.governorOfficeId = report.governorOfficeId
                    $0.pageSize = 100
                }
            ).items) ?? []
        for forum in forums {
            let committees =
                (try? await allocation.listCommittees(
                    .with {
                        $0.forumId = forum.id
                        $0.pageSize = 100
                    }
                ).items) ?? []
            targets += committees.sorted { $0.name < $1.name }.map { ("utvalg:\($0.id)", "Utvalg: \($0.name)") }
        }
        return targets
    }

    /// The decision bases of the report's round that fit the body it was routed to (as NeedsService checks).
    func decisionBases(_ report: NeedsReport) async throws -> [(String, String)] {
        let bases =
            (try? await needs.listDecisionBases(
                .with {
                    $0.roundId = report.roundId
                    $0.pageSize = 100
                }
            ).items) ?? []
        return bases.filter { basis in
            switch report.routingTarget {
            case .network: basis.networkId == report.routedToBodyId
            case .committee: basis.committeeId == report.routedToBodyId
            default: basis.networkId.isEmpty && basis.committeeId.isEmpty
            }
        }.map { basis in
            let name = basis.comments.trimmingCharacters(in: .whitespacesAndNewlines)
            return (
                basis.id,
                "\(name.isEmpty ? "Beslutningsgrunnlag" : name) (\(basis.rankedNeedsReportIds.count) rangerte søknader)"
            )
        }
    }

    func post(id: String, request: Request, listener: ListenerKind) async throws -> CaseAnswer {
        try await CasePost.handle(
            request,
            listener: listener,
            location: "/soknader/\(id)",
            render: { form, notice in try await render(id: id, form: form, notice: notice) },
            perform: { form in try await perform(form, id: id) }
        )
    }

    /// Runs the posted action; returns the confirmation key.
    func perform(_ form: CaseForm, id: String) async throws -> String {
        let version = try form.expectedVersion()
        switch form.action {
        case "returner":
            _ = try await needs.returnNeedsReportForCompletion(
                .with {
                    $0.requestId = form.requestId
                    $0.needsReportId = id
                    $0.expectedVersion = version
                    $0.reason = form.text("begrunnelse")
                }
            )
            return "returnert"
        case "send":
            let (target, body) = Self.routing(form.value("mottaker"))
            _ = try await needs.routeNeedsReport(
                .with {
                    $0.requestId = form.requestId
                    $0.needsReportId = id
                    $0.expectedVersion = version
                    $0.routingTarget = target
                    $0.targetBodyId = body
                }
            )
            return "sendt"
        case "prioriter":
            let prioritised = form.value("prioritert") != "nei"
            let rankText = form.text("rangering")
            let rank: Int32
            if prioritised {
                guard let parsed = Int32(rankText), parsed >= 1, parsed <= 10_000 else {
                    throw ActionRefusal.rule(.malformedInput, field: "rank")
                }
                rank = parsed
            } else {
                rank = 0
            }
            _ = try await needs.prioritiseNeedsReport(
                .with {
                    $0.requestId = form.requestId
                    $0.needsReportId = id
                    $0.expectedVersion = version
                    $0.decisionBasisId = form.value("grunnlag")
                    $0.prioritised = prioritised
                    $0.rank = rank
                    $0.comment = form.text("kommentar")
                }
            )
            return prioritised ? "prioritert" : "ikke-prioritert"
        default:
            throw ActionRefusal.rule(.malformedInput, field: "action")
        }
    }

    /// The routing target and body of a `mottaker` value.
    static func routing(_ value: String) -> (NeedsRoutingTarget, String) {
        if value == "forum" { return (.forum, "") }
        if value.hasPrefix("nettverk:") { return (.network, String(value.dropFirst("nettverk:".count))) }
        if value.hasPrefix("utvalg:") { return (.committee, String(value.dropFirst("utvalg:".count))) }
        return (.unspecified, "")
    }
}
