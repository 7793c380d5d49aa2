import Hummingbird
import KSICore

/// The commands a municipal (or PPT) system needs: submit a needs report and read its status, submit a
/// referral and follow its milestones. The services authorise every call for the calling organisation;
/// the gateway only translates HTTP to the service API.
enum CommandOperations {
    static func operations(commands: GatewayCommands) -> [APIOperation] {
        [
            APIOperation(
                method: .post, path: "/api/v1/needs-reports", operationId: "createNeedsReport",
                summary: "Create a needs report draft; with submit=true also submit it (one call for a municipal system)",
                tag: "needs", queryParameters: [.submit], requestSchema: "CreateNeedsReportRequest", responseSchema: "NeedsReport",
                successStatus: .created, errorStatuses: [.badRequest, .forbidden, .notFound, .conflict, .serviceUnavailable]
            ) { request, _, caller in
                let create = try await JSONResponse.decode(CreateNeedsReportRequest.self, from: request)
                let submit = try flag("submit", in: request)
                let submitRequestId = try submit ? submitRequestId(for: create) : ""
                let needs = commands.needs(caller)
                var report = try await needs.createNeedsReport(create)
                if submit {
                    let draft = report
                    do {
                        report = try await needs.submitNeedsReport(.with {
                            $0.requestId = submitRequestId
                            $0.needsReportId = draft.id
                            $0.expectedVersion = draft.version
                            $0.actingPersonId = caller.personId
                        })
                    } catch {
                        // The draft exists: say where, so the caller can correct and submit it instead of creating another.
                        var refused = APIError.from(error)
                        refused.message += " The draft was kept as \(draft.id): correct it and POST /api/v1/needs-reports/\(draft.id)/submit."
                        throw refused
                    }
                }
                return JSONResponse.make(report, status: .created, headers: [.location: "/api/v1/needs-reports/\(report.id)"])
            },
            APIOperation(
                method: .post, path: "/api/v1/needs-reports/{needsReportId}/submit", operationId: "submitNeedsReport",
                summary: "Submit a needs report draft (the id comes from the path)", tag: "needs", queryParameters: [],
                requestSchema: "SubmitNeedsReportRequest", responseSchema: "NeedsReport", successStatus: .ok,
                errorStatuses: [.badRequest, .forbidden, .notFound, .conflict, .serviceUnavailable]
            ) { request, context, caller in
                var submit = try await JSONResponse.decode(SubmitNeedsReportRequest.self, from: request)
                submit.needsReportId = try context.parameters.require("needsReportId")
                if submit.actingPersonId.isEmpty { submit.actingPersonId = caller.personId }
                return JSONResponse.make(try await commands.needs(caller).submitNeedsReport(submit))
            },
            APIOperation(
                method: .get, path: "/api/v1/needs-reports/{needsReportId}", operationId: "getNeedsReport",
                summary: "Read a needs report with its status and outcome", tag: "needs", queryParameters: [],
                requestSchema: nil, responseSchema: "NeedsReport", successStatus: .ok,
                errorStatuses: [.badRequest, .forbidden, .notFound, .serviceUnavailable]
            ) { _, context, caller in
                let id = try context.parameters.require("needsReportId")
                return JSONResponse.make(try await commands.needs(caller).getNeedsReport(.with { $0.id = id }))
            },
            APIOperation(
                method: .post, path: "/api/v1/referrals", operationId: "createReferral",
                summary: "Create a referral to Statped; with submit=true also submit it", tag: "referrals",
                queryParameters: [.submit, .guardianAgreementConfirmed], requestSchema: "CreateReferralRequest",
                responseSchema: "ReferralProgress", successStatus: .created,
                errorStatuses: [.badRequest, .forbidden, .notFound, .conflict, .serviceUnavailable]
            ) { request, _, caller in
                var create = try await JSONResponse.decode(CreateReferralRequest.self, from: request)
                if create.actingPersonId.isEmpty { create.actingPersonId = caller.personId }
                let submit = try flag("submit", in: request)
                let submitRequestId = try submit ? submitRequestId(for: create) : ""
                let agreement = try flag("guardianAgreementConfirmed", in: request)
                let referrals = commands.referral(caller)
                var referral = try await referrals.createReferral(create)
                if submit {
                    referral = try await referrals.submitReferral(.with {
                        $0.requestId = submitRequestId
                        $0.referralId = referral.id
                        $0.expectedVersion = referral.version
                        $0.guardianAgreementConfirmed = agreement
                        $0.actingPersonId = caller.personId
                    })
                }
                return JSONResponse.make(ReferralContext.progress(referral), status: .created, headers: [.location: "/api/v1/referrals/\(referral.id)"])
            },
            APIOperation(
                method: .post, path: "/api/v1/referrals/{referralId}/submit", operationId: "submitReferral",
                summary: "Submit a referral draft (the id comes from the path)", tag: "referrals", queryParameters: [],
                requestSchema: "SubmitReferralRequest", responseSchema: "ReferralProgress", successStatus: .ok,
                errorStatuses: [.badRequest, .forbidden, .notFound, .conflict, .serviceUnavailable]
            ) { request, context, caller in
                var submit = try await JSONResponse.decode(SubmitReferralRequest.self, from: request)
                submit.referralId = try context.parameters.require("referralId")
                if submit.actingPersonId.isEmpty { submit.actingPersonId = caller.personId }
                return JSONResponse.make(ReferralContext.progress(try await commands.referral(caller).submitReferral(submit)))
            },
            APIOperation(
                method: .get, path: "/api/v1/referrals/{referralId}", operationId: "getReferralProgress",
                summary: "A referral's status and milestones, without child data (PRIV-R1); not a logged child-data read (PRIV-R8)",
                tag: "referrals", queryParameters: [], requestSchema: nil, responseSchema: "ReferralProgress", successStatus: .ok,
                errorStatuses: [.badRequest, .forbidden, .notFound, .serviceUnavailable]
            ) { _, context, caller in
                // GetReferralProgress, not GetReferral: the service answers from the sealed record without opening
                // it, so the gateway never receives child data and a poll writes nothing to the access log.
                let id = try context.parameters.require("referralId")
                return JSONResponse.make(try await commands.referral(caller).getReferralProgress(.with { $0.id = id }))
            },
        ]
    }

    /// The request id of the submit that `submit=true` makes after the create: the create's own id with
    /// `:submit`. Checked before the create (LIM-R2…R6 on the body, then LIM-R4 on the derived id), so a
    /// refused submit id never leaves a draft behind.
    static func submitRequestId(for create: some LimitedMessage & HasRequestId) throws -> String {
        try create.validateLimits()
        let derived = create.requestId + ":submit"
        guard derived.unicodeScalars.count <= RequestLimits.maxRequestIdLength else {
            let most = RequestLimits.maxRequestIdLength - ":submit".count
            throw DomainError.violations([
                RuleViolation(field: "request_id", rule: "LIM-R4",
                              message: "with submit=true a request_id has at most \(most) characters (the submit uses it with \":submit\")")
            ])
        }
        return derived
    }

    /// A boolean query flag: absent = false; anything but true/false is a 400.
    static func flag(_ name: String, in request: Request) throws -> Bool {
        switch request.queryDictionary[name] {
        case nil, "", "false": false
        case "true": true
        case let other?: throw ViewParameters.invalid(name, "'\(other)' is not true or false")
        }
    }
}

/// A create request whose id the submit derives its own from.
protocol HasRequestId { var requestId: String { get } }
extension CreateNeedsReportRequest: HasRequestId {}
extension CreateReferralRequest: HasRequestId {}
