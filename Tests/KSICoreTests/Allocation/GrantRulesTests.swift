import KSICore
import KSITestSupport
import Testing

@Suite("Allocation decision and grant rules (ALLOC-R10…R13, R15, R23)")
struct GrantRulesTests {
    typealias F = AllocationMoneyFixture

    /// 2026 without SKK mode, so the forum still writes the 2026 recommendation.
    static let noSkk2026 = SchemeYearPolicy.with {
        $0.scheme = .ksi
        $0.year = 2026
        $0.skkMode = false
        $0.coFinancingBase = .ownerGrant
    }

    @Test("ALLOC-R10 rejects a partial approval without a reason and text, and a rejection that grants money")
    func decisionNeedsReason() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            let recommendation = try await fixture.underControl()
            let partial = await #expect(throws: DomainError.self) {
                _ = try await fixture.prepare(recommendation, outcome: .partiallyApproved, amountOre: 30_000_000)
            }
            #expect(partial?.violations.map(\.rule) == ["ALLOC-R10", "ALLOC-R10"])
            let rejected = await #expect(throws: DomainError.self) {
                _ = try await fixture.prepare(
                    recommendation,
                    outcome: .rejected,
                    amountOre: 100,
                    reason: .outsideCriteria,
                    reasonText: "Outside the criteria"
                )
            }
            #expect(rejected?.violations.map(\.rule) == ["ALLOC-R10"])
        }
    }

    @Test("ALLOC-R10 accepts a partial approval with a reason and splits it (COM-R3)")
    func partialApprovalWithReason() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            let recommendation = try await fixture.underControl()
            let prepared = try await fixture.prepare(
                recommendation,
                outcome: .partiallyApproved,
                amountOre: 30_000_100,
                reason: .budgetExhausted,
                reasonText: "The frame does not cover the full amount"
            )
            #expect(prepared.ownerAmountOre + prepared.uhAmountOre == 30_000_100)
            #expect(prepared.ownerAmountOre == 18_000_000)
            let signed = try await fixture.sign(prepared)
            #expect(signed.deviatesFromRequest)
            #expect(signed.grantIds.count == 2)
        }
    }

    @Test("ALLOC-R11 rejects a decision signed by the person who prepared it")
    func fourEyes() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            let recommendation = try await fixture.underControl()
            let prepared = try await fixture.prepare(recommendation)
            var samePerson = fixture.decisionMaker
            samePerson.personId = fixture.caseworker.personId
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.recommendations.signGrantDecision(
                    SignGrantDecisionRequest.with {
                        $0.grantDecisionId = prepared.id
                        $0.expectedVersion = prepared.version
                    },
                    as: samePerson
                )
            }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R11"])
            let caseworker = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.recommendations.signGrantDecision(
                    SignGrantDecisionRequest.with {
                        $0.grantDecisionId = prepared.id
                        $0.expectedVersion = prepared.version
                    },
                    as: fixture.caseworker
                )
            }
            #expect(caseworker?.code == .notPermitted)
            let signed = try await fixture.sign(prepared)
            #expect(signed.preparedBy != signed.signedBy)
            #expect(signed.signedBy == fixture.decisionMaker.personId)
        }
    }

    @Test("ALLOC-R12 rejects acceptance before the co-financing is pledged, and accepts it after")
    func coFinancing() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let dekom = SchemeYearPolicy.with {
                $0.scheme = .ksi
                $0.year = 2025
                $0.coFinancingBp = 3000
                $0.coFinancingBase = .ownerGrant
                $0.nationalBudgetOre = 16_000_000_000
            }
            let fixture = try F(database: database, schemeYearPolicies: [dekom])
            try await fixture.publishedFrame()
            _ = try await fixture.decided(lines: [F.line(amountOre: 33_333_300)])
            let grant = try await fixture.commit(try await fixture.grant())
            let pledge = try await fixture.allocation.grants.getCoFinancingPledge(
                GetCoFinancingPledgeRequest.with { $0.id = grant.coFinancingPledgeId },
                as: fixture.caseworker
            )
            // Owner share 6000 bp of 333 333 kr = 199 999.80 kr → 199 999 kr; 30 % rounded up.
            #expect(grant.amountOre == 19_999_900)
            #expect(pledge.requiredOre == 5_999_970)
            let error = await #expect(throws: DomainError.self) { _ = try await fixture.accept(grant) }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R12"])
            let notOwner = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.grants.recordCoFinancingPledge(
                    RecordCoFinancingPledgeRequest.with {
                        $0.coFinancingPledgeId = pledge.id
                        $0.expectedVersion = pledge.version
                        $0.pledgedOre = 6_000_000
                    },
                    as: TestRegion.caller(.arendalOwnerAdmin)
                )
            }
            #expect(notOwner?.code == .notPermitted)
            let pledged = try await fixture.allocation.grants.recordCoFinancingPledge(
                RecordCoFinancingPledgeRequest.with {
                    $0.coFinancingPledgeId = pledge.id
                    $0.expectedVersion = pledge.version
                    $0.pledgedOre = 6_000_000
                },
                as: fixture.kristiansandAdmin
            )
            let accepted = try await fixture.accept(try await fixture.grant())
            #expect(accepted.status == .accepted)
            let documented = try await fixture.allocation.grants.recordCoFinancingDocumented(
                RecordCoFinancingDocumentedRequest.with {
                    $0.coFinancingPledgeId = pledged.id
                    $0.expectedVersion = pledged.version
                    $0.documentedOre = 5_000_000
                },
                as: fixture.kristiansandAdmin
            )
            #expect(documented.warnings.map(\.ruleId) == ["ALLOC-R12"])
        }
    }

    @Test("ALLOC-R12 asks nothing when coFinancingBp is 0 (ksi)")
    func noCoFinancingForKsi() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            _ = try await fixture.decided()
            let grant = try await fixture.commit(try await fixture.grant())
            #expect(grant.coFinancingPledgeId.isEmpty)
            #expect(try await fixture.accept(grant).status == .accepted)
        }
    }

    @Test(
        "ALLOC-R13 creates indicative later years and confirms them only by a signed decision within that year's frame"
    )
    func multiYearCommitments() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(
                database: database,
                governorPolicies: [F.policy(year: 2026) { $0.recommendationAuthor = .forum }],
                schemeYearPolicies: [Self.noSkk2026]
            )
            try await fixture.publishedFrame()
            _ = try await fixture.decided(lines: [F.line(years: 2)])
            let grant = try await fixture.grant()
            let commitments = try await fixture.allocation.grants.listMultiYearCommitments(
                ListMultiYearCommitmentsRequest.with { $0.grantId = grant.id },
                as: fixture.caseworker
            )
            #expect(commitments.items.map(\.year) == [2026])
            #expect(commitments.items.map(\.status) == [.indicative])
            let commitment = commitments.items[0]
            // A 2025 decision cannot confirm the 2026 amount.
            let decision2025 = try await fixture.allocation.recommendations.listGrantDecisions(
                ListGrantDecisionsRequest(),
                as: fixture.caseworker
            ).items[0]
            let wrongYear = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.grants.confirmMultiYearCommitment(
                    ConfirmMultiYearCommitmentRequest.with {
                        $0.multiYearCommitmentId = commitment.id
                        $0.expectedVersion = commitment.version
                        $0.grantDecisionId = decision2025.id
                    },
                    as: fixture.decisionMaker
                )
            }
            #expect(wrongYear?.violations.map(\.rule).contains("ALLOC-R13") == true)
            // A signed 2026 decision within a 2026 frame confirms it.
            try await fixture.publishedFrame(amountOre: 100_000_000, year: 2026)
            var recommendation = try await fixture.draft(
                lines: [F.line(recipient: TestRegion.arendalKommune)],
                year: 2026
            )
            recommendation = try await fixture.adopt(recommendation)
            recommendation = try await fixture.allocation.recommendations.submitToGovernor(
                SubmitToGovernorRequest.with {
                    $0.recommendationId = recommendation.id
                    $0.expectedVersion = recommendation.version
                },
                as: fixture.caseworker
            )
            recommendation = try await fixture.allocation.recommendations.startControl(
                StartControlRequest.with {
                    $0.recommendationId = recommendation.id
                    $0.expectedVersion = recommendation.version
                },
                as: fixture.caseworker
            )
            let decision2026 = try await fixture.sign(try await fixture.prepare(recommendation))
            let confirmed = try await fixture.allocation.grants.confirmMultiYearCommitment(
                ConfirmMultiYearCommitmentRequest.with {
                    $0.multiYearCommitmentId = commitment.id
                    $0.expectedVersion = commitment.version
                    $0.grantDecisionId = decision2026.id
                },
                as: fixture.decisionMaker
            )
            #expect(confirmed.status == .confirmed)
            #expect(confirmed.confirmedAmountOre == 50_000_000)
        }
    }

    @Test("ALLOC-R13 with ALLOC-R2 rejects confirming a later year that does not fit that year's frame")
    func confirmationOverFrame() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(
                database: database,
                governorPolicies: [F.policy(year: 2026) { $0.recommendationAuthor = .forum }],
                schemeYearPolicies: [Self.noSkk2026]
            )
            try await fixture.publishedFrame()
            _ = try await fixture.decided(lines: [F.line(years: 2)])
            let grant = try await fixture.grant()
            let commitment = try await fixture.allocation.grants.listMultiYearCommitments(
                ListMultiYearCommitmentsRequest.with { $0.grantId = grant.id },
                as: fixture.caseworker
            ).items[0]
            try await fixture.publishedFrame(amountOre: 60_000_000, year: 2026)
            var recommendation = try await fixture.draft(
                lines: [F.line(recipient: TestRegion.arendalKommune, amountOre: 20_000_000)],
                year: 2026
            )
            recommendation = try await fixture.adopt(recommendation)
            recommendation = try await fixture.allocation.recommendations.submitToGovernor(
                SubmitToGovernorRequest.with {
                    $0.recommendationId = recommendation.id
                    $0.expectedVersion = recommendation.version
                },
                as: fixture.caseworker
            )
            recommendation = try await fixture.allocation.recommendations.startControl(
                StartControlRequest.with {
                    $0.recommendationId = recommendation.id
                    $0.expectedVersion = recommendation.version
                },
                as: fixture.caseworker
            )
            let decision2026 = try await fixture.sign(try await fixture.prepare(recommendation))
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.grants.confirmMultiYearCommitment(
                    ConfirmMultiYearCommitmentRequest.with {
                        $0.multiYearCommitmentId = commitment.id
                        $0.expectedVersion = commitment.version
                        $0.grantDecisionId = decision2026.id
                    },
                    as: fixture.decisionMaker
                )
            }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R2"])
            let reduced = try await fixture.allocation.grants.reduceMultiYearCommitment(
                ReduceMultiYearCommitmentRequest.with {
                    $0.multiYearCommitmentId = commitment.id
                    $0.expectedVersion = commitment.version
                    $0.grantDecisionId = decision2026.id
                    $0.amountOre = 40_000_000
                    $0.reason = "The 2026 frame is smaller"
                },
                as: fixture.decisionMaker
            )
            #expect(reduced.status == .reduced)
            #expect(reduced.confirmedAmountOre == 40_000_000)
        }
    }

    @Test("ALLOC-R15 blocks a new disbursement while a report is more than 30 days late, and allows it within 30 days")
    func overdueReportBlocksDisbursement() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            let grant = try await fixture.disbursedGrant(reportDueOn: LocalDate(year: 2025, month: 3, day: 10))
            fixture.time.advance(days: 30)  // 31 March: 21 days late.
            let within = try await fixture.disburse(grant, amountOre: 1_000_000)
            #expect(within.disbursedOre == 3_000_000)
            fixture.time.advance(days: 10)  // 10 April: 31 days late.
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.disburse(within, amountOre: 1_000_000)
            }
            #expect(error?.violations.map(\.rule) == ["ALLOC-R15"])
        }
    }

    @Test("ALLOC-R23 lets the public read signed decisions only where the transparency page is on")
    func transparency() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            _ = try await fixture.decided()
            let request = ListGrantDecisionsRequest.with {
                $0.governorOfficeId = F.office
                $0.scheme = .ksi
                $0.year = 2025
            }
            let error = await #expect(throws: DomainError.self) {
                _ = try await fixture.allocation.recommendations.listGrantDecisions(
                    request,
                    as: TestRegion.caller(.publicViewer)
                )
            }
            #expect(error?.code == .notPermitted)
        }
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database, governorPolicies: [F.policy { $0.publishTransparencyPage = true }])
            try await fixture.publishedFrame()
            _ = try await fixture.decided()
            let published = try await fixture.allocation.recommendations.listGrantDecisions(
                ListGrantDecisionsRequest.with {
                    $0.governorOfficeId = F.office
                    $0.scheme = .ksi
                    $0.year = 2025
                },
                as: TestRegion.caller(.publicViewer)
            )
            #expect(published.items.count == 1)
            #expect(published.items.allSatisfy { $0.status == .signed })
        }
    }

    @Test("COM-R4 a correction supersedes the signed decision when it is signed, and the grant follows it")
    func correctionSupersedes() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try F(database: database)
            try await fixture.publishedFrame()
            let recommendation = try await fixture.underControl()
            let first = try await fixture.sign(try await fixture.prepare(recommendation))
            let duplicate = await #expect(throws: DomainError.self) { _ = try await fixture.prepare(recommendation) }
            #expect(duplicate?.code == .illegalTransition)
            let correction = try await fixture.allocation.recommendations.prepareGrantDecision(
                PrepareGrantDecisionRequest.with {
                    $0.recommendationId = recommendation.id
                    $0.supersedesGrantDecisionId = first.id
                    $0.decision = GrantDecisionInput.with {
                        $0.recommendationLineId = first.lineId
                        $0.outcome = .partiallyApproved
                        $0.approvedAmountOre = 40_000_000
                        $0.reason = .budgetExhausted
                        $0.reasonText = "Corrected after a calculation error"
                    }
                },
                as: fixture.caseworker
            )
            #expect(try await fixture.grant().amountOre == 30_000_000)
            let signed = try await fixture.sign(correction)
            #expect(signed.supersedesDecisionId == first.id)
            let old = try await fixture.allocation.recommendations.getGrantDecision(
                GetGrantDecisionRequest.with { $0.id = first.id },
                as: fixture.caseworker
            )
            #expect(old.status == .superseded)
            #expect(old.supersededByDecisionId == signed.id)
            let grant = try await fixture.grant()
            #expect(grant.amountOre == 24_000_000)
            #expect(grant.lineAmounts.map(\.grantDecisionId) == [signed.id])
        }
    }
}
