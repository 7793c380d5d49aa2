import KSICore

/// Bokmål labels of the allocation statuses and kinds the worklists show (issue 15, worklists).
extension NorwegianLabels {
    static func label(_ status: GrantStatus) -> String {
        switch status {
        case .decided: "Vedtatt"
        case .committed: "Tilsagn sendt"
        case .accepted: "Tilsagn akseptert"
        case .disbursed: "Utbetalt"
        case .reportDue: "Rapport forfalt"
        case .reported: "Rapport levert"
        case .closed: "Avsluttet"
        case .appealed: "Påklaget"
        case .reclaimOpen: "Tilbakebetaling pågår"
        case .cancelled: "Annullert"
        default: "Ukjent"
        }
    }

    static func label(_ status: ReclaimCaseStatus) -> String {
        switch status {
        case .open: "Åpen"
        case .decided: "Vedtatt"
        case .settled: "Gjort opp"
        default: "Ukjent"
        }
    }

    static func label(_ trigger: ReclaimTrigger) -> String {
        switch trigger {
        case .unannouncedAbort: "Avbrutt uten varsel"
        case .unspentFunds: "Ubrukte midler"
        case .coFinancingShortfall: "Manglende egenandel"
        default: "Ukjent grunn"
        }
    }

    static func label(_ status: AppealStatus) -> String {
        switch status {
        case .lodged: "Mottatt"
        case .underReconsideration: "Til ny vurdering"
        case .resolvedByGovernor: "Avgjort av statsforvalteren"
        case .forwardedToAppealBody: "Sendt klageinstansen"
        case .decided: "Avgjort"
        case .closed: "Avsluttet"
        default: "Ukjent"
        }
    }

    static func label(_ involvement: PptInvolvement) -> String {
        switch involvement {
        case .none: "Ikke involvert"
        case .informed: "Informert"
        case .invited: "Invitert"
        case .participating: "Deltar"
        case .coApplicant: "Medsøker"
        default: "Ikke oppgitt"
        }
    }

    static func label(_ status: PartnershipReportStatus) -> String {
        switch status {
        case .draft: "Under arbeid"
        case .submitted: "Levert"
        case .returned: "Returnert for utfylling"
        case .accepted: "Godkjent"
        default: "Ukjent"
        }
    }
}
