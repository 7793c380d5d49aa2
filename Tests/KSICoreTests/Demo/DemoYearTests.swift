import Foundation
import KSICore
import KSIDemoData
import KSITestSupport
import Testing

/// The demo embete-year loads through the real contexts on temporary SQLite databases.
@Suite("Demo embete-year")
struct DemoYearTests {
    /// What a test sees after the load: the summary, and counts queried independently with status filters.
    struct Loaded: Sendable {
        var summary: DemoYearSummary
        var filtered: [String: Int]
    }

    /// Loads the demo year on four fresh SQLite databases.
    static func loadDemo() async throws -> Loaded {
        try await DemoContexts.with { demo in
            let (reference, time) = (demo.reference, demo.time)
            let (needs, partnerships, allocation, referral) = (
                demo.needs, demo.partnerships, demo.allocation, demo.referral
            )
            let summary = demo.summary
            // Independent queries with status filters, as the statsforvalter and Statped intake.
            let org = { (name: String) in DemoRegion.identities.first { $0.name == name }?.orgNumber ?? "" }
            let sf = try reference.caller(
                orgNumber: org("statsforvalter-agder"),
                personId: DemoPersons.dashboardDefault,
                on: time.today()
            )
            let intake = try reference.caller(
                orgNumber: org("statped"),
                personId: "demo-statped-inntak",
                on: time.today()
            )
            var filtered: [String: Int] = [:]
            for status in NeedsReportStatus.allCases where status != .unspecified {
                filtered["report.\(status.name)"] = try await needs.queries.listNeedsReports(
                    .with {
                        $0.statuses = [status]
                        $0.pageSize = 500
                    },
                    as: sf
                ).items.count
            }
            for status in MeasureStatus.allCases where status != .unspecified {
                filtered["measure.\(status.name)"] = try await partnerships.queries.listMeasures(
                    .with {
                        $0.statuses = [status]
                        $0.pageSize = 500
                    },
                    as: sf
                ).items.count
            }
            for status in GrantStatus.allCases where status != .unspecified {
                filtered["grant.\(status.name)"] = try await allocation.grants.listGrants(
                    .with {
                        $0.statuses = [status]
                        $0.pageSize = 500
                    },
                    as: sf
                ).items.count
            }
            // Statped intake sees every case ever submitted; drafts only their PPT office (PRIV-R3, R4).
            let pptOffices = try DemoRegion.referenceDataSet().organisations.filter { $0.kind == .ppt }.map {
                try reference.caller(
                    orgNumber: $0.orgNumber,
                    personId: "demo-ppt-radgiver-\($0.recordId)",
                    on: time.today()
                )
            }
            @Sendable func count(_ request: ListReferralsRequest) async throws -> Int {
                var ids = Set(try await referral.records.listReferrals(request, as: intake).items.map(\.id))
                for office in pptOffices {
                    ids.formUnion(try await referral.records.listReferrals(request, as: office).items.map(\.id))
                }
                return ids.count
            }
            for status in ReferralStatus.allCases where status != .unspecified {
                filtered["referral.\(status.name)"] = try await count(
                    .with {
                        $0.statuses = [status]
                        $0.pageSize = 500
                    }
                )
            }
            for kind in ReferralKind.allCases where kind != .unspecified {
                filtered["kind.\(kind.name)"] = try await count(
                    .with {
                        $0.kind = kind
                        $0.pageSize = 500
                    }
                )
            }
            let decisions = try await allocation.recommendations.listGrantDecisions(.with { $0.pageSize = 500 }, as: sf)
                .items
            for decision in decisions { filtered["decision.\(decision.outcome.name)", default: 0] += 1 }
            filtered["decision.fourEyes"] =
                decisions.filter { !$0.signedBy.isEmpty && $0.signedBy != $0.preparedBy }.count
            return Loaded(summary: summary, filtered: filtered)
        }
    }

    @Test("the demo year has entities in every stage, and the summary matches the contexts' List methods")
    func everyStage() async throws {
        let loaded = try await Self.loadDemo()
        let s = loaded.summary
        let f = loaded.filtered

        // Needs: a closed round, assessments, reports in every end state of the year, joint applications, WARNs.
        #expect(s.needsRounds == ["closed": 1])
        #expect(s.needsAssessments >= 20)
        for status in ["draft", "returned", "withdrawn", "fundedAsRequested", "fundedOtherThanRequested", "rejected"] {
            #expect((s.needsReports[status] ?? 0) > 0, "no needs report is \(status)")
        }
        for (status, count) in s.needsReports { #expect(f["report.\(status)"] == count, "needs reports \(status)") }
        #expect(s.needsReports.values.reduce(0, +) == 21)
        #expect(s.jointReports >= 3)
        #expect(s.reportsWithWarnings > 0)
        #expect(s.decisionBases == 3)
        // WARNs the story provokes: broad-only themes, a course series, low-frequency themes, weak PPT involvement.
        for rule in ["NEED-R3", "NEED-R7", "NEED-R8", "NEED-R9", "NEED-R13", "PART-R12"] {
            #expect((s.warningsByRule[rule] ?? 0) > 0, "no \(rule) warning")
        }

        // Allocation: a decided recommendation, four-eyes decisions of every outcome, grants along the chain.
        #expect(s.recommendations == ["decided": 1])
        #expect(s.recommendationLines == s.grantDecisions.values.reduce(0, +))
        for outcome in ["approved", "partiallyApproved", "rejected"] {
            #expect((s.grantDecisions[outcome] ?? 0) > 0, "no decision is \(outcome)")
            #expect(f["decision.\(outcome)"] == s.grantDecisions[outcome])
        }
        #expect(f["decision.fourEyes"] == s.recommendationLines)
        for status in ["committed", "accepted", "disbursed", "reported"] {
            #expect((s.grants[status] ?? 0) > 0, "no grant is \(status)")
        }
        #expect(s.appeals == ["resolvedByGovernor": 1])
        for (status, count) in s.grants { #expect(f["grant.\(status)"] == count, "grants \(status)") }

        // Partnerships: signed (active), measures at every stage, a partnership report.
        #expect((s.partnerships["active"] ?? 0) > 0)
        for status in ["planned", "started", "inProgress", "completing", "completed", "aborted"] {
            #expect((s.measures[status] ?? 0) > 0, "no measure is \(status)")
            #expect(f["measure.\(status)"] == s.measures[status])
        }
        #expect(s.partnershipReports == ["accepted": 1])
        #expect(s.thirdPartyContributions == ["agreed": 1])

        // Referrals: every stage of §4.4, the exception path and two system requests.
        for status in [
            "draft", "submitted", "inTriage", "returned", "accepted", "assigned", "startupHeld", "inService", "closing",
            "closed",
            "declined", "withdrawn",
        ] {
            #expect((s.referrals[status] ?? 0) > 0, "no referral is \(status)")
            #expect(f["referral.\(status)"] == s.referrals[status])
        }
        #expect(s.referralsByKind["exceptionOpenedByStatped"] == 1)
        #expect(s.referralsByKind["system"] == 2)
        #expect(f["kind.system"] == 2)
        #expect(f["kind.individual"] == s.referralsByKind["individual"])
    }

    @Test("the demo year is deterministic: two loads give the same summary")
    func deterministic() async throws {
        let first = try await Self.loadDemo()
        let second = try await Self.loadDemo()
        #expect(first.summary == second.summary)
        #expect(first.filtered == second.filtered)
    }

    @Test("demo people are plainly fictitious and their national ids are valid D-numbers")
    func fictitiousPeople() throws {
        #expect(DemoPeople.childName(0) == "Testbarn Ein")
        #expect(DemoPeople.adviserName(1) == "Demo Rådgiver To")
        for serial in 0..<50 {
            let id = DemoPeople.dNumber(born: LocalDate(year: 2014, month: 3, day: 15), serial: serial)
            #expect(id.count == 11)
            #expect(id.hasPrefix("550314"))
            let digits = id.compactMap { Int(String($0)) }
            #expect(
                NationalIdentityNumber.checkDigits(for: Array(digits.prefix(9))).map { [$0.0, $0.1] }
                    == Array(digits.suffix(2))
            )
        }
    }
}
