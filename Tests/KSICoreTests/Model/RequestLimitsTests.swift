import KSICore
import KSITestSupport
import Testing

/// The generated `checkLimits` walk on hand-built requests (LIM-R2…R6, docs/security.md "Request fields").
/// The bounds in the expectations are the documented values, written out here rather than read from
/// `RequestLimits`.
@Suite("Request limits: the generated walk")
struct RequestLimitsTests {

    /// A needs report create request that is within every limit.
    static func valid() -> CreateNeedsReportRequest {
        CreateNeedsReportRequest.with {
            $0.requestId = "limits-1"
            $0.roundId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"  // a needs round id is a UUID (ID-R2)
            $0.leadOwnerId = TestRegion.kristiansandKommune
            $0.content = NeedsFixture.validContent(assessmentIds: ["assessment-1"])
        }
    }

    func violations(_ message: some LimitedMessage) -> [String: String] {
        Dictionary(
            message.limitCheck().violations.map { ($0.field, $0.rule.value) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    @Test("a valid request has no violation and passes validateLimits")
    func validRequestPasses() throws {
        #expect(violations(Self.valid()).isEmpty)
        try Self.valid().validateLimits()
    }

    @Test(
        "LIM-R2: money 0 and exactly 10 000 000 000 kr pass; -1 øre and one øre more are refused with the nested path",
        arguments: [
            (Int64(0), true), (Int64(1_000_000_000_000), true), (Int64(1_000_000_000_001), false), (Int64(-1), false),
            (Int64.max, false), (Int64.min, false),
        ]
    )
    func moneyBound(amount: Int64, accepted: Bool) {
        var request = Self.valid()
        request.content?.requestedAmountOre = amount
        #expect(violations(request) == (accepted ? [:] : ["content.requested_amount_ore": "LIM-R2"]))
    }

    @Test("LIM-R2: money in an element of a repeated sub-message is named with its index")
    func moneyInRepeatedMessage() {
        let request = SimulateAllocationRequest.with {
            $0.frameOre = 5_000_000_00
            $0.draftLines = (0..<5).map { index in
                SimulationDraftLine.with { $0.amountOre = index == 3 ? -500 : 100_000_00 }
            }
        }
        #expect(violations(request) == ["draft_lines[3].amount_ore": "LIM-R2"])
    }

    @Test(
        "LIM-R3: impossible dates are refused with the field named; leap days follow the Gregorian rules; absent is fine",
        arguments: [
            (LocalDate(year: 2026, month: 2, day: 30), false), (LocalDate(year: 2026, month: 13, day: 1), false),
            (LocalDate(year: 2026, month: 0, day: 10), false), (LocalDate(year: 2026, month: 4, day: 31), false),
            (LocalDate(year: 2026, month: 1, day: 0), false), (LocalDate(year: 2023, month: 2, day: 29), false),
            (LocalDate(year: 1900, month: 2, day: 29), false), (LocalDate(year: 2024, month: 2, day: 29), true),
            (LocalDate(year: 2000, month: 2, day: 29), true), (LocalDate(year: 2026, month: 12, day: 31), true),
            (LocalDate(year: 0, month: 1, day: 1), false), (LocalDate(year: 10_000, month: 1, day: 1), false),
        ]
    )
    func calendarDates(date: LocalDate, accepted: Bool) {
        var request = Self.valid()
        request.content?.uhContactedOn = date
        #expect(violations(request) == (accepted ? [:] : ["content.uh_contacted_on": "LIM-R3"]))
        let round = CreateNeedsRoundRequest.with {
            $0.requestId = "round-1"
            $0.opensOn = date
            $0.submissionDeadline = nil
        }
        #expect(violations(round) == (accepted ? [:] : ["opens_on": "LIM-R3"]))
    }

    @Test("LIM-R3: a date in a repeated field is named with its index")
    func repeatedDates() {
        let request = ExtendServiceRequest.with {
            $0.requestId = "extend-1"
            $0.progressPlan = [
                ProgressMilestone.with {
                    $0.milestone = "start"
                    $0.date = LocalDate(year: 2025, month: 3, day: 1)
                },
                ProgressMilestone.with {
                    $0.milestone = "midway"
                    $0.date = LocalDate(year: 2025, month: 2, day: 29)
                },
            ]
        }
        #expect(violations(request) == ["progress_plan[1].date": "LIM-R3"])
    }

    @Test(
        "LIM-R4: a write needs a non-empty, printable request_id of at most 128 characters",
        arguments: [
            ("", false), (String(repeating: "r", count: 128), true), (String(repeating: "r", count: 129), false),
            (String(repeating: "ø", count: 128), true), ("req\u{7}1", false), ("req\n1", false),
            ("req\u{200B}1", false),
            ("3f2b1c9e-0d4a-4e8b-9c1a-5f6e7d8c9b0a", true), ("kommune 4204: søknad 2025", true),
        ]
    )
    func requestId(value: String, accepted: Bool) {
        var request = Self.valid()
        request.requestId = value
        #expect(violations(request) == (accepted ? [:] : ["request_id": "LIM-R4"]))
    }

    @Test("LIM-R4: reads carry no request_id and need none")
    func readsNeedNoRequestId() {
        #expect(violations(GetNeedsReportRequest.with { $0.id = "0b7e4c1d-2f3a-4b5c-8d6e-7f8091a2b3c4" }).isEmpty)
        #expect(violations(ListNeedsReportsRequest()).isEmpty)
    }

    @Test("LIM-R5: ids ≤ 128, names ≤ 500, free text ≤ 10 000 characters (Unicode scalars, not bytes)")
    func stringLengths() {
        var request = Self.valid()
        // a registry id: LIM-R5 alone (a UUID field is also ID-R2)
        request.leadOwnerId = String(repeating: "i", count: 128)
        request.content?.title = String(repeating: "æ", count: 500)  // 1 000 UTF-8 bytes, 500 characters
        request.content?.statpedNeededReason = String(repeating: "t", count: 10_000)
        #expect(violations(request).isEmpty)

        request.leadOwnerId += "i"
        request.content?.title += "æ"
        request.content?.statpedNeededReason += "t"
        request.content?.participatingUnitIds = ["unit-1", "unit-2", String(repeating: "u", count: 129)]
        #expect(
            violations(request) == [
                "lead_owner_id": "LIM-R5", "content.title": "LIM-R5", "content.statped_needed_reason": "LIM-R5",
                "content.participating_unit_ids[2]": "LIM-R5",
            ]
        )
    }

    @Test("LIM-R6: 1 000 elements pass, 1 001 are one violation and the elements are not walked")
    func repeatedCounts() {
        var request = Self.valid()
        request.content?.participatingUnitIds = (0..<1_000).map { "unit-\($0)" }
        #expect(violations(request).isEmpty)
        request.content?.participatingUnitIds = (0..<1_001).map { _ in String(repeating: "u", count: 200) }
        let check = request.limitCheck()
        #expect(check.violations.map(\.field) == ["content.participating_unit_ids"])
        #expect(check.violations.map(\.rule.value) == ["LIM-R6"])
    }

    @Test("LIM-R6: the reference-data import and per-round lists have higher documented bounds")
    func higherTiers() {
        let units = (0..<20_000).map { index in
            Unit.with {
                $0.id = "unit-\(index)"
                $0.name = "Enhet \(index)"
            }
        }
        #expect(
            violations(
                UpsertReferenceDataRequest.with {
                    $0.requestId = "import-1"
                    $0.data = .with { $0.units = units }
                }
            ).isEmpty
        )
        let tooMany = (0..<100_001).map { _ in Unit() }
        #expect(
            violations(
                UpsertReferenceDataRequest.with {
                    $0.requestId = "import-2"
                    $0.data = .with { $0.units = tooMany }
                }
            )
                == ["data.units": "LIM-R6"]
        )
        let ranking = (0..<5_000).map { "report-\($0)" }
        #expect(
            violations(
                UpdateDecisionBasisRequest.with {
                    $0.requestId = "rank-1"
                    $0.rankedNeedsReportIds = ranking
                }
            ).isEmpty
        )
        let lines = (0..<10_001).map { _ in SimulationDraftLine() }
        #expect(violations(SimulateAllocationRequest.with { $0.draftLines = lines }) == ["draft_lines": "LIM-R6"])
    }

    @Test("every violation is reported at once, with its path and rule, as one rule-violation error")
    func severalViolationsAtOnce() throws {
        var request = Self.valid()
        request.requestId = ""
        request.content?.requestedAmountOre = -1
        request.content?.uhContactedOn = LocalDate(year: 2025, month: 13, day: 1)
        request.content?.proposedMeasures[0].unitIds = ["ok", String(repeating: "x", count: 300)]
        request.content?.proposedMeasures[0].title = String(repeating: "x", count: 501)
        let error = try #require(throws: DomainError.self) { try request.validateLimits() }
        #expect(error.code == .ruleViolation)
        #expect(
            Set(error.violations.map { "\($0.rule) \($0.field)" }) == [
                "LIM-R4 request_id", "LIM-R2 content.requested_amount_ore", "LIM-R3 content.uh_contacted_on",
                "LIM-R5 content.proposed_measures[0].unit_ids[1]", "LIM-R5 content.proposed_measures[0].title",
            ]
        )
        #expect(error.violations.allSatisfy { !$0.message.isEmpty })
    }

    @Test("a flood of violations lists the first 100 and says how many more there were")
    func floodIsCapped() throws {
        var request = Self.valid()
        request.content?.participatingUnitIds = (0..<250).map { _ in String(repeating: "u", count: 129) }
        let error = try #require(throws: DomainError.self) { try request.validateLimits() }
        #expect(error.violations.count == 100)
        #expect(error.message.contains("150 more"))
    }
}

/// The in-process edge: `NeedsServiceActing` refuses before the context reads or stores anything.
@Suite("Request limits: the in-process edge")
struct RequestLimitsActingTests {
    @Test(
        "NeedsServiceActing refuses an out-of-bounds report with every violation and stores nothing; the same report within bounds is stored"
    )
    func actingRefusesAndStoresNothing() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try NeedsFixture(database: database)
            let round = try await fixture.openRound()
            let assessment = try await fixture.assessment()
            let api = NeedsServiceActing(fixture.needs, as: NeedsFixture.caller(.kristiansandOwnerAdmin))
            var request = CreateNeedsReportRequest.with {
                $0.requestId = ""
                $0.roundId = round.id
                $0.leadOwnerId = TestRegion.kristiansandKommune
                $0.content = NeedsFixture.validContent(assessmentIds: [assessment.id])
            }
            request.content?.requestedAmountOre = 1_000_000_000_001
            request.content?.uhContactedOn = LocalDate(year: 2024, month: 2, day: 30)
            let refused = request
            let error = try await #require(throws: DomainError.self) { try await api.createNeedsReport(refused) }
            #expect(
                Set(error.violations.map(\.field)) == [
                    "request_id", "content.requested_amount_ore", "content.uh_contacted_on",
                ]
            )
            #expect(try await api.listNeedsReports(.with { $0.roundId = round.id }).items.isEmpty)

            request.requestId = "limits-acting-1"
            request.content?.requestedAmountOre = 800_000_00
            request.content?.uhContactedOn = LocalDate(year: 2024, month: 2, day: 29)
            let stored = try await api.createNeedsReport(request)
            #expect(try await api.listNeedsReports(.with { $0.roundId = round.id }).items.map(\.id) == [stored.id])
        }
    }
}
