/// Which outbox events someone must hear about, who that is, and what the notice says (issue 13;
/// docs/operations.md "Notifications and e-mail"). One function per service's outbox; an event type
/// not listed here gives no notification. Recipients are registry ids; `Notifier` addresses them.
///
/// Referral notices carry the case reference only, never child data (PRIV-R1, REF-R16).
enum NotificationRules {

    // MARK: AllocationService

    static func allocation(
        _ event: AllocationEvent,
        directory: NotificationDirectory,
        store: StoreTransaction
    ) async throws -> [NotificationDraft] {
        let scheme = NotificationTexts.scheme(event.scheme)
        let office = directory.name(of: event.governorOfficeId)
        let recipient = event.recipientOrgId
        func grantDue() async throws -> String {
            guard !event.grantId.isEmpty, let due = try await store.get(Grant.self, id: event.grantId)?.reportDueOn
            else {
                return "Se fristen i KSI."
            }
            return "Fristen for rapporten er \(NotificationTexts.date(due))."
        }
        func toRecipient(
            _ kind: String,
            _ subject: String,
            _ body: String,
            entity: (String, String)
        ) -> [NotificationDraft] {
            guard !recipient.isEmpty else { return [] }
            return [
                NotificationDraft(
                    recipientId: recipient,
                    kind: kind,
                    subject: subject,
                    body: body + NotificationTexts.footer,
                    entityType: entity.0,
                    entityId: entity.1
                )
            ]
        }
        switch event.eventType {
        case .grantDecided:
            let decision = event.decisions.first
            let outcome: String =
                switch decision?.outcome {
                case .approved: "Søknaden er innvilget med \(NotificationTexts.kroner(event.amountOre))."
                case .partiallyApproved:
                    "Søknaden er delvis innvilget med \(NotificationTexts.kroner(event.amountOre))."
                case .rejected: "Søknaden er avslått."
                default: "Tildelt beløp: \(NotificationTexts.kroner(event.amountOre))."
                }
            return toRecipient(
                "grantDecided",
                "Vedtak om tilskudd \(event.year): \(scheme)",
                """
                \(office) har fattet vedtak om tilskudd for \(event.year) til \(directory.name(of: recipient)) under \(scheme).

                \(outcome) Vedtaket kan påklages; klagefristen og begrunnelsen står i vedtaket i KSI.
                """,
                entity: ("grantDecision", event.aggregateId)
            )
        case .grantCommitted:
            return toRecipient(
                "grantCommitted",
                "Tilsagn om tilskudd \(event.year): \(NotificationTexts.kroner(event.amountOre))",
                """
                \(office) har gitt \(directory.name(of: recipient)) tilsagn om \(NotificationTexts.kroner(event.amountOre)) for \(event.year) under \(scheme).

                Tilsagnet må aksepteres i KSI før midlene kan utbetales. \(try await grantDue())
                """,
                entity: ("grant", event.grantId)
            )
        case .grantReportReminder:
            return toRecipient(
                "grantReportReminder",
                "Påminnelse: rapport for tilskudd \(event.year)",
                """
                Fristen for å rapportere på tilskuddet til \(directory.name(of: recipient)) for \(event.year) under \(scheme) nærmer seg. \(try await grantDue())

                Rapporten sendes i KSI.
                """,
                entity: ("grant", event.grantId)
            )
        case .grantReportDue:
            return toRecipient(
                "grantReportDue",
                "Rapport for tilskudd \(event.year) skal leveres nå",
                """
                Tilskuddet til \(directory.name(of: recipient)) for \(event.year) under \(scheme) skal nå rapporteres. \(try await grantDue())
                """,
                entity: ("grant", event.grantId)
            )
        case .grantReportLate:
            return toRecipient(
                "grantReportLate",
                "Rapport for tilskudd \(event.year) er ikke levert",
                """
                Fristen for å rapportere på tilskuddet til \(directory.name(of: recipient)) for \(event.year) under \(scheme) er passert uten at rapporten er levert. \(try await grantDue())

                En rapport som er mer enn 30 dager forsinket, stopper nye utbetalinger til mottakeren (ALLOC-R15). Send rapporten i KSI så snart som mulig.
                """,
                entity: ("grant", event.grantId)
            )
        case .reclaimProposed:
            guard !event.governorOfficeId.isEmpty else { return [] }
            return [
                NotificationDraft(
                    recipientId: event.governorOfficeId,
                    kind: "reclaimProposed",
                    subject: "Forslag om tilbakekreving: \(directory.name(of: recipient))",
                    body: """
                        KSI har åpnet en sak om mulig tilbakekreving av tilskudd til \(directory.name(of: recipient)) for \(event.year) under \(scheme), fordi et kompetansepartnerskap ble avsluttet eller et tiltak ble avbrutt uten varsel i tide.

                        Statsforvalteren vurderer saken og avgjør om midler skal kreves tilbake.
                        """ + NotificationTexts.footer,
                    entityType: "reclaimCase",
                    entityId: event.reclaimCaseId.isEmpty ? event.aggregateId : event.reclaimCaseId
                )
            ]
        default:
            return []
        }
    }

    // MARK: NeedsService

    static func needs(
        _ event: NeedsEvent,
        directory: NotificationDirectory,
        store: StoreTransaction
    ) async throws -> [NotificationDraft] {
        let kind: String
        let subject: String
        let scheme = NotificationTexts.scheme(event.scheme)
        let office = directory.name(of: event.governorOfficeId)
        let roundId = event.roundId.isEmpty ? event.aggregateId : event.roundId
        let deadline = try await store.get(NeedsRound.self, id: roundId)?.submissionDeadline
        let deadlineText =
            deadline.map { "Fristen for å sende behovsmelding er \(NotificationTexts.date($0))." }
            ?? "Fristen står i KSI."
        let body: String
        switch event.eventType {
        case .needsRoundOpened:
            kind = "needsRoundOpened"
            subject = "Behovsmeldingsrunden for \(event.year) er åpnet"
            body =
                "\(office) har åpnet behovsmeldingsrunden for \(event.year) under \(scheme). Dere kan nå sende behovsmelding i KSI. \(deadlineText)"
        case .needsRoundClosingSoon:
            kind = "needsRoundClosingSoon"
            subject = "Påminnelse: fristen for behovsmelding \(event.year) nærmer seg"
            body =
                "Behovsmeldingsrunden for \(event.year) under \(scheme) hos \(office) stenger snart. \(deadlineText) En behovsmelding som ikke er sendt innen fristen, kommer ikke med i runden."
        case .needsRoundClosed:
            kind = "needsRoundClosed"
            subject = "Behovsmeldingsrunden for \(event.year) er stengt"
            body =
                "Behovsmeldingsrunden for \(event.year) under \(scheme) hos \(office) er stengt. Samarbeidsforumet behandler nå behovsmeldingene som er sendt inn."
        default:
            return []
        }
        return directory.roundOwners(governorOfficeId: event.governorOfficeId, scheme: event.scheme).map {
            NotificationDraft(
                recipientId: $0,
                kind: kind,
                subject: subject,
                body: body + NotificationTexts.footer,
                entityType: "needsRound",
                entityId: roundId
            )
        }
    }

    // MARK: PartnershipService

    static func partnerships(_ event: PartnershipEvent, directory: NotificationDirectory) -> [NotificationDraft] {
        guard event.eventType == .partnershipExpired else { return [] }
        let partnershipId = event.partnershipId.isEmpty ? event.aggregateId : event.partnershipId
        let members = event.ownerIds + event.uhInstitutionIds
        let names = members.map { directory.name(of: $0) }.joined(separator: ", ")
        return Array(Set(members)).sorted().map {
            NotificationDraft(
                recipientId: $0,
                kind: "partnershipExpired",
                subject: "Kompetansepartnerskapet er utløpt",
                body: """
                    Kompetansepartnerskapet mellom \(names) under \(NotificationTexts.scheme(event.scheme)) er utløpt.

                    Tiltak som ikke er fullført, og rapport for siste år, følges opp i KSI.
                    """ + NotificationTexts.footer,
                entityType: "partnership",
                entityId: partnershipId
            )
        }
    }

    // MARK: ReferralService (pseudonymous: the case reference only)

    static func referral(_ event: ReferralMilestoneReached, directory: NotificationDirectory) -> [NotificationDraft] {
        let reference = event.referralId.isEmpty ? event.aggregateId : event.referralId
        let kind: String
        let subject: String
        let body: String
        switch event.milestone {
        case .startupDeadlineNear:
            kind = "referralStartupDeadlineNear"
            // The days come from the Statped policy in force (REF-R10 is configurable), so the text names none.
            subject = "Sak \(reference): fristen for oppstartsmøtet nærmer seg"
            body =
                "Henvisningen i sak \(reference) er akseptert, men oppstartsmøtet mellom Statped og PPT er ikke holdt, og fristen for møtet nærmer seg (REF-R10). Se fristen i saken i KSI."
        case .startupDeadlineBreached:
            kind = "referralStartupDeadlineBreached"
            subject = "Sak \(reference): fristen for oppstartsmøtet er overskredet"
            body =
                "Fristen for oppstartsmøtet mellom Statped og PPT i sak \(reference) er passert uten at møtet er holdt (REF-R10). Avtal møtet snarest."
        case .consentWithdrawn:
            kind = "referralConsentWithdrawn"
            subject = "Sak \(reference): samtykke er trukket tilbake"
            body =
                "En foresatt har trukket tilbake et samtykke i sak \(reference). Arbeid som bygger på samtykket til å dele opplysninger, stanses til et nytt samtykke er registrert (PRIV-R9)."
        default:
            return []
        }
        let recipients = [directory.statpedOrganisation(divisionId: event.divisionId), event.referringPptOfficeId]
            .compactMap { $0 }.filter { !$0.isEmpty }
        var seen = Set<String>()
        return recipients.filter { seen.insert($0).inserted }.map {
            NotificationDraft(
                recipientId: $0,
                kind: kind,
                subject: subject,
                body: body + NotificationTexts.footer,
                entityType: "referral",
                entityId: reference
            )
        }
    }
}
