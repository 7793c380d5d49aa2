import KSICore

/// `/arbeidslister/inntak` (issue 15): Statped's intake queue, oldest first, from
/// `ReferralService.ListIntakeQueue` as the person (statpedIntake, statpedManager; PRIV-R4). The RPC
/// returns no child data (PRIV-R5, R7), so none passes through the gateway: status, kind, division,
/// subject areas, referring PPT office, home municipality, submission date, age in days and the REF-R10
/// state (a warning from day 10 after acceptance, a breach after day 14).
enum IntakeWorklist {
    /// The statuses a person may filter by: the open intake queue.
    static let statuses: [ReferralStatus] = [.submitted, .inTriage, .accepted, .assigned]

    static func make(
        query: WorklistQuery,
        views: GatewayViews,
        caller: Caller,
        services: WorklistServices
    ) async throws -> WorklistResult {
        let reference = views.reference
        guard WorklistAccess.allows(caller, .intake) else { throw WorklistAccess.refused(.intake) }
        let parameters = try query.viewParameters()
        let status = try query.choice("status", ReferralStatus.self, allowed: statuses, label: NorwegianLabels.label)
        let kind = try query.choice("sakstype", ReferralKind.self, label: NorwegianLabels.label)
        let divisions = reference.set.statpedDivisions
        let division = try query.registryId("avdeling", what: "Statped-avdeling") { id in
            divisions.contains { $0.id == id }
        }
        let area = try query.choice("fagomrade", StatpedSubjectArea.self, label: NorwegianLabels.label)
        let flaggedOnly = try query.flag("frist")

        var request = ListIntakeQueueRequest.with {
            if let status { $0.statuses = [status] }
            $0.kind = kind ?? .unspecified
            $0.divisionId = division ?? ""
            $0.subjectArea = area ?? .unspecified
        }
        request.pageSize = 0
        let referral = services.referral
        // The RPC pages oldest first; the walk keeps that order.
        let (entries, truncated) = try await WorklistServices.collect(
            request,
            { try await referral.listIntakeQueue($0) }
        ) { entry in
            !flaggedOnly || entry.startupDeadlineNear || entry.startupSlaBreached
        }
        let table = WorklistTable(columns: columns, rows: entries.map { row($0, reference: reference) })
        let filters: [[String: Any]] = [
            WorklistFormat.select(
                "status",
                "Status",
                statuses.map { ($0.name, NorwegianLabels.label($0)) },
                selected: status?.name
            ),
            WorklistFormat.select(
                "sakstype",
                "Sakstype",
                ReferralKind.allCases.filter { $0 != .unspecified }.map { ($0.name, NorwegianLabels.label($0)) },
                selected: kind?.name
            ),
            WorklistFormat.select(
                "avdeling",
                "Avdeling",
                divisions.sorted { $0.name < $1.name }.map { ($0.id, $0.name) },
                selected: division
            ),
            WorklistFormat.select(
                "fagomrade",
                "Fagområde",
                StatpedSubjectArea.allCases.filter { $0 != .unspecified }.map { ($0.name, NorwegianLabels.label($0)) },
                selected: area?.name
            ),
            WorklistFormat.select(
                "frist",
                "Oppstartsfrist",
                [("ja", "Bare varsel eller brudd (dag 10 og 14)")],
                selected: flaggedOnly ? "ja" : nil
            ),
        ]
        var base = PageContext.base(views: views, officeId: "", parameters: parameters)
        base["officeName"] = "Statped"
        return WorklistResult(
            list: .intake,
            heading: "Inntakskø",
            intro:
                "Åpne henvisninger til Statped, eldste først. Oppstartsmøtet skal holdes innen 14 dager etter at saken er akseptert (regel REF-R10): varsel fra dag 10, brudd etter dag 14. Listen viser ingen opplysninger om barnet.",
            table: table,
            truncated: truncated,
            filters: filters,
            base: base,
            fileName: "inntak-statped"
        )
    }

    static let columns: [WorklistTable.Column] = [
        .init(title: "Sak"), .init(title: "Alder (dager)", numeric: true), .init(title: "Sendt inn"),
        .init(title: "Status"),
        .init(title: "Sakstype"), .init(title: "Avdeling"), .init(title: "Fagområder"), .init(title: "Henvisende PPT"),
        .init(title: "Hjemkommune"), .init(title: "Dager siden aksept", numeric: true),
        .init(title: "Oppstartsfrist (REF-R10)"),
    ]

    static func row(_ entry: IntakeQueueEntry, reference: ReferenceData) -> [WorklistTable.Cell] {
        let deadline =
            entry.startupSlaBreached
            ? "Brudd: over 14 dager" : entry.startupDeadlineNear ? "Varsel: dag 10 eller senere" : ""
        let referrer =
            entry.referringPptOfficeId.isEmpty
            ? WorklistFormat.organisationName(entry.requestingOrgId, reference)
            : WorklistFormat.organisationName(entry.referringPptOfficeId, reference)
        return [
            .init(
                "Sak \(entry.referralId.prefix(8))",
                csv: entry.referralId,
                href: "/inntak/\(WorklistQuery.encode(entry.referralId))"
            ),
            .integer(Int64(entry.ageDays)),
            .init(NorwegianFormat.shortDate(millis: entry.submittedAt)),
            .init(NorwegianLabels.label(entry.status)),
            .init(NorwegianLabels.label(entry.kind)),
            .init(reference.set.statpedDivisions.first { $0.id == entry.divisionId }?.name ?? ""),
            .init(entry.subjectAreas.map(NorwegianLabels.label).joined(separator: ", ")),
            .init(referrer),
            .init(
                entry.homeMunicipalityId.isEmpty
                    ? "" : reference.municipality(entry.homeMunicipalityId)?.name ?? entry.homeMunicipalityId
            ),
            entry.acceptedAt > 0 ? .integer(Int64(entry.daysSinceAcceptance)) : .init(""),
            .init(deadline),
        ]
    }
}
