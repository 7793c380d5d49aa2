import KSICore
import KSITestSupport
import Testing

/// Needs assessments: defaults, NEED-R10 warnings, ownership and access.
@Suite("Needs assessments")
struct NeedsAssessmentTests {
    @Test("validUntil defaults to conductedOn + 3 years")
    func defaultValidity() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let assessment = try await fixture.assessment()
            #expect(assessment.validUntil == LocalDate(year: 2027, month: 9, day: 1))
            #expect(assessment.warnings.isEmpty)
        }
    }

    @Test("NEED-R10 warns on an assessment without documented staff involvement or union consultation")
    func r10Warnings() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            var content = NeedsFixture.assessmentContent()
            content.staffInvolved = false
            content.unionRepConsultedOn = nil
            let assessment = try await fixture.assessment(content)
            #expect(assessment.warnings.map(\.ruleId) == ["NEED-R10", "NEED-R10"])
        }
    }

    @Test("NEED-R10 rejects a DEKOM submission built on an assessment without staff involvement")
    func r10DekomSubmission() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            var content = NeedsFixture.assessmentContent()
            content.staffInvolved = false
            let weak = try await fixture.assessment(content)
            let draft = try await fixture.draft(in: try await fixture.openRound(scheme: .dekom)) {
                $0.assessmentIds = [weak.id]
            }
            let error = await #expect(throws: DomainError.self) { _ = try await fixture.submit(draft) }
            #expect(error?.violations.map(\.rule) == ["NEED-R10"])
        }
    }

    @Test("NEED-R15 end to end: a DEKOM report warns about a school left out of the assessments")
    func r15EndToEnd() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let kindergartenOnly = try await fixture.assessment(
                NeedsFixture.assessmentContent(units: [TestRegion.kristiansandKindergarten])
            )
            let round = try await fixture.openRound(scheme: .dekom)
            let report = try await fixture.draft(in: round) { $0.assessmentIds = [kindergartenOnly.id] }
            // Passing: the fixture's draft also records a valid assessment of Kristiansand's school.
            #expect(report.warnings.allSatisfy { $0.ruleId != "NEED-R15" })
            // Warning: Arendal's school has no assessment at all.
            let arendal = try await fixture.needs.reports.createNeedsReport(
                .with {
                    $0.requestId = "arendal"
                    $0.roundId = round.id
                    $0.leadOwnerId = TestRegion.arendalKommune
                    $0.content = NeedsFixture.validContent(assessmentIds: [])
                },
                as: TestRegion.caller(.arendalOwnerAdmin)
            )
            #expect(arendal.warnings.contains { $0.ruleId == "NEED-R15" })
        }
    }

    @Test("only the owner's ownerAdmin records an assessment, and only for its own units")
    func ownership() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            await #expect(throws: DomainError.self) { _ = try await fixture.assessment(as: .arendalOwnerAdmin) }
            let foreign = await #expect(throws: DomainError.self) {
                _ = try await fixture.assessment(NeedsFixture.assessmentContent(units: [TestRegion.arendalSchool]))
            }
            #expect(foreign?.violations.first?.field == "content.unit_ids[0]")
            let assessment = try await fixture.assessment()
            let updated = try await fixture.needs.assessments.updateNeedsAssessment(
                .with {
                    $0.requestId = "u"
                    $0.needsAssessmentId = assessment.id
                    $0.expectedVersion = assessment.version
                    $0.content = NeedsFixture.assessmentContent(conductedOn: LocalDate(year: 2024, month: 10, day: 1))
                },
                as: TestRegion.caller(.kristiansandOwnerAdmin)
            )
            #expect(updated.version == 2 && updated.validUntil == LocalDate(year: 2027, month: 10, day: 1))
        }
    }

    @Test("assessments are read by the owner, its unit's union rep and the embete; listing filters validity")
    func access() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let assessment = try await fixture.assessment()
            for reader in [TestRegion.Actor.kristiansandOwnerAdmin, .unionRep, .kristiansandUnitLeader, .sfCaseworker] {
                #expect(
                    try await fixture.needs.assessments.getNeedsAssessment(
                        .with { $0.id = assessment.id },
                        as: TestRegion.caller(reader)
                    ) == assessment
                )
            }
            await #expect(throws: DomainError.self) {
                _ = try await fixture.needs.assessments.getNeedsAssessment(
                    .with { $0.id = assessment.id },
                    as: TestRegion.caller(.arendalOwnerAdmin)
                )
            }
            let owner = TestRegion.caller(.kristiansandOwnerAdmin)
            let valid = try await fixture.needs.assessments.listNeedsAssessments(
                .with { $0.validOn = LocalDate(year: 2026, month: 1, day: 1) },
                as: owner
            )
            #expect(valid.items.map(\.id) == [assessment.id])
            let expired = try await fixture.needs.assessments.listNeedsAssessments(
                .with { $0.validOn = LocalDate(year: 2028, month: 1, day: 1) },
                as: owner
            )
            #expect(expired.items.isEmpty)
        }
    }
}
