import KSICore
import Testing

/// The groups an aggregate answer has, whatever its parts.
protocol CountedGroups {
    var groupCount: Int { get }
}

extension AggregateNeedsReportsResponse: CountedGroups {
    var groupCount: Int { groups.count }
}

extension AggregatePartnershipsResponse: CountedGroups {
    var groupCount: Int { partnerships.count + measures.count + draftPartnerships.count }
}

extension AggregateAllocationResponse: CountedGroups {
    var groupCount: Int { decided.count + precommitted.count + disbursed.count + reclaimed.count }
}

/// The page budgets the aggregates' known-answer tests run under (issue 17): the default, where the hand-built
/// sets fit one page, and one byte, where every page holds exactly one group — the known answers must come out
/// the same when joined from pages.
enum AggregatePaging {
    static let budgets = [AggregatePage.defaultBudgetBytes, 1]

    /// Every page of `request` read with `aggregate` under `budget`, joined; checks each page's size.
    static func read<Request: PagedAggregateRequest, Response: PagedAggregateResponse & CountedGroups>(
        _ request: Request,
        budget: Int,
        _ aggregate: @escaping @Sendable (Request) async throws -> Response
    ) async throws -> Response {
        try await AggregatePage.$budgetBytes.withValue(budget) {
            var pageSizes: [Int] = []
            let whole = try await request.allGroups { page in
                let answer = try await aggregate(page)
                pageSizes.append(answer.groupCount)
                return answer
            }
            if budget == AggregatePage.defaultBudgetBytes {
                #expect(pageSizes.count == 1, "a small answer is one page")
            } else {
                // One group per page; an empty answer is one empty page.
                let expected = whole.groupCount == 0 ? [0] : Array(repeating: 1, count: whole.groupCount)
                #expect(pageSizes == expected)
            }
            return whole
        }
    }
}
