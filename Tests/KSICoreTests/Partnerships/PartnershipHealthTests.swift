import KSICore
import KSITestSupport
import Testing

@Suite("Partnerships: V7 partnership health")
struct PartnershipHealthTests {
    static let today = LocalDate(year: 2025, month: 6, day: 1)

    func role(
        _ role: PartnershipRole,
        deputy: Bool,
        from: LocalDate = LocalDate(year: 2025, month: 1, day: 1),
        to: LocalDate? = nil
    ) -> RoleAssignment {
        RoleAssignment.with {
            $0.id = "\(role.name)-\(from)"
            $0.role = role
            $0.personId = "p-\(role.name)"
            $0.deputyPersonId = deputy ? "d-\(role.name)" : ""
            $0.from = from
            $0.to = to
        }
    }

    /// A partnership that scores full marks on every component.
    func healthy() -> Partnership {
        Partnership.with {
            $0.id = "p1"
            $0.name = "Healthy"
            $0.governorOfficeId = TestRegion.governorOfficeId
            $0.scheme = .ksi
            $0.roles = [
                role(.ownerContact, deputy: true), role(.uhContact, deputy: true), role(.coordinator, deputy: true),
            ]
            $0.meetingPlan = PartnershipMeetingPlan.with { $0.plannedPerHalfYear = 2 }
            $0.meetings = [
                Meeting.with { $0.heldOn = LocalDate(year: 2025, month: 2, day: 1) },
                Meeting.with { $0.heldOn = LocalDate(year: 2025, month: 5, day: 1) },
            ]
        }
    }

    func measure(pptRole: PptRole = .advisor, pastT2: Bool = true, evidence: Bool = true) -> Measure {
        Measure.with {
            $0.id = "m-\(pptRole.name)-\(pastT2)-\(evidence)"
            $0.partnershipId = "p1"
            $0.status = pastT2 ? .inProgress : .started
            $0.pptRole = pptRole
            if pastT2 {
                $0.checkpoints = MeasureCheckpoints.with {
                    $0.t2 = CheckpointRecord.with { $0.loggedOn = LocalDate(year: 2025, month: 3, day: 1) }
                }
            }
            if evidence { $0.practiceChanges = [PracticeChangeEntry.with { $0.text = "changed" }] }
        }
    }

    func component(_ item: PartnershipHealthItem, _ component: HealthComponent) -> Int32? {
        item.components.first { $0.component == component }?.valueBp
    }

    @Test("a partnership with every success factor scores 100 and is green")
    func fullMarks() {
        let item = PartnershipHealth.evaluate(partnership: healthy(), measures: [measure()], today: Self.today)
        #expect(item.score == 100)
        #expect(item.band == .green)
        #expect(item.components.count == 7)
        #expect(item.components.map(\.weight) == [20, 15, 15, 20, 10, 10, 10])
    }

    @Test("c1 gives half for a role without deputy and nothing for a vacant role")
    func rolesComponent() {
        var partnership = healthy()
        partnership.roles = [role(.ownerContact, deputy: true), role(.uhContact, deputy: false)]
        let item = PartnershipHealth.evaluate(partnership: partnership, measures: [], today: Self.today)
        #expect(component(item, .roles) == 5000)  // (1 + 0.5 + 0) / 3
        #expect(item.score == 90)  // 100 − 20 × 0.5
        #expect(item.band == .green)
    }

    @Test("c2 is meetings held over planned in the last six months, capped at one")
    func meetingsComponent() {
        var partnership = healthy()
        partnership.meetings = [
            Meeting.with { $0.heldOn = LocalDate(year: 2025, month: 5, day: 1) },
            Meeting.with { $0.heldOn = LocalDate(year: 2024, month: 6, day: 1) },
        ]
        let item = PartnershipHealth.evaluate(partnership: partnership, measures: [], today: Self.today)
        #expect(component(item, .meetings) == 5000)
    }

    @Test("c3 gives one on time, half up to 30 days late, nothing later")
    func reportingComponent() {
        let due = LocalDate(year: 2026, month: 1, day: 31)
        func report(submittedOn: LocalDate?) -> PartnershipReport {
            PartnershipReport.with {
                $0.year = 2025
                $0.dueOn = due
                $0.submittedAt = submittedOn.map { OsloCalendar.millis(atNoonOn: $0) } ?? 0
            }
        }
        let today = LocalDate(year: 2026, month: 6, day: 1)
        let onTime = PartnershipHealth.evaluate(
            partnership: healthy(),
            measures: [],
            reports: [report(submittedOn: due)],
            today: today
        )
        let late = PartnershipHealth.evaluate(
            partnership: healthy(),
            measures: [],
            reports: [report(submittedOn: due.adding(days: 20))],
            today: today
        )
        let veryLate = PartnershipHealth.evaluate(
            partnership: healthy(),
            measures: [],
            reports: [report(submittedOn: nil)],
            today: today
        )
        let missing = PartnershipHealth.evaluate(partnership: healthy(), measures: [], reportDueOn: due, today: today)
        #expect([onTime, late, veryLate, missing].map { component($0, .reporting) } == [10000, 5000, 0, 0])
    }

    @Test("c4 and c5 are shares of measures with practice evidence and with a PPT role")
    func measureComponents() {
        let measures = [
            measure(), measure(pptRole: .none, evidence: false),
            measure(pptRole: .unspecified, pastT2: false, evidence: false),
        ]
        let item = PartnershipHealth.evaluate(partnership: healthy(), measures: measures, today: Self.today)
        #expect(component(item, .practiceEvidence) == 5000)
        #expect(component(item, .pptInvolvement) == 3333)
    }

    @Test("c6 falls with role changes in 12 months and c7 is zero with an open conflict case")
    func stabilityAndConflicts() {
        var partnership = healthy()
        partnership.roles += [
            role(
                .coordinator,
                deputy: true,
                from: LocalDate(year: 2024, month: 1, day: 1),
                to: LocalDate(year: 2024, month: 12, day: 31)
            ),
            role(
                .uhContact,
                deputy: true,
                from: LocalDate(year: 2024, month: 1, day: 1),
                to: LocalDate(year: 2024, month: 12, day: 31)
            ),
        ]
        partnership.conflictCases = [ConflictCase.with { $0.status = .mediation }]
        let item = PartnershipHealth.evaluate(partnership: partnership, measures: [], today: Self.today)
        #expect(component(item, .stability) == 3334)
        #expect(component(item, .conflicts) == 0)
        #expect(item.score == 83)  // 100 − 10 × (2/3) − 10, rounded
    }

    @Test("the bands are green from 75, amber from 50 and red below")
    func bands() {
        #expect(PartnershipHealth.band(of: 75) == .green)
        #expect(PartnershipHealth.band(of: 74) == .amber)
        #expect(PartnershipHealth.band(of: 50) == .amber)
        #expect(PartnershipHealth.band(of: 49) == .red)
        let empty = Partnership.with { $0.id = "p1" }
        let item = PartnershipHealth.evaluate(
            partnership: empty,
            measures: [measure(pptRole: .none, evidence: false)],
            reportDueOn: LocalDate(year: 2025, month: 1, day: 31),
            today: Self.today
        )
        #expect(item.band == .red)
    }

    @Test("weights are configurable and the score is normalised by their sum")
    func configurableWeights() {
        var weights = PartnershipHealth.Weights()
        weights.roles = 0
        weights.meetings = 0
        weights.reporting = 0
        weights.practiceEvidence = 0
        weights.pptInvolvement = 1
        weights.stability = 0
        weights.conflicts = 1
        var partnership = healthy()
        partnership.conflictCases = [ConflictCase.with { $0.status = .open }]
        let item = PartnershipHealth.evaluate(
            partnership: partnership,
            measures: [measure()],
            today: Self.today,
            weights: weights
        )
        #expect(item.score == 50)
        #expect(item.band == .amber)
    }
}
