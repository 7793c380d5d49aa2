import KSICore

/// `/`: where to start — the viewer's own embete first when it has one, all embeter valid in the year, the other pages.
enum IndexPage {
    static func render(views: GatewayViews, officeId: String, parameters: ViewParameters) throws -> DashboardPage {
        var context = PageContext.base(views: views, officeId: officeId, parameters: parameters)
        let links = PageLinks(
            region: officeId,
            year: Int32(context["year"] as? String ?? "") ?? 0,
            scheme: parameters.scheme
        )
        if !officeId.isEmpty, let office = views.reference.governorOffice(officeId) {
            context["ownOffice"] = ["name": office.name, "href": links.href("/regioner/\(officeId)")]
        }
        context["pages"] = [
            [
                "href": links.href("/simulator"), "label": "Tildelingssimulator",
                "about": "sammenlign fordelingsmetoder og fordelingsregler side om side",
            ],
            [
                "href": links.href("/partnerskap"), "label": "Partnerskapshelse",
                "about": "partnerskapene etter helsebånd",
            ],
            ["href": links.href("/henvisninger"), "label": "Henvisninger til Statped", "about": "kø og ventetider"],
            ["href": "/om-statistikken", "label": "Om statistikken", "about": "hva hvert tall teller, og regelen bak"],
        ]
        context["showFilters"] = true
        return DashboardPage(template: "index", title: "KSI – oversikt", context: context)
    }
}

/// The page shown when a page cannot be built: the status and the reason in bokmål, and for a refused
/// input the field and the rule id. Never the error's own (English) message.
enum ErrorPage {
    static func page(_ error: APIError, requestId: String) -> DashboardPage {
        let heading =
            switch error.status {
            case .forbidden: "Ingen tilgang"
            case .notFound: "Siden finnes ikke"
            case .unauthorized: "Du er ikke logget inn"
            case .badRequest, .unprocessableContent: "Ugyldig forespørsel"
            case .serviceUnavailable, .gatewayTimeout: "Tjenesten svarer ikke"
            case .contentTooLarge: "For stor forespørsel"
            case .misdirectedRequest: "Feil vertsnavn"
            case .methodNotAllowed: "Handlingen er ikke tillatt her"
            case .unsupportedMediaType: "Ukjent innholdstype"
            default: "Noe gikk galt"
            }
        let violations = error.violations.map { violation -> [String: Any] in
            ["field": fieldName(violation.field), "rule": violation.rule]
        }
        var context: [String: Any] = [
            "heading": heading, "status": String(error.status.code), "message": message(error), "requestId": requestId,
            "violations": violations, "hasViolations": !violations.isEmpty,
        ]
        if violations.isEmpty, !error.reason.isEmpty, error.status.code < 500, isRuleId(error.reason) {
            context["rule"] = error.reason
        }
        var page = DashboardPage(template: "error", title: heading, context: context)
        PageChrome.apply(
            to: &page,
            path: "",
            caller: nil,
            reference: ReferenceData(ReferenceDataSet()),
            nowMillis: 0,
            personSwitch: false
        )
        return page
    }

    /// The sentence shown for a status, in bokmål.
    static func message(_ error: APIError) -> String {
        switch error.status {
        case .notFound:
            "Vi fant ikke siden, embetet eller kommunen du ba om. Sjekk adressen, eller gå til oversikten og velg derfra."
        case .forbidden:
            "Du har ikke tilgang til dette med rollene dine. Tilgangen styres av rollene organisasjonen din har gitt deg."
        case .unauthorized:
            "Dashbordet vet ikke hvem du er. Over HTTPS kreves et gyldig klientsertifikat og en gyldig personnøkkel."
        case .badRequest, .unprocessableContent:
            "En verdi i adressen eller skjemaet kan ikke brukes. Feltet og regelen står under."
        case .misdirectedRequest: "Dette dashbordet svarer bare på adressene 127.0.0.1, localhost og [::1]."
        case .contentTooLarge: "Skjemaet eller forespørselen er større enn tillatt."
        case .methodNotAllowed: "Siden kan ikke brukes på denne måten."
        case .unsupportedMediaType: "Forespørselen har en innholdstype dashbordet ikke tar imot."
        case .badGateway, .internalServerError:
            "En tjeneste bak dashbordet feilet. Oppgi forespørsels-ID-en hvis du melder feilen."
        case .serviceUnavailable, .gatewayTimeout:
            "En tjeneste bak dashbordet er ikke tilgjengelig nå. Prøv igjen senere."
        default: "Forespørselen kunne ikke besvares. Oppgi forespørsels-ID-en hvis du melder feilen."
        }
    }

    /// The field as a reader knows it (the query and form names of the dashboard).
    static func fieldName(_ field: String) -> String {
        switch field {
        case "year": "År (year)"
        case "scheme": "Ordning (scheme)"
        case "region", "governor_office_id", "governorOfficeId": "Embete (region)"
        case "frameKroner": "Ramme (frameKroner)"
        case "method": "Fordelingsmetode (method)"
        case "split": "Fordelingsregel (split)"
        case "breakdowns": "Inndeling (breakdowns)"
        case "trendYears": "Antall år i trenden (trendYears)"
        case "municipality_id", "municipalityId": "Kommune (municipalityId)"
        case "authorization": "Personnøkkel (authorization)"
        default: field
        }
    }

    /// A rule id such as "AUTH-R5" or "COM-INPUT": upper-case letters, digits and hyphens with at least one hyphen.
    static func isRuleId(_ text: String) -> Bool {
        text.contains("-") && text.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") }
    }
}
