import Hummingbird
import KSICore

/// The read-only view operations V1, V3–V11 and V13 (DOMAIN.md §5), each for one embete
/// (`/api/v1/regions/{governorOfficeId}/…`) and nationally (`/api/v1/national/…`), plus V2 and V12.
enum ViewOperations {
    typealias Run = @Sendable (GatewayViews, String, ViewParameters, Caller) async throws -> any Encodable & Sendable

    /// A view served for an embete and nationally.
    struct ScopedView: Sendable {
        var slug: String
        var id: ViewAccess.View
        var title: String
        var schema: String
        var extraQuery: [APIQueryParameter] = []
        var run: Run
    }

    static let scoped: [ScopedView] = [
        ScopedView(slug: "overview", id: .regionOverview, title: "Region overview", schema: "RegionOverview") {
            views,
            office,
            p,
            caller in
            try await views.regionOverview(
                .with {
                    $0.governorOfficeId = office
                    p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
                },
                caller: caller
            )
        },
        ScopedView(slug: "demand-vs-budget", id: .demandVsBudget, title: "Demand vs budget", schema: "DemandVsBudget") {
            views,
            office,
            p,
            caller in
            try await views.demandVsBudget(
                .with {
                    $0.governorOfficeId = office
                    p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
                },
                caller: caller
            )
        },
        ScopedView(
            slug: "special-needs-share",
            id: .specialNeedsShare,
            title: "Special-needs share",
            schema: "SpecialNeedsShareView",
            extraQuery: [.trendYears]
        ) { views, office, p, caller in
            try await views.specialNeedsShare(
                .with {
                    $0.governorOfficeId = office
                    p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
                    $0.trendYears = p.trendYears
                },
                caller: caller
            )
        },
        ScopedView(
            slug: "kindergarten-share",
            id: .kindergartenShare,
            title: "Kindergarten share",
            schema: "KindergartenShareView",
            extraQuery: [.trendYears]
        ) { views, office, p, caller in
            try await views.kindergartenShare(
                .with {
                    $0.governorOfficeId = office
                    p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
                    $0.trendYears = p.trendYears
                },
                caller: caller
            )
        },
        ScopedView(
            slug: "fragmentation",
            id: .fragmentationIndex,
            title: "Fragmentation index",
            schema: "FragmentationIndex"
        ) { views, office, p, caller in
            try await views.fragmentationIndex(
                .with {
                    $0.governorOfficeId = office
                    p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
                },
                caller: caller
            )
        },
        ScopedView(
            slug: "partnership-health",
            id: .partnershipHealth,
            title: "Partnership health",
            schema: "PartnershipHealthView",
            extraQuery: [.partnershipId]
        ) { views, office, p, caller in
            try await views.partnershipHealth(
                .with {
                    $0.governorOfficeId = office
                    p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
                    $0.partnershipId = p.partnershipId
                },
                caller: caller
            )
        },
        ScopedView(
            slug: "referral-waiting-times",
            id: .referralWaitingTimes,
            title: "Referral waiting times",
            schema: "ReferralWaitingTimes"
        ) { views, office, p, caller in
            try await views.referralWaitingTimes(
                .with {
                    $0.governorOfficeId = office
                    p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
                },
                caller: caller
            )
        },
        ScopedView(slug: "referral-equity", id: .referralEquity, title: "Referral equity", schema: "ReferralEquity") {
            views,
            office,
            p,
            caller in
            try await views.referralEquity(
                .with {
                    $0.governorOfficeId = office
                    p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
                },
                caller: caller
            )
        },
        ScopedView(
            slug: "transparency",
            id: .transparencyPage,
            title: "Public transparency page",
            schema: "TransparencyPage"
        ) { views, office, p, caller in
            try await views.transparencyPage(
                .with {
                    $0.governorOfficeId = office
                    p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
                },
                caller: caller
            )
        },
        ScopedView(
            slug: "participation",
            id: .participationAndInclusion,
            title: "Participation and inclusion",
            schema: "ParticipationAndInclusion"
        ) { views, office, p, caller in
            try await views.participationAndInclusion(
                .with {
                    $0.governorOfficeId = office
                    p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
                },
                caller: caller
            )
        },
        ScopedView(
            slug: "referral-queue",
            id: .referralQueue,
            title: "Referral queue (aggregate)",
            schema: "ReferralQueueAggregate"
        ) { views, office, p, caller in
            try await views.referralQueue(
                .with {
                    $0.governorOfficeId = office
                    p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
                },
                caller: caller
            )
        },
    ]

    static let viewErrors: [HTTPResponse.Status] = [.badRequest, .forbidden, .notFound]

    static func operations(views: GatewayViews) -> [APIOperation] {
        var out: [APIOperation] = []
        for view in scoped {
            let run = view.run
            let query = APIQueryParameter.common + view.extraQuery
            out.append(
                APIOperation(
                    method: .get,
                    path: "/api/v1/regions/{governorOfficeId}/\(view.slug)",
                    operationId: "region" + camelSlug(view.slug),
                    summary: "\(view.id.rawValue) \(view.title) for one embete",
                    tag: "views",
                    queryParameters: query,
                    requestSchema: nil,
                    responseSchema: view.schema,
                    successStatus: .ok,
                    errorStatuses: viewErrors
                ) { request, context, caller in
                    let office = try context.parameters.require("governorOfficeId")
                    guard views.reference.governorOffice(office) != nil else {
                        throw DomainError.notFound("governor office", office)
                    }
                    return JSONResponse.make(
                        try await run(views, office, try ViewParameters(query: request.queryDictionary), caller)
                    )
                }
            )
            out.append(
                APIOperation(
                    method: .get,
                    path: "/api/v1/national/\(view.slug)",
                    operationId: "national" + camelSlug(view.slug),
                    summary: "\(view.id.rawValue) \(view.title), national",
                    tag: "views",
                    queryParameters: query,
                    requestSchema: nil,
                    responseSchema: view.schema,
                    successStatus: .ok,
                    errorStatuses: [.badRequest, .forbidden]
                ) { request, _, caller in
                    JSONResponse.make(
                        try await run(views, "", try ViewParameters(query: request.queryDictionary), caller)
                    )
                }
            )
        }
        out.append(
            APIOperation(
                method: .get,
                path: "/api/v1/municipalities/{municipalityId}/profile",
                operationId: "municipalityProfile",
                summary: "V2 Municipality profile",
                tag: "views",
                queryParameters: APIQueryParameter.common,
                requestSchema: nil,
                responseSchema: "MunicipalityProfile",
                successStatus: .ok,
                errorStatuses: viewErrors
            ) { request, context, caller in
                let id = try context.parameters.require("municipalityId")
                guard views.reference.municipality(id) != nil else {
                    throw DomainError.notFound("municipality", id)
                }
                let p = try ViewParameters(query: request.queryDictionary)
                return JSONResponse.make(
                    try await views.municipalityProfile(
                        .with {
                            $0.municipalityId = id
                            p.fill(&$0.scheme, &$0.year, &$0.breakdowns, &$0.sizeBandSet)
                        },
                        caller: caller
                    )
                )
            }
        )
        out.append(
            APIOperation(
                method: .post,
                path: "/api/v1/simulations",
                operationId: "simulateAllocation",
                summary: "V12 Allocation simulator: compare methods and split rules side by side (nothing is stored)",
                tag: "views",
                queryParameters: [.draftLinesFromReportedNeeds],
                requestSchema: "SimulateAllocationRequest",
                responseSchema: "AllocationSimulatorView",
                successStatus: .ok,
                errorStatuses: [.badRequest, .forbidden, .serviceUnavailable]
            ) { request, _, caller in
                var body = try await JSONResponse.decode(SimulateAllocationRequest.self, from: request)
                if try ViewParameters.flag(APIQueryParameter.draftLinesFromReportedNeeds.name, in: request) {
                    body.draftLines = try await views.simulationDraftLines(
                        governorOfficeId: body.governorOfficeId,
                        scheme: body.scheme,
                        year: body.year,
                        caller: caller
                    )
                }
                return JSONResponse.make(try await views.simulateAllocation(body, caller: caller))
            }
        )
        return out
    }

    /// `demand-vs-budget` → `DemandVsBudget`.
    static func camelSlug(_ slug: String) -> String {
        slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

extension ViewParameters {
    /// Copies the common parameters into a generated request.
    func fill(
        _ scheme: inout Scheme,
        _ year: inout Int32,
        _ breakdowns: inout [ViewDimension],
        _ sizeBandSet: inout String
    ) {
        scheme = self.scheme
        year = self.year
        breakdowns = self.breakdowns
        sizeBandSet = self.sizeBandSet
    }
}
