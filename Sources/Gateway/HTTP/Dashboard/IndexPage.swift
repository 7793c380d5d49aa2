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
    static func page(_ error: APIError) -> DashboardPage {
        let heading = switch error.status {
        case .forbidden: "Ingen tilgang"
        case .notFound: "Finnes ikke"
        case .unauthorized: "Klientsertifikat mangler"
        case .badRequest, .unprocessableContent: "Ugyldig forespørsel"
        case .serviceUnavailable: "Tjenesten svarer ikke"
        default: "Noe gikk galt"
        }
        return DashboardPage(template: "error", title: heading,
                             context: ["heading": heading, "status": String(error.status.code), "message": error.message])
    }
}
