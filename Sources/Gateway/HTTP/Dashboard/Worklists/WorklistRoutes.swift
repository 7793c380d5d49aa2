import Foundation
import Hummingbird
import KSICore

/// The worklists (issue 15) at `/arbeidslister/{soknader,oppfolging,inntak}` and their CSV at the same
/// path + `.csv`, with the same filters. Each reads the services' list RPCs as the person (`GatewayCommands`,
/// AUTH-R5), after `WorklistAccess` has let the person in.
struct WorklistRoutes: Sendable {
    let views: GatewayViews
    let authentication: CallerAuthentication
    let commands: GatewayCommands?

    func register(on router: Router<GatewayRequestContext>) {
        for list in Worklist.allCases {
            router.get(RouterPath(list.path)) { request, context in
                await respond(list, request, context, csv: false)
            }
            router.get(RouterPath(list.path + ".csv")) { request, context in
                await respond(list, request, context, csv: true)
            }
        }
    }

    func respond(_ list: Worklist, _ request: Request, _ context: GatewayRequestContext, csv: Bool) async -> Response {
        do {
            let caller = try await authentication.caller(
                for: request,
                context: context,
                reference: views.reference,
                time: views.time
            )
            let query = try WorklistQuery(request)
            // The page number is checked for the CSV too (which has no pages): one query, one answer.
            _ = try query.page()
            guard let commands else {
                throw APIError(
                    status: .serviceUnavailable,
                    code: "unavailable",
                    message: "Arbeidslistene er ikke koblet til tjenestene her."
                )
            }
            let services = WorklistServices(commands: commands, caller: caller)
            let result: WorklistResult
            do {
                switch list {
                case .applications:
                    result = try await ApplicationsWorklist.make(
                        query: query,
                        views: views,
                        caller: caller,
                        services: services
                    )
                case .followUp:
                    result = try await FollowUpWorklist.make(
                        query: query,
                        views: views,
                        caller: caller,
                        services: services
                    )
                case .intake:
                    result = try await IntakeWorklist.make(
                        query: query,
                        views: views,
                        caller: caller,
                        services: services
                    )
                }
            } catch let error where !(error is WorklistRefusal) && APIError.from(error).status == .forbidden {
                // The service refused this person (AUTH-R5): its English sentence becomes the bokmål one.
                throw WorklistAccess.refused(list)
            }
            if csv { return result.csvResponse() }
            var page = try result.page(query: query)
            PageChrome.apply(
                to: &page,
                request: request,
                context: context,
                caller: caller,
                views: views,
                personSwitch: authentication.offersPersonSwitch
            )
            return DashboardTemplates.shared.response(page, status: .ok)
        } catch let refusal as WorklistRefusal {
            return refusal.response(requestId: context.requestId)
        } catch {
            return ErrorResponder.response(for: error, request: request, context: context)
        }
    }
}

/// The services as the person: the list RPCs the worklists read.
struct WorklistServices: Sendable {
    let commands: GatewayCommands
    let caller: Caller

    var needs: any NeedsServiceAPI { commands.needs(caller) }
    var allocation: any AllocationServiceAPI { commands.allocation(caller) }
    var partnerships: any PartnershipServiceAPI { commands.partnerships(caller) }
    var referral: any ReferralServiceAPI { commands.referral(caller) }

    /// LIM-R7 with bounded memory: pages of `Paging.pageSize` through `list`, keeping the items `keep`
    /// accepts, and stopping after `WorklistResult.maximumRows` kept items (then `truncated`).
    static func collect<Request: PagedListRequest, Response: PagedListResponse>(
        _ request: Request,
        _ list: (Request) async throws -> Response,
        keep: (Response.Item) -> Bool = { _ in true }
    ) async throws -> (items: [Response.Item], truncated: Bool) {
        var request = request
        request.pageSize = Paging.pageSize
        request.pageToken = ""
        var items: [Response.Item] = []
        repeat {
            let page = try await list(request)
            for item in page.items where keep(item) {
                if items.count == WorklistResult.maximumRows { return (items, true) }
                items.append(item)
            }
            request.pageToken = page.nextPageToken
        } while !request.pageToken.isEmpty
        return (items, false)
    }
}

/// A worklist ready to show: its table (shared by page and CSV) and what the page says around it.
struct WorklistResult {
    /// The most rows one worklist holds (bounded memory); more is cut with a notice to narrow the filters.
    static let maximumRows = 5_000
    /// Rows per page of the page view.
    static let rowsPerPage = 50

    var list: Worklist
    var heading: String
    var intro: String
    var table: WorklistTable
    var truncated: Bool
    /// The filter form's fields (template context).
    var filters: [[String: Any]]
    var base: [String: Any]
    var fileName: String

    func csvResponse() -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(table.csv)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(fileName).csv\"",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: buffer)
        )
    }

    func page(query: WorklistQuery) throws -> DashboardPage {
        let pageNumber = try query.page()
        let pages = max(1, (table.rows.count + Self.rowsPerPage - 1) / Self.rowsPerPage)
        let current = min(pageNumber, pages)
        let start = (current - 1) * Self.rowsPerPage
        var context = base
        context.merge(table.context(rows: start..<(start + Self.rowsPerPage))) { $1 }
        let link = query.linkQuery()
        func pageLink(_ number: Int) -> String { list.path + "?" + (link.isEmpty ? "" : link + "&") + "side=\(number)" }
        context["heading"] = heading
        context["embeteList"] = list != .intake
        // The worklist's own filter form carries the selection (embete, year, scheme) with its filters, so the
        // shared selection form of the chrome is not shown a second time.
        context["showFilters"] = false
        context["intro"] = intro
        context["filters"] = filters
        context["formAction"] = list.path
        context["csvLink"] = list.path + ".csv" + (link.isEmpty ? "" : "?" + link)
        context["count"] = NorwegianFormat.integer(Int64(table.rows.count))
        context["countValue"] = String(table.rows.count)
        context["hasRows"] = !table.rows.isEmpty
        context["truncated"] = truncated
        context["maximumRows"] = NorwegianFormat.integer(Int64(Self.maximumRows))
        context["pageText"] = "Side \(current) av \(pages)"
        context["hasPages"] = pages > 1
        if current > 1 { context["previous"] = pageLink(current - 1) }
        if current < pages { context["next"] = pageLink(current + 1) }
        return DashboardPage(template: "worklist", title: heading, context: context)
    }
}

/// Formatting shared by the worklists.
enum WorklistFormat {
    /// A select field of the filter form.
    static func select(
        _ name: String,
        _ label: String,
        _ options: [(value: String, label: String)],
        selected: String?,
        all: String = "Alle"
    ) -> [String: Any] {
        [
            "name": name, "label": label, "isSelect": true,
            "options": [["value": "", "label": all, "selected": selected == nil]]
                + options.map { ["value": $0.value, "label": $0.label, "selected": $0.value == selected] },
        ]
    }

    /// The name of an organisation's registry record (owner, UH institution, PPT office), never its id when a name exists.
    static func organisationName(_ id: String, _ reference: ReferenceData) -> String {
        if id.isEmpty { return "" }
        return reference.owner(id)?.name ?? reference.uhInstitution(id)?.name ?? reference.pptOffice(id)?.name
            ?? reference.set.organisations.first { $0.recordId == id }?.name ?? id
    }
}
