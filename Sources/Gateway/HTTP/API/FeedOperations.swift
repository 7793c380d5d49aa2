import Hummingbird
import KSICore

/// The calling organisation's event feeds (issue 13; docs/gateway-http.md "Event feeds"): one GET per service,
/// forwarded as the caller to `List…Feed`, which returns only the events whose audience holds the caller's
/// organisation. Resume with `afterSequence` = the last page's `nextAfterSequence`.
enum FeedOperations {
    static func operations(commands: GatewayCommands) -> [APIOperation] {
        [
            feed("needs", "listNeedsFeed", "Needs events about the caller's reports and its embete's rounds", "ListNeedsFeedResponse") { caller, after, size in
                JSONResponse.make(try await commands.needs(caller).listNeedsFeed(.with { $0.afterSequence = after; $0.pageSize = size }))
            },
            feed("partnerships", "listPartnershipFeed", "Partnership events about the caller's partnerships", "ListPartnershipFeedResponse") { caller, after, size in
                JSONResponse.make(try await commands.partnerships(caller).listPartnershipFeed(.with { $0.afterSequence = after; $0.pageSize = size }))
            },
            feed("allocation", "listAllocationFeed", "Allocation events: the caller's decisions, grants and report reminders", "ListAllocationFeedResponse") { caller, after, size in
                JSONResponse.make(try await commands.allocation(caller).listAllocationFeed(.with { $0.afterSequence = after; $0.pageSize = size }))
            },
            feed("referrals", "listReferralFeed", "Pseudonymous referral milestones of the caller's referrals (no child data, PRIV-R1)", "ListReferralFeedResponse") { caller, after, size in
                JSONResponse.make(try await commands.referral(caller).listReferralFeed(.with { $0.afterSequence = after; $0.pageSize = size }))
            },
        ]
    }

    static func feed(
        _ name: String, _ operationId: String, _ summary: String, _ responseSchema: String,
        _ read: @escaping @Sendable (Caller, Int64, Int32) async throws -> Response
    ) -> APIOperation {
        APIOperation(
            method: .get, path: "/api/v1/feeds/\(name)", operationId: operationId, summary: summary, tag: "feeds",
            queryParameters: [.afterSequence, .pageSize], requestSchema: nil, responseSchema: responseSchema, successStatus: .ok,
            errorStatuses: [.badRequest, .forbidden, .serviceUnavailable]
        ) { request, _, caller in
            let query = request.queryDictionary
            let after = try number("afterSequence", query["afterSequence"], as: Int64.self)
            let size = try number("pageSize", query["pageSize"], as: Int32.self)
            return try await read(caller, after, size)
        }
    }

    /// An integer query parameter: absent or empty = 0; not an integer is a 400 naming it. Range checks
    /// (LIM-R7) are the service's, so gRPC and HTTPS answer the same.
    static func number<N: FixedWidthInteger>(_ name: String, _ text: String?, as: N.Type) throws -> N {
        guard let text, !text.isEmpty else { return 0 }
        guard let value = N(text) else { throw ViewParameters.invalid(name, "'\(text)' is not an integer") }
        return value
    }
}

extension APIQueryParameter {
    static let afterSequence = APIQueryParameter(
        name: "afterSequence", description: "Resume after this sequence (the last page's nextAfterSequence); 0 or absent = from the start.",
        schemaJSON: #"{"type":"integer","format":"int64","minimum":0}"#)
    static let pageSize = APIQueryParameter(
        name: "pageSize", description: "Events per page: 0 or absent = 50; above 500 means 500 (LIM-R7).",
        schemaJSON: #"{"type":"integer","format":"int32","minimum":0}"#)
}
