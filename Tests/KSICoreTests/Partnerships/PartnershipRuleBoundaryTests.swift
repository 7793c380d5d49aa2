import KSICore
import KSIDemoData
import KSITestSupport
import Testing

@Suite("Partnerships: rule boundaries and health properties")
struct PartnershipRuleBoundaryTests {
    let t2 = LocalDate(year: 2025, month: 3, day: 1)

    func measure(practiceOn date: LocalDate?) -> Measure {
        Measure.with {
            $0.checkpoints = MeasureCheckpoints.with { $0.t2 = CheckpointRecord.with { $0.loggedOn = t2 } }
            if let date {
                $0.practiceChanges = [
                    PracticeChangeEntry.with {
                        $0.date = date
                        $0.text = "x"
                    }
                ]
            }
        }
    }

    @Test("PART-R11 does not warn on day 30 after T2 and warns on day 31")
    func practiceEvidenceWindow() {
        #expect(!PracticeEvidenceRule.check(measure(practiceOn: nil), today: t2.adding(days: 30)).mentions("PART-R11"))
        #expect(PracticeEvidenceRule.check(measure(practiceOn: nil), today: t2.adding(days: 31)).mentions("PART-R11"))
        #expect(
            !PracticeEvidenceRule.check(measure(practiceOn: t2.adding(days: 30)), today: t2.adding(days: 60)).mentions(
                "PART-R11"
            )
        )
        #expect(
            PracticeEvidenceRule.check(measure(practiceOn: t2.adding(days: 31)), today: t2.adding(days: 60)).mentions(
                "PART-R11"
            )
        )
    }

    @Test("PART-R12 does not warn for a vacancy of 30 days and warns after 31")
    func vacancyWindow() {
        let since = LocalDate(year: 2025, month: 1, day: 1)
        let filled = [PartnershipRole.ownerContact, .uhContact].map { role in
            RoleAssignment.with {
                $0.role = role
                $0.personId = "p"
                $0.deputyPersonId = "d"
                $0.from = since
            }
        }
        #expect(
            !RequiredRolesRule.check(roles: filled, since: since, today: since.adding(days: 30)).mentions("PART-R12")
        )
        let late = RequiredRolesRule.check(roles: filled, since: since, today: since.adding(days: 31))
        #expect(late.warnings.map(\.field) == ["roles.coordinator"])
    }

    @Test("PART-R4 allows exactly maxCommitmentYears and rejects one day more")
    func durationBoundary() {
        let config = PolicyResolver().resolve(governorOfficeId: TestRegion.governorOfficeId, year: 2025, scheme: .ksi)
        let from = LocalDate(year: 2025, month: 8, day: 1)
        #expect(
            AgreementDurationRule.check(
                validFrom: from,
                validTo: LocalDate(year: 2028, month: 7, day: 31),
                config: config
            ).violations.isEmpty
        )
        #expect(
            AgreementDurationRule.check(
                validFrom: from,
                validTo: LocalDate(year: 2028, month: 8, day: 1),
                config: config
            ).mentions("PART-R4")
        )
    }

    @Test("PART-R7 checks each payer separately and adds co-financing to the owner's share")
    func budgetPerPayer() {
        let partnership = Partnership.with {
            $0.grantLineShares = [PartnershipFixtures.share(owner: 100_000, uh: 50_000, coFinancing: 20_000)]
        }
        let ok = MeasureBudgetRule.check(
            lines: [
                PartnershipFixtures.line(.coordinatorSalary, .owner, 120_000),
                PartnershipFixtures.line(.uhHours, .uh, 50_000),
            ],
            otherLines: [],
            grantLineId: PartnershipFixtures.lineId,
            partnership: partnership
        )
        #expect(ok.violations.isEmpty)
        let over = MeasureBudgetRule.check(
            lines: [PartnershipFixtures.line(.uhHours, .uh, 30_000)],
            otherLines: [PartnershipFixtures.line(.uhHours, .uh, 30_000)],
            grantLineId: PartnershipFixtures.lineId,
            partnership: partnership
        )
        #expect(over.violations.map(\.rule) == ["PART-R7"])
    }

    @Test("V7 scores stay within 0–100 and match their band for random partnerships")
    func healthProperty() {
        var random = SplitMix64(seed: 7)
        let today = LocalDate(year: 2025, month: 6, day: 1)
        let roles: [PartnershipRole] = [.ownerContact, .uhContact, .coordinator, .processLead]
        let pptRoles: [PptRole] = [.unspecified, .none, .advisor, .driver]
        for index in 0..<200 {
            let partnership = Partnership.with {
                $0.id = "p\(index)"
                $0.roles = (0..<Int(random.next(upTo: 6))).map { n in
                    RoleAssignment.with {
                        $0.role = roles[Int(random.next(upTo: 4))]
                        $0.personId = "p\(n)"
                        $0.deputyPersonId = random.next(upTo: 2) == 0 ? "" : "d\(n)"
                        $0.from = today.adding(days: -random.next(upTo: 700))
                        $0.to = random.next(upTo: 2) == 0 ? nil : today.adding(days: -random.next(upTo: 400))
                    }
                }
                $0.meetingPlan = PartnershipMeetingPlan.with { $0.plannedPerHalfYear = Int32(random.next(upTo: 4)) }
                $0.meetings = (0..<Int(random.next(upTo: 6))).map { _ in
                    Meeting.with { $0.heldOn = today.adding(days: -random.next(upTo: 300)) }
                }
                $0.conflictCases = random.next(upTo: 3) == 0 ? [ConflictCase.with { $0.status = .open }] : []
            }
            let measures = (0..<Int(random.next(upTo: 5))).map { n in
                Measure.with {
                    $0.id = "m\(n)"
                    $0.partnershipId = partnership.id
                    $0.status = .inProgress
                    $0.pptRole = pptRoles[Int(random.next(upTo: 4))]
                    if random.next(upTo: 2) == 0 {
                        $0.checkpoints = MeasureCheckpoints.with { $0.t2 = CheckpointRecord() }
                    }
                    if random.next(upTo: 2) == 0 { $0.practiceChanges = [PracticeChangeEntry()] }
                }
            }
            let item = PartnershipHealth.evaluate(
                partnership: partnership,
                measures: measures,
                reportDueOn: today.adding(days: -random.next(upTo: 60)),
                today: today
            )
            #expect((0...100).contains(item.score))
            #expect(item.band == PartnershipHealth.band(of: item.score))
            #expect(item.components.allSatisfy { (0...10_000).contains($0.valueBp) })
        }
    }
}
