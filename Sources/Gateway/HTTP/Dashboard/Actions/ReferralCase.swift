import Hummingbird
import KSICore

/// `/inntak/{referralId}`: a referral as Statped intake triages it (DOMAIN.md §4.4): start triage
/// (submitted → inTriage), accept (inTriage → accepted; REF-R7, REF-R8) or decline with a reason and advice
/// on where to go instead (inTriage → declined; REF-R7).
///
/// PRIV-R1/R2/R7: the page shows no child identity, guardians or case content. It reads the referral's
/// progress (`GetReferralProgress`: status, version, milestones, no child data, nothing decrypted, no
/// child-data read logged) and its summary from the intake queue (`ListReferrals`: subject areas, PPT
/// office, division), never `GetReferral`, and logs nothing of it. The case reference shown is the referral
/// id's first part, not the child's pseudonym.
struct ReferralCase {
    let views: GatewayViews
    let commands: GatewayCommands
    let caller: Caller

    static let confirmations: [String: String] = [
        "vurderes": "Henvisningen er tatt til vurdering.",
        "akseptert": "Henvisningen er akseptert.",
        "avslatt": "Henvisningen er avslått, med råd om hvor saken kan gå i stedet.",
    ]

    /// How many summary pages the page reads at most to find the case in its queue (LIM-R7: 500 a page).
    static let maximumQueuePages = 20

    var referral: any ReferralServiceAPI { commands.referral(caller) }

    func render(
        id: String,
        done: String? = nil,
        form: CaseForm? = nil,
        notice: CaseNotice? = nil
    ) async throws -> DashboardPage {
        let progress = try await referral.getReferralProgress(.with { $0.id = id })
        // The queue is intake's and the manager's (PRIV-R4); for another reader of the progress the page shows
        // what the progress holds and leaves the queue facts out.
        let summary = try? await self.summary(
            id: id,
            status: progress.status,
            governorOfficeId: progress.governorOfficeId
        )
        let reference = views.reference
        var context = PageContext.base(views: views, officeId: progress.governorOfficeId, parameters: ViewParameters())
        let input = form?.input ?? [:]
        context["referralId"] = progress.id
        context["version"] = String(progress.version)
        // The case's own reference (the referral id's first part), not the child's pseudonym (PRIV-R7).
        context["caseRef"] = String(progress.id.prefix(8)).uppercased()
        var rows: [(String, String)] = [
            ("Status", NorwegianLabels.label(progress.status)),
            ("Saksreferanse", context["caseRef"] as? String ?? ""),
            ("Type", NorwegianLabels.label(progress.kind)),
            ("Embete", reference.governorOffice(progress.governorOfficeId)?.name ?? "Ikke oppgitt"),
        ]
        if let summary {
            if !summary.referringPptOfficeId.isEmpty {
                rows.append(
                    ("PP-kontor", reference.pptOffice(summary.referringPptOfficeId)?.name ?? "Ukjent PP-kontor")
                )
            }
            if !summary.subjectAreas.isEmpty {
                rows.append(
                    (
                        "Fagområder",
                        summary.subjectAreas.map { area in
                            reference.set.statpedSubjectAreas.last { $0.subjectArea == area }?.name
                                ?? "Fagområde uten navn"
                        }.joined(separator: ", ")
                    )
                )
            }
            if !summary.divisionId.isEmpty {
                rows.append(
                    (
                        "Avdeling",
                        reference.set.statpedDivisions.last { $0.id == summary.divisionId }?.name ?? "Ukjent avdeling"
                    )
                )
            }
        }
        let milestones = progress.milestones ?? ReferralTimestamps()
        for (label, millis) in [
            ("Sendt inn", milestones.submittedAt), ("Vurdert", milestones.triagedAt),
            ("Akseptert", milestones.acceptedAt),
        ] where millis > 0 {
            rows.append((label, NorwegianFormat.shortDate(millis: millis)))
        }
        if progress.startupSlaBreached { rows.append(("Oppstartsmøte", "Fristen på 14 dager er overskredet")) }
        context["facts"] = rows.map { ["label": $0.0, "value": $0.1] }
        if let done, let text = Self.confirmations[done] { context["confirmation"] = text }
        if let notice {
            context["refusals"] = notice.messages
            context["hasRefusal"] = true
        }
        let intake = caller.has(.statpedIntake)
        let machine = ReferralStateMachine(kind: progress.kind)
        func allows(_ command: ReferralStateMachine.Command) -> Bool {
            intake && machine.rule(command).from.contains(progress.status)
        }
        if allows(.startTriage) { context["triageForm"] = ["requestId": CaseForm.newRequestId()] }
        if allows(.accept) {
            context["acceptForm"] = ["requestId": CaseForm.newRequestId(), "reason": input["begrunnelse"] ?? ""]
        }
        if allows(.decline) {
            context["declineForm"] = [
                "requestId": CaseForm.newRequestId(),
                "reasons": CaseFormat.options(
                    [DeclineReason.outsideMandate, .notReferredViaPpt, .insufficientInformation, .other].map {
                        ($0.name, NorwegianLabels.label($0))
                    },
                    selected: input["avslagsgrunn"] ?? ""
                ),
                "targets": CaseFormat.options(
                    [RedirectTarget.ppt, .uh, .ksiMeasure, .other].map {
                        ($0.name, NorwegianLabels.label($0))
                    },
                    selected: input["radtype"] ?? ""
                ),
                "advice": input["rad"] ?? "",
            ]
        }
        context["hasActions"] = allows(.startTriage) || allows(.accept) || allows(.decline)
        context["noActionsReason"] =
            "Henvisningen har status «\(NorwegianLabels.label(progress.status))», og rollen din gir ingen handlinger på den nå."
        return DashboardPage(template: "case-referral", title: "Henvisning til Statped", context: context)
    }

    /// The case's summary in the queue of its status (no child identity; PRIV-R7), or nil when not listed.
    func summary(id: String, status: ReferralStatus, governorOfficeId: String) async throws -> ReferralSummary? {
        var token = ""
        for _ in 0..<Self.maximumQueuePages {
            let page = try await referral.listReferrals(
                .with {
                    $0.statuses = [status]
                    $0.governorOfficeId = governorOfficeId
                    $0.pageSize = 500
                    $0.pageToken = token
                }
            )
            if let found = page.items.first(where: { $0.id == id }) { return found }
            token = page.nextPageToken
            if token.isEmpty { return nil }
        }
        return nil
    }

    func post(id: String, request: Request, listener: ListenerKind) async throws -> CaseAnswer {
        try await CasePost.handle(
            request,
            listener: listener,
            location: "/inntak/\(id)",
            render: { form, notice in try await render(id: id, form: form, notice: notice) },
            perform: { form in try await perform(form, id: id) }
        )
    }

    func perform(_ form: CaseForm, id: String) async throws -> String {
        let version = try form.expectedVersion()
        switch form.action {
        case "vurder":
            _ = try await referral.startTriage(
                .with {
                    $0.requestId = form.requestId
                    $0.referralId = id
                    $0.expectedVersion = version
                }
            )
            return "vurderes"
        case "aksepter":
            _ = try await referral.acceptReferral(
                .with {
                    $0.requestId = form.requestId
                    $0.referralId = id
                    $0.expectedVersion = version
                    $0.reason = form.text("begrunnelse")
                }
            )
            return "akseptert"
        case "avslaa":
            // REF-R7: a decline carries advice on where to go instead; the page asks for it in words always.
            let advice = form.text("rad")
            guard !advice.isEmpty else { throw ActionRefusal.rule(TriageDecisionRule.id, field: "redirect.note") }
            _ = try await referral.declineReferral(
                .with {
                    $0.requestId = form.requestId
                    $0.referralId = id
                    $0.expectedVersion = version
                    $0.declineReason = DeclineReason(name: form.value("avslagsgrunn")) ?? .unspecified
                    $0.redirect = .with {
                        $0.target = RedirectTarget(name: form.value("radtype")) ?? .unspecified
                        $0.note = advice
                    }
                }
            )
            return "avslatt"
        default:
            throw ActionRefusal.rule(.malformedInput, field: "action")
        }
    }
}
