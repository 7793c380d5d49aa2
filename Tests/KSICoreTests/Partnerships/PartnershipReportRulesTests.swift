import KSICore
import KSITestSupport
import Testing

@Suite("Partnerships: annual report rules (PART-R13, PART-R16)")
struct PartnershipReportRulesTests {
    func draftReport(
        _ bed: PartnershipTestBed,
        _ partnership: Partnership,
        content: PartnershipReportContent
    ) async throws -> PartnershipReport {
        try await bed.partnerships.reports.createPartnershipReport(
            CreatePartnershipReportRequest.with {
                $0.partnershipId = partnership.id
                $0.year = 2025
                $0.content = content
            },
            as: PartnershipTestBed.owner
        )
    }

    @Test("PART-R13 rejects a report with an empty field and lists every missing field at once")
    func everyFieldFilled() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            var content = PartnershipFixtures.reportContent()
            content.experiences = ""
            content.fundsUsed = []
            let report = try await draftReport(bed, partnership, content: content)
            let error = await expectPartnershipError(.ruleViolation) {
                _ = try await bed.partnerships.reports.submitPartnershipReport(
                    SubmitPartnershipReportRequest.with {
                        $0.partnershipReportId = report.id
                        $0.expectedVersion = report.version
                    },
                    as: PartnershipTestBed.owner
                )
            }
            #expect(Set(error?.violations.map(\.field) ?? []) == ["content.experiences", "content.funds_used"])
            #expect(error?.violations.allSatisfy { $0.rule == "PART-R13" } == true)
        }
    }

    @Test("PART-R13 takes a complete report on time, due on the embete's reportDeadline")
    func completeOnTime() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let report = try await draftReport(bed, partnership, content: PartnershipFixtures.reportContent())
            #expect(report.dueOn == LocalDate(year: 2026, month: 1, day: 31))
            let submitted = try await bed.partnerships.reports.submitPartnershipReport(
                SubmitPartnershipReportRequest.with {
                    $0.partnershipReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: PartnershipTestBed.owner
            )
            #expect(submitted.status == .submitted)
            #expect(!submitted.warnings.carriesPartnershipRule("PART-R13"))
        }
    }

    @Test("PART-R13 warns on a late report by default and rejects it where the embete makes lateness HARD")
    func lateReport() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let report = try await draftReport(bed, partnership, content: PartnershipFixtures.reportContent())
            bed.time.set(LocalDate(year: 2026, month: 2, day: 15))
            let late = try await bed.partnerships.reports.submitPartnershipReport(
                SubmitPartnershipReportRequest.with {
                    $0.partnershipReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: PartnershipTestBed.owner
            )
            #expect(late.warnings.carriesPartnershipRule("PART-R13"))
        }
        var reference = try PartnershipFixtures.reference()
        var policy = BuiltInPolicy.governor(governorOfficeId: TestRegion.governorOfficeId, year: 2025, scheme: .ksi)
        policy.reportDeadline = LocalDate(year: 2026, month: 1, day: 15)
        policy.ruleKindOverrides = [
            RuleKindOverride.with {
                $0.ruleId = "PART-R13"
                $0.kind = .hard
            }
        ]
        reference.policies.set(policy)
        try await PartnershipTestBed.with(reference: reference) { bed in
            let partnership = try await bed.active()
            let report = try await draftReport(bed, partnership, content: PartnershipFixtures.reportContent())
            #expect(report.dueOn == LocalDate(year: 2026, month: 1, day: 15))
            bed.time.set(LocalDate(year: 2026, month: 1, day: 20))
            await expectPartnershipViolation("PART-R13") {
                _ = try await bed.partnerships.reports.submitPartnershipReport(
                    SubmitPartnershipReportRequest.with {
                        $0.partnershipReportId = report.id
                        $0.expectedVersion = report.version
                    },
                    as: PartnershipTestBed.owner
                )
            }
        }
    }

    @Test("PART-R16 warns at submission when no feedback to teacher education is recorded, and not when it is")
    func teacherEducationFeedback() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let measure = try await bed.measure(in: partnership)
            let report = try await draftReport(bed, partnership, content: PartnershipFixtures.reportContent())
            let without = try await bed.partnerships.reports.submitPartnershipReport(
                SubmitPartnershipReportRequest.with {
                    $0.partnershipReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: PartnershipTestBed.owner
            )
            #expect(without.warnings.carriesPartnershipRule("PART-R16"))
            let returned = try await bed.partnerships.reports.returnPartnershipReport(
                ReturnPartnershipReportRequest.with {
                    $0.partnershipReportId = without.id
                    $0.expectedVersion = without.version
                    $0.reason = "record the feedback"
                },
                as: PartnershipTestBed.sf
            )
            _ = try await bed.partnerships.measures.recordTeacherEducationFeedback(
                RecordTeacherEducationFeedbackRequest.with {
                    $0.measureId = measure.id
                    $0.expectedVersion = measure.version
                    $0.uhInstitutionId = TestRegion.uia
                    $0.programme = "Grunnskolelærer 1–7"
                    $0.text = "Observation cases used in teaching"
                },
                as: PartnershipTestBed.uh
            )
            let with = try await bed.partnerships.reports.submitPartnershipReport(
                SubmitPartnershipReportRequest.with {
                    $0.partnershipReportId = returned.id
                    $0.expectedVersion = returned.version
                },
                as: PartnershipTestBed.owner
            )
            #expect(!with.warnings.carriesPartnershipRule("PART-R16"))
        }
    }
}
