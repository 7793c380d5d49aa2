import KSICore

/// `/`: where to start — the embeter and the other pages.
enum IndexPage {
    static func render(views: GatewayViews) throws -> DashboardPage {
        DashboardPage(template: "index", title: "KSI – oversikt",
                      context: PageContext.base(views: views, officeId: "", parameters: ViewParameters()))
    }
}

/// The page shown when a page cannot be built: the status and the reason, in Norwegian.
enum ErrorPage {
    static func page(_ error: APIError, requestId: String) -> DashboardPage {
        let heading = switch error.status {
        case .forbidden: "Ingen tilgang"
        case .notFound: "Finnes ikke"
        case .unauthorized: "Klientsertifikat mangler"
        case .badRequest, .unprocessableContent: "Ugyldig forespørsel"
        case .serviceUnavailable: "Tjenesten svarer ikke"
        case .contentTooLarge: "For stor forespørsel"
        case .misdirectedRequest: "Feil vertsnavn"
        default: "Noe gikk galt"
        }
        return DashboardPage(template: "error", title: heading,
                             context: ["heading": heading, "status": String(error.status.code), "message": message(error), "requestId": requestId])
    }

    /// The sentence shown: the error's own for a refusal the user can act on, a Norwegian one for a server-side failure.
    static func message(_ error: APIError) -> String {
        switch error.status {
        case .misdirectedRequest: "Dette dashbordet svarer bare på adressene 127.0.0.1, localhost og [::1]."
        case .contentTooLarge: "Skjemaet eller forespørselen er større enn tillatt."
        case .badGateway, .internalServerError: "En tjeneste bak dashbordet feilet. Oppgi forespørsels-ID-en hvis du melder feilen."
        case .serviceUnavailable, .gatewayTimeout: "En tjeneste bak dashbordet er ikke tilgjengelig nå. Prøv igjen senere."
        default: error.message
        }
    }
}
