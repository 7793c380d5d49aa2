import Hummingbird
import KSICore

/// `GET`/`POST /logg-inn` of the development dashboard (`PersonSwitch`). Registered only when the router
/// authenticates with `.developmentPerson`, and each request must come through the loopback listener:
/// the HTTPS listener has no such page (404).
struct LoginRoutes {
    let views: GatewayViews

    func register(on router: Router<GatewayRequestContext>, page: DashboardRoutes.PageRegistrar) {
        let views = self.views
        page(router, "/logg-inn", .get) { request, context, caller in
            guard context.listener == .loopback else { throw DomainError.notFound("side", request.uri.path) }
            return LoginPage.render(reference: views.reference, on: views.time.today(), current: caller).protected(
                request,
                listener: context.listener
            )
        }
        page(router, "/logg-inn", .post) { request, context, caller in
            guard context.listener == .loopback else { throw DomainError.notFound("side", request.uri.path) }
            let buffer = try await RequestBodyLimit.collect(request, limit: RequestBodyLimit.form)
            let form = FormData.parse(String(buffer: buffer))
            let today = views.time.today()
            if FormProtection.check(request, form: form, listener: context.listener) != nil {
                var page = LoginPage.render(reference: views.reference, on: today, current: caller).protected(
                    request,
                    listener: context.listener
                )
                page.context["refusal"] = LoginPage.refusedText
                page.status = .forbidden
                return page
            }
            let chosen = form[PersonSwitch.fieldName]?.first ?? ""
            var page = DashboardPage(template: "", title: "", context: [:])
            page.redirect = "/"
            if chosen.isEmpty {
                page.extraCookies = [PersonSwitch.clearingCookie()]
            } else if let person = views.reference.person(id: chosen, on: today),
                person.roles.contains(where: { $0.isValid(on: today) })
            {
                page.extraCookies = [PersonSwitch.cookie(personId: person.id)]
            } else {
                var again = LoginPage.render(reference: views.reference, on: today, current: caller).protected(
                    request,
                    listener: context.listener
                )
                again.context["refusal"] = LoginPage.unknownPersonText
                again.status = .badRequest
                return again
            }
            return page
        }
    }
}
