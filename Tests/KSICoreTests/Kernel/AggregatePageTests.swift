import KSICore
import Testing

/// Issue 17: `AggregatePage` cuts an aggregate answer into pages that fit a message, with tokens that survive
/// writes between pages. Hand-built groups: the expected pages follow from their known encoded sizes.
@Suite("Aggregate answers in pages")
struct AggregatePageTests {
    static let request = AggregateAllocationRequest.with {
        $0.fromYear = 2025
        $0.toYear = 2025
        $0.byLines = true
    }

    static func group(_ line: String, amount: Int64 = 100, count: Int64 = 1) -> DecidedGroup {
        DecidedGroup.with {
            $0.governorOfficeId = "agder"
            $0.scheme = .ksi
            $0.year = 2025
            $0.recipientOrgId = "o-a"
            $0.lineId = line
            $0.amountOre = amount
            $0.count = count
        }
    }

    static func money(_ recipient: String) -> GrantMoneyGroup {
        GrantMoneyGroup.with {
            $0.governorOfficeId = "agder"
            $0.scheme = .ksi
            $0.year = 2025
            $0.recipientOrgId = recipient
            $0.amountOre = 7
            $0.count = 1
        }
    }

    /// The page after `token` of `decided` (part 0) and `disbursed` (part 1) under `budget`.
    static func page(
        _ decided: [DecidedGroup],
        _ disbursed: [GrantMoneyGroup] = [],
        token: String = "",
        budget: Int,
        request: AggregateAllocationRequest = request
    ) throws -> (decided: [DecidedGroup], disbursed: [GrantMoneyGroup], next: String) {
        var asked = request
        asked.pageToken = token
        return try AggregatePage.$budgetBytes.withValue(budget) {
            var page = try AggregatePage(asked)
            let first = try page.take(decided, part: 0)
            let second = try page.take(disbursed, part: 1)
            return (first, second, page.nextPageToken)
        }
    }

    /// Every page from the first, with the groups `change` gives before each page after the first.
    static func allPages(
        budget: Int,
        _ groups: () -> ([DecidedGroup], [GrantMoneyGroup]),
        change: (Int) -> ([DecidedGroup], [GrantMoneyGroup])? = { _ in nil }
    ) throws -> [(decided: [DecidedGroup], disbursed: [GrantMoneyGroup])] {
        var pages: [(decided: [DecidedGroup], disbursed: [GrantMoneyGroup])] = []
        var token = ""
        var (decided, disbursed) = groups()
        repeat {
            if !pages.isEmpty, let changed = change(pages.count) { (decided, disbursed) = changed }
            let page = try page(decided, disbursed, token: token, budget: budget)
            pages.append((page.decided, page.disbursed))
            token = page.next
            #expect(pages.count <= 100, "paging must end")
        } while !token.isEmpty && pages.count <= 100
        return pages
    }

    static let lines = (1...10).map { $0 < 10 ? "line-0\($0)" : "line-\($0)" }  // one length: one size

    @Test("an answer within the budget is one page with no next token")
    func onePage() throws {
        let decided = Self.lines.map { Self.group($0) }
        let page = try Self.page(decided, [Self.money("uh-1")], budget: AggregatePage.defaultBudgetBytes)
        #expect(Set(page.decided) == Set(decided))
        #expect(page.disbursed == [Self.money("uh-1")])
        #expect(page.next.isEmpty)
    }

    @Test("pages hold whole groups up to the budget, every group exactly once, parts in answer order")
    func pagesWithinBudget() throws {
        let decided = Self.lines.map { Self.group($0) }
        let disbursed = ["uh-1", "uh-2", "uh-3"].map(Self.money)
        // Every decided group here encodes to the same size; a page of three costs 3 × (size + 6 prefix bytes).
        let size = try decided[0].wireEncoded().count
        #expect(decided.allSatisfy { (try? $0.wireEncoded().count) == size })
        let budget = 3 * (size + 6)
        let pages = try Self.allPages(budget: budget) { (decided, disbursed) }
        let taken = pages.flatMap(\.decided)
        #expect(taken.count == 10 && Set(taken) == Set(decided))
        let paid = pages.flatMap(\.disbursed)
        #expect(paid.count == 3 && Set(paid) == Set(disbursed))
        #expect(pages[0].decided.count == 3 && pages[1].decided.count == 3 && pages[2].decided.count == 3)
        // No money group comes before the last decided one: part 0 is done before part 1 starts.
        let firstMoneyPage = try #require(pages.firstIndex { !$0.disbursed.isEmpty })
        let lastDecidedPage = try #require(pages.lastIndex { !$0.decided.isEmpty })
        #expect(firstMoneyPage >= lastDecidedPage)
        for page in pages {
            let bytes =
                try page.decided.reduce(0) { $0 + (try $1.wireEncoded().count) + 6 }
                + page.disbursed.reduce(0) { $0 + (try $1.wireEncoded().count) + 6 }
            #expect(bytes <= budget)
        }
    }

    @Test("a first page that holds one part whole and no group of the next goes on at the next part")
    func cutBetweenParts() throws {
        let decided = Self.lines.prefix(3).map { Self.group($0) }
        let disbursed = ["uh-1", "uh-2"].map(Self.money)
        // Room for the three decided groups and not one more byte: the money part starts the second page.
        let budget = try decided.reduce(0) { $0 + (try $1.wireEncoded().count) + 6 }
        let pages = try Self.allPages(budget: budget) { (Array(decided), disbursed) }
        #expect(pages.count == 2)
        #expect(Set(pages[0].decided) == Set(decided) && pages[0].disbursed.isEmpty)
        #expect(pages[1].decided.isEmpty && Set(pages[1].disbursed) == Set(disbursed))
    }

    @Test("a group larger than the budget is still served, one per page, so paging ends")
    func oversizedGroups() throws {
        let decided = Self.lines.prefix(4).map { Self.group($0) }
        let pages = try Self.allPages(budget: 1) { (Array(decided), []) }
        #expect(pages.map(\.decided.count) == [1, 1, 1, 1])
        #expect(Set(pages.flatMap(\.decided)) == Set(decided))
    }

    @Test("a group whose sums change between pages is not served again; a new group is served at most once")
    func writesBetweenPages() throws {
        let decided = Self.lines.map { Self.group($0) }
        let pages = try Self.allPages(budget: 1) {
            (decided, [])
        } change: { served in
            // Before each later page: every group's sums grow, and one new line appears.
            let grown = Self.lines.map { Self.group($0, amount: 100 + Int64(served), count: 2) }
            return (grown + [Self.group("new-\(served)")], [])
        }
        let served = pages.flatMap(\.decided)
        // Each of the ten lines once, whatever sums it had when its page was read.
        #expect(served.filter { $0.lineId.hasPrefix("line-") }.map(\.lineId).sorted() == Self.lines.sorted())
        // Each new line at most once.
        let new = served.filter { $0.lineId.hasPrefix("new-") }.map(\.lineId)
        #expect(Set(new).count == new.count)
    }

    @Test("a garbled token, or one issued for other filters, is refused with page_token named (LIM-R7)")
    func refusedTokens() throws {
        let decided = Self.lines.map { Self.group($0) }
        let first = try Self.page(decided, budget: 1)
        #expect(!first.next.isEmpty)
        for token in ["%%%", "AAAA", String(repeating: "A", count: 2_000)] {
            #expect {
                _ = try Self.page(decided, token: token, budget: 1)
            } throws: { error in
                (error as? DomainError)?.code == .invalidArgument
                    && (error as? DomainError)?.violations.first?.field == "page_token"
            }
        }
        var other = Self.request
        other.byLines = false
        #expect {
            _ = try Self.page(decided, token: first.next, budget: 1, request: other)
        } throws: { error in
            (error as? DomainError)?.code == .invalidArgument
                && (error as? DomainError)?.violations.first?.field == "page_token"
        }
    }
}
