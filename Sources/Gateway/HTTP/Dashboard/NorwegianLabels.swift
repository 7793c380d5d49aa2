import KSICore

/// Bokmål labels for the statuses the dashboard shows (the API's JSON keeps the contract's enum value names).
enum NorwegianLabels {
    static func label(_ status: NeedsReportStatus) -> String {
        switch status {
        case .draft: "Utkast"
        case .submitted: "Sendt inn"
        case .returned: "Returnert for utfylling"
        case .underReview: "Under behandling"
        case .prioritised: "Prioritert"
        case .notPrioritised: "Ikke prioritert"
        case .inRecommendation: "I innstillingen"
        case .fundedAsRequested: "Innvilget som omsøkt"
        case .fundedOtherThanRequested: "Innvilget med endringer"
        case .rejected: "Avslått"
        case .withdrawn: "Trukket"
        default: "Ukjent"
        }
    }

    static func label(_ outcome: NeedsOutcome) -> String {
        switch outcome {
        case .fundedAsRequested: "Innvilget som omsøkt"
        case .fundedOtherThanRequested: "Innvilget med endringer"
        case .notFunded: "Ikke innvilget"
        default: "Ikke avgjort"
        }
    }

    static func label(_ status: ReferralStatus) -> String {
        switch status {
        case .draft: "Utkast"
        case .submitted: "Sendt inn"
        case .returned: "Returnert til PPT"
        case .inTriage: "Til vurdering"
        case .accepted: "Akseptert"
        case .declined: "Avslått"
        case .assigned: "Tildelt rådgiver"
        case .startupHeld: "Oppstartsmøte holdt"
        case .inService: "Tjeneste pågår"
        case .closing: "Avsluttes"
        case .closed: "Avsluttet"
        case .withdrawn: "Trukket"
        default: "Ukjent"
        }
    }
}
