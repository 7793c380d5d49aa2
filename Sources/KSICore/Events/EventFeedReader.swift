/// One page of an organisation's own event feed (issue 13; docs/services.md "Event feeds"): the one reading
/// shared by `ListNeedsFeed`, `ListPartnershipFeed`, `ListAllocationFeed` and `ListReferralFeed`.
///
/// The feed is always the calling organisation's (`Caller.orgNumber`): no request field names another, so a
/// forged cursor can only move within the caller's own rows. `after_sequence` is the last sequence the caller
/// has (0 = from the start); negative is INVALID_ARGUMENT (LIM-R7), a cursor past the end gives an empty page.
public struct EventFeedPage<Event: FeedEvent>: Sendable {
    /// The caller's events after the cursor, oldest first.
    public var events: [Event]
    /// Where the next page starts: the last event's sequence, or the request's cursor when the page is empty.
    public var nextAfterSequence: Int64

    static func read(
        _ runner: CommandRunner,
        as caller: Caller,
        afterSequence: Int64,
        pageSize: Int32
    ) async throws -> EventFeedPage {
        guard caller.organisation != nil else {
            throw DomainError.notPermitted("only an organisation in the organisation registry has an event feed")
        }
        guard afterSequence >= 0 else {
            throw PageRequest.invalid(
                field: "after_sequence",
                "after_sequence cannot be negative; 0 reads the feed from the start"
            )
        }
        let limit = try PageRequest.size(pageSize)
        let stored = try await runner.read { store in
            try await store.feedEvents(for: caller.orgNumber, after: afterSequence, limit: limit)
        }
        let events = try stored.map { row in
            var event = try Event(wireBytes: row.payload)
            event.sequence = row.sequence
            return event
        }
        return EventFeedPage(events: events, nextAfterSequence: stored.last?.sequence ?? afterSequence)
    }
}

extension NeedsContext {
    /// The caller organisation's Needs feed (issue 13): reports it leads or co-applies to, rounds of its embete.
    public func listNeedsFeed(_ request: ListNeedsFeedRequest, as caller: Caller) async throws -> ListNeedsFeedResponse
    {
        let page = try await EventFeedPage<NeedsEvent>.read(
            runner,
            as: caller,
            afterSequence: request.afterSequence,
            pageSize: request.pageSize
        )
        return .with {
            $0.events = page.events
            $0.nextAfterSequence = page.nextAfterSequence
        }
    }
}

extension PartnershipContext {
    /// The caller organisation's Partnerships feed (issue 13): partnerships it is a party to.
    public func listPartnershipFeed(
        _ request: ListPartnershipFeedRequest,
        as caller: Caller
    ) async throws -> ListPartnershipFeedResponse {
        let page = try await EventFeedPage<PartnershipEvent>.read(
            runner,
            as: caller,
            afterSequence: request.afterSequence,
            pageSize: request.pageSize
        )
        return .with {
            $0.events = page.events
            $0.nextAfterSequence = page.nextAfterSequence
        }
    }
}

extension AllocationContext {
    /// The caller organisation's Allocation feed (issue 13): decisions, grants and reminders it receives.
    public func listAllocationFeed(
        _ request: ListAllocationFeedRequest,
        as caller: Caller
    ) async throws -> ListAllocationFeedResponse {
        let page = try await EventFeedPage<AllocationEvent>.read(
            runner,
            as: caller,
            afterSequence: request.afterSequence,
            pageSize: request.pageSize
        )
        return .with {
            $0.events = page.events
            $0.nextAfterSequence = page.nextAfterSequence
        }
    }
}

extension ReferralContext {
    /// The caller organisation's referral milestones (issue 13): the referring PPT office's and Statped's.
    /// Pseudonymous events only (REF-R16, PRIV-R1): no child data, no access-log entry.
    public func listReferralFeed(
        _ request: ListReferralFeedRequest,
        as caller: Caller
    ) async throws -> ListReferralFeedResponse {
        let page = try await EventFeedPage<ReferralMilestoneReached>.read(
            runner,
            as: caller,
            afterSequence: request.afterSequence,
            pageSize: request.pageSize
        )
        return .with {
            $0.events = page.events
            $0.nextAfterSequence = page.nextAfterSequence
        }
    }
}
