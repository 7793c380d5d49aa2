import Testing

@testable import KSICore

/// The bounded contexts' names are stored (`events.context`, `event_audience.context`, notification ids) and
/// name the databases and the CLI's services, so the typed names must be the text they always were (issue 16).
@Suite("Bounded context names (issue 16)")
struct BoundedContextNameTests {
    @Test("each context's name is the stored text, in the order the databases are opened")
    func namesAreUnchanged() {
        #expect(BoundedContext.allCases.map(\.rawValue) == ["needs", "partnerships", "allocation", "referral"])
        #expect(ContextDatabases.contextNames == ["needs", "partnerships", "allocation", "referral"])
        #expect(ReferralContext.contextName == "referral")
    }

    @Test("a stored event's audience is read by the context that stored it; an unknown context has none")
    func unknownContextHasNoAudience() throws {
        let audience = try StoredEventAudience.audience(
            context: "no-such-context",
            payload: [],
            reference: ReferenceData(ReferenceDataSet())
        )
        #expect(audience.isEmpty)
    }
}
