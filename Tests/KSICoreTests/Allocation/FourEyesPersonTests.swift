import KSICore
import KSITestSupport
import Testing

/// ALLOC-R11 four eyes = two different authenticated persons (`Caller.personId`), never a request
/// field (AUTH-R2); without a person there is no second pair of eyes.
@Suite("ALLOC-R11 four eyes between persons")
struct FourEyesPersonTests {
    typealias F = AllocationMoneyFixture

    func signRequest(_ decision: GrantDecision, actingPersonId: String = "") -> SignGrantDecisionRequest {
        SignGrantDecisionRequest.with {
            $0.grantDecisionId = decision.id
            $0.expectedVersion = decision.version
            $0.actingPersonId = actingPersonId
        }
    }

    @Test("ALLOC-R11 one person holding both roles cannot prepare and sign the same decision")
    func samePersonTwice() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            let recommendation = try await fixture.underControl()
            let prepared = try await fixture.prepare(recommendation)
            #expect(prepared.preparedBy == fixture.caseworker.personId)
            // The preparer, also holding the decision-maker role of the same embete.
            var both = fixture.caseworker
            both.grants += fixture.decisionMaker.grants
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.recommendations.signGrantDecision(signRequest(prepared), as: both)
            }
            #expect(error?.violations.map(\.rule.value) == ["ALLOC-R11"])
            #expect(error?.violations.map(\.field) == ["signed_by"])
            let signed = try await fixture.sign(prepared)
            #expect(signed.signedBy == fixture.decisionMaker.personId)
            #expect(signed.signedBy != signed.preparedBy)
        }
    }

    @Test("ALLOC-R11 and AUTH-R2 a request field cannot supply a second person")
    func fieldIsNotAPerson() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            let recommendation = try await fixture.underControl()
            let prepared = try await fixture.prepare(recommendation)
            // A signer naming someone else as the acting person is refused before anything is read.
            let named = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.recommendations.signGrantDecision(
                    signRequest(prepared, actingPersonId: "person-someone-else"),
                    as: fixture.decisionMaker
                )
            }
            #expect(named?.violations.map(\.rule.value) == ["AUTH-R2"])
            // An organisation-level signer without a person, naming the decision maker, is refused too.
            var organisationOnly = fixture.decisionMaker
            organisationOnly.personId = ""
            let field = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.recommendations.signGrantDecision(
                    signRequest(prepared, actingPersonId: fixture.decisionMaker.personId),
                    as: organisationOnly
                )
            }
            #expect(field?.violations.map(\.rule.value) == ["AUTH-R2"])
            // Without the field, a signer without a person is no second pair of eyes.
            let anonymous = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.recommendations.signGrantDecision(
                    signRequest(prepared),
                    as: organisationOnly
                )
            }
            #expect(anonymous?.violations.map(\.rule.value) == ["ALLOC-R11"])
            let still = try await fixture.allocation.recommendations.getGrantDecision(
                GetGrantDecisionRequest.with { $0.id = prepared.id },
                as: fixture.caseworker
            )
            #expect(still.status == .prepared)
            #expect(still.version == prepared.version)
        }
    }

    @Test("ALLOC-R11 a decision cannot be prepared without an authenticated person")
    func prepareNeedsPerson() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            let recommendation = try await fixture.underControl()
            var organisationOnly = fixture.caseworker
            organisationOnly.personId = ""
            let line = recommendation.lines[0]
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.recommendations.prepareGrantDecision(
                    PrepareGrantDecisionRequest.with {
                        $0.recommendationId = recommendation.id
                        $0.decision = GrantDecisionInput.with {
                            $0.recommendationLineId = line.id
                            $0.outcome = .approved
                            $0.approvedAmountOre = line.amountOre
                        }
                    },
                    as: organisationOnly
                )
            }
            #expect(error?.code == .notPermitted)
            #expect(error?.violations.map(\.rule.value) == ["ALLOC-R11"])
        }
    }
}
