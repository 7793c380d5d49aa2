import KSICore

/// Bokmål labels for the case pages and their forms (issue 15, actions): routing targets, decline reasons,
/// redirect targets, referral kinds, and the request fields a refusal names.
extension NorwegianLabels {
    static func label(_ target: NeedsRoutingTarget) -> String {
        switch target {
        case .forum: "Samarbeidsforumet"
        case .committee: "Et utvalg"
        case .network: "Et kompetansenettverk"
        default: "Ikke sendt videre"
        }
    }

    static func label(_ reason: DeclineReason) -> String {
        switch reason {
        case .outsideMandate: "Utenfor Statpeds mandat"
        case .notReferredViaPpt: "Ikke henvist via PPT"
        case .insufficientInformation: "For lite informasjon"
        case .other: "Annet"
        default: "Ikke valgt"
        }
    }

    static func label(_ target: RedirectTarget) -> String {
        switch target {
        case .ppt: "PPT"
        case .uh: "Universitet eller høgskole"
        case .ksiMeasure: "Et tiltak i Kompetanseløftet"
        case .other: "Annet (skriv hvor)"
        default: "Ikke valgt"
        }
    }

    /// The form field a request field belongs to, in words; nil when the page has no such field.
    static func field(_ path: String) -> String? {
        let names: [String: String] = [
            "reason": "Begrunnelse",
            "routing_target": "Sendes til",
            "target_body_id": "Nettverk eller utvalg",
            "decision_basis_id": "Beslutningsgrunnlag",
            "rank": "Rangering",
            "prioritised": "Prioritering",
            "comment": "Kommentar",
            "decline_reason": "Avslagsgrunn",
            "redirect.target": "Hvor saken kan gå i stedet",
            "redirect.note": "Råd",
            "redirect": "Hvor saken kan gå i stedet",
            "expected_version": "Versjon",
            "request_id": "Skjemaet",
            "acting_person_id": "Person",
            "authorization": "Innlogging",
            "frame_ore": "Ramme",
            "frameKroner": "Ramme",
            "governor_office_id": "Embete",
            "scheme": "Ordning",
            "year": "År",
            "method": "Fordelingsmetoder",
            "split": "Fordeling mellom eier og UH",
        ]
        return names[path] ?? names[String(path.prefix { $0 != "[" })]
    }
}
