import Foundation
import KSICore
import KSITestSupport
import SQLKit
import Testing

/// Issue 12: the case-handling free texts that can hold health data are sealed at rest (PRIV-R2) on
/// both engines, opened only for the readers the §7 matrix allows, and purged with the rest (PRIV-R10).
@Suite("Referral case texts sealed at rest; retention of ended cases (PRIV-R2, PRIV-R10)")
struct ReferralCaseTextSealingTests {
    typealias H = ReferralHarness

    /// Distinctive texts, one per sealed field, that a raw-bytes search can look for.
    enum Text {
        static let returnReason = "Mangler audiogram-RETURNTEXT"
        static let acceptReason = "Tydelig behov for hoerselsstotte-ACCEPTTEXT"
        static let assignmentNote = "Kjent diagnose CI-ASSIGNTEXT"
        static let startupNote = "Foreldre bekymret for epilepsi-STARTUPTEXT"
        static let goal = "Eleven bruker tegnspråk-GOALTEXT"
        static let task = "PPT følger opp hørselstap-TASKTEXT"
        static let withdrawalReason = "Familien flytter, barnet innlagt-WITHDRAWTEXT"
        static let declineReason = "Diagnose utenfor mandat-DECLINETEXT"
        static let redirectNote = "Kontakt BUP om angst-REDIRECTTEXT"
        static let all = [
            returnReason, acceptReason, assignmentNote, startupNote, goal, task, withdrawalReason, declineReason,
            redirectNote,
        ]
    }

    static func rid() -> String { UUID().uuidString }

    /// Drives three referrals so that every sealed case text is written: one returned, resubmitted,
    /// accepted, assigned, started and planned; one withdrawn after submission; one declined.
    static func writeEveryText(_ h: H) async throws -> (served: Referral, withdrawn: Referral, declined: Referral) {
        let referrals = h.referrals
        var r = try await h.startTriage(try await h.submit(try await h.draft()))
        r = try await referrals.intake.returnReferralForCompletion(
            ReturnReferralForCompletionRequest.with {
                $0.requestId = rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.reason = Text.returnReason
            },
            as: H.intake
        )
        r = try await h.startTriage(try await h.submit(r))
        r = try await referrals.intake.acceptReferral(
            AcceptReferralRequest.with {
                $0.requestId = rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.reason = Text.acceptReason
            },
            as: H.intake
        )
        r = try await referrals.service.assignReferral(
            AssignReferralRequest.with {
                $0.requestId = rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.divisionId = ReferralFixtures.divisionCompulsory
                $0.locationId = ReferralFixtures.locationKristiansand
                $0.adviserIds = [ReferralFixtures.adviserPerson]
                $0.reason = .competence
                $0.note = Text.assignmentNote
            },
            as: H.manager
        )
        r = try await referrals.service.recordStartupMeeting(
            RecordStartupMeetingRequest.with {
                $0.requestId = rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.heldOn = h.time.today()
                $0.physical = true
                $0.note = Text.startupNote
            },
            as: H.adviser
        )
        r = try await h.recordConsent(r)
        var plan = ReferralFixtures.plan(r, from: h.time.today())
        plan.goals = [Text.goal]
        plan.responsibilities = [
            PlanResponsibility.with {
                $0.party = .ppt
                $0.task = Text.task
            },
            PlanResponsibility.with {
                $0.party = .statped
                $0.task = "Statped veileder"
            },
        ]
        r = try await referrals.service.proposeCollaborationPlan(plan, as: H.adviser)
        r = try await h.agree(r, party: .statped)
        r = try await h.agree(r, party: .ppt)

        var w = try await h.submit(try await h.draft())
        w = try await referrals.intake.withdrawReferral(
            WithdrawReferralRequest.with {
                $0.requestId = rid()
                $0.referralId = w.id
                $0.expectedVersion = w.version
                $0.reason = Text.withdrawalReason
            },
            as: H.pptLeader
        )

        var d = try await h.startTriage(try await h.submit(try await h.draft()))
        d = try await referrals.intake.declineReferral(
            DeclineReferralRequest.with {
                $0.requestId = rid()
                $0.referralId = d.id
                $0.expectedVersion = d.version
                $0.declineReason = .outsideMandate
                $0.reason = Text.declineReason
                $0.redirect = TriageRedirect.with {
                    $0.target = .uh
                    $0.note = Text.redirectNote
                }
            },
            as: H.intake
        )
        return (r, w, d)
    }

    /// Every byte the referral database holds in the tables a person's data could reach.
    static func rawBytes(_ database: KSIDatabase) async throws -> Data {
        try await database.read { sql in
            var all = Data()
            for (table, column) in [("entities", "body"), ("events", "payload"), ("idempotency", "response")] {
                for row in try await sql.raw("SELECT \(unsafeRaw: column) AS value FROM \(unsafeRaw: table)").all() {
                    all.append(try row.decode(column: "value", as: Data.self))
                }
            }
            for (table, column) in [("audit_log", "reason"), ("access_log", "purpose")] {
                for row in try await sql.raw("SELECT \(unsafeRaw: column) AS value FROM \(unsafeRaw: table)").all() {
                    all.append(Data((try row.decode(column: "value", as: String?.self) ?? "").utf8))
                }
            }
            return all
        }
    }

    @Test(
        "PRIV-R2 the case texts are not in clear in any stored row, on SQLite and PostgreSQL",
        arguments: TestDatabase.Engine.allCases
    )
    func sealedAtRest(engine: TestDatabase.Engine) async throws {
        try await H.with(engine: engine) { h in
            let written = try await Self.writeEveryText(h)
            let raw = try await Self.rawBytes(h.database)
            #expect(raw.count > 1000)  // the rows were read
            for text in Text.all {
                #expect(raw.range(of: Data(text.utf8)) == nil, "clear text at rest: \(text)")
                // A distinctive part too, in case a field were stored truncated.
                let marker = String(text.split(separator: "-").last!)
                #expect(raw.range(of: Data(marker.utf8)) == nil, "marker at rest: \(marker)")
            }
            // The allowed readers get them back in clear.
            let served = try await h.referrals.records.getReferral(
                GetReferralRequest.with { $0.id = written.served.id },
                as: H.adviser
            )
            #expect(served.returnReason == Text.returnReason)
            #expect(served.triage?.reason == Text.acceptReason)
            #expect(served.assignment?.note == Text.assignmentNote)
            #expect(served.startupMeeting?.note == Text.startupNote)
            #expect(served.collaborationPlan?.goals == [Text.goal])
            #expect(served.collaborationPlan?.responsibilities.first?.task == Text.task)
            let withdrawn = try await h.referrals.records.getReferral(
                GetReferralRequest.with { $0.id = written.withdrawn.id },
                as: H.pptLeader
            )
            #expect(withdrawn.withdrawalReason == Text.withdrawalReason)
            let declined = try await h.referrals.records.getReferral(
                GetReferralRequest.with { $0.id = written.declined.id },
                as: H.intake
            )
            #expect(declined.triage?.reason == Text.declineReason)
            #expect(declined.triage?.redirect?.note == Text.redirectNote)
            #expect(declined.triage?.by == TestRegion.personId(.statpedIntake))
            // The manager's metadata view carries none of them.
            let managerView = Data(
                try await h.referrals.records.getReferral(
                    GetReferralRequest.with { $0.id = written.served.id },
                    as: H.manager
                )
                .wireEncoded()
            )
            for text in Text.all { #expect(managerView.range(of: Data(text.utf8)) == nil) }
            // Write responses (remembered for retries) carry none either.
            for response in [written.served, written.withdrawn, written.declined] {
                let bytes = Data(try response.wireEncoded())
                for text in Text.all { #expect(bytes.range(of: Data(text.utf8)) == nil) }
            }
        }
    }

    @Test("PRIV-R2 an extension keeps the plan's texts readable under the new plan version")
    func extensionCarriesPlanTexts() async throws {
        try await H.with { h in
            let closing = try await h.referral(in: .closing)
            let before = try await h.referrals.records.getReferral(
                GetReferralRequest.with { $0.id = closing.id },
                as: H.adviser
            )
            let goals = try #require(before.collaborationPlan?.goals)
            let evaluation = try #require(before.evaluations.last)
            let extended = try await h.referrals.service.extendService(
                ExtendServiceRequest.with {
                    $0.requestId = Self.rid()
                    $0.referralId = closing.id
                    $0.expectedVersion = closing.version
                    $0.party = .statped
                    $0.evaluationId = evaluation.id
                    $0.newValidTo = (before.collaborationPlan?.validTo ?? h.time.today()).adding(days: 90)
                    $0.reason = "Trenger mer tid-EXTENDTEXT"
                },
                as: H.adviser
            )
            let after = try await h.referrals.records.getReferral(
                GetReferralRequest.with { $0.id = extended.id },
                as: H.ppt
            )
            #expect(after.collaborationPlan?.goals == goals)
            #expect(after.collaborationPlan?.planVersion == (before.collaborationPlan?.planVersion ?? 0) + 1)
            #expect(after.collaborationPlanHistory.last?.goals == goals)
            #expect(after.extensions.last?.reason == "Trenger mer tid-EXTENDTEXT")
            let raw = try await Self.rawBytes(h.database)
            #expect(raw.range(of: Data("EXTENDTEXT".utf8)) == nil)
        }
    }

    @Test(
        "PRIV-R2 a case text stored in clear before sealing existed still opens, and is sealed when the field is written again"
    )
    func legacyClearTextOpens() async throws {
        try await H.with { h in
            let triaged = try await h.startTriage(try await h.submit(try await h.draft()))
            let legacy = "Gammel klartekst-LEGACYTEXT"
            try await h.database.transaction { sql in
                let store = StoreTransaction(sql: sql, context: ReferralContext.contextName)
                var stored = try await store.require(Referral.self, id: triaged.id, what: "referral")
                stored.triage = Triage.with {
                    $0.decision = .unspecified
                    $0.reason = legacy
                }
                _ = try await store.update(stored, at: h.time.nowMillis())
            }
            let read = try await h.referrals.records.getReferral(
                GetReferralRequest.with { $0.id = triaged.id },
                as: H.intake
            )
            #expect(read.triage?.reason == legacy)
            _ = try await h.referrals.intake.acceptReferral(
                AcceptReferralRequest.with {
                    $0.requestId = Self.rid()
                    $0.referralId = read.id
                    $0.expectedVersion = read.version
                    $0.reason = legacy
                },
                as: H.intake
            )
            let raw = try await Self.rawBytes(h.database)
            #expect(raw.range(of: Data("LEGACYTEXT".utf8)) == nil)
        }
    }

    @Test(
        "PRIV-R10 retention purges declined and withdrawn referrals from their end date; milestones stay",
        arguments: TestDatabase.Engine.allCases
    )
    func retentionCoversDeclinedAndWithdrawn(engine: TestDatabase.Engine) async throws {
        try await H.with(engine: engine) { h in
            let written = try await Self.writeEveryText(h)
            let withdrawnDraft = try await h.referral(in: .withdrawn)  // withdrawn before submission
            let endedOn = h.time.today()
            let milestones = try await h.referrals.records.listReferralMilestones(
                ListReferralMilestonesRequest(),
                as: .system("gateway")
            ).events
            // Day five years on: still kept; the day after: purged. The running case is never purged.
            #expect(try await h.referrals.records.purgeExpired(asOf: endedOn.adding(years: 5)) == 0)
            h.time.set(endedOn.adding(years: 5).adding(days: 1))
            #expect(try await h.referrals.records.purgeExpired(asOf: h.time.today()) == 3)
            for ended in [written.withdrawn, written.declined, withdrawnDraft] {
                let record = try await h.referrals.records.getReferral(
                    GetReferralRequest.with { $0.id = ended.id },
                    as: H.pptLeader
                )
                #expect(record.child?.name == "")
                #expect(record.child?.childRef == ended.child?.childRef)
                #expect(record.guardians.isEmpty)
                #expect(record.needDescription == "")
                #expect(record.withdrawalReason == "")
                #expect(record.triage?.reason ?? "" == "")
                #expect(record.status == ended.status)
                #expect(record.warnings.map(\.ruleId) == ["PRIV-R10"])
            }
            let running = try await h.referrals.records.getReferral(
                GetReferralRequest.with { $0.id = written.served.id },
                as: H.adviser
            )
            #expect(running.child?.name == ReferralFixtures.childName)
            let raw = try await Self.rawBytes(h.database)
            for sealedIdentity in [written.withdrawn, written.declined, withdrawnDraft].compactMap({
                $0.child?.childRef
            }) {
                #expect(raw.range(of: Data(sealedIdentity.utf8)) != nil)  // the pseudonym stays
            }
            let after = try await h.referrals.records.listReferralMilestones(
                ListReferralMilestonesRequest(),
                as: .system("gateway")
            ).events
            #expect(after == milestones)
            #expect(try await h.referrals.records.purgeExpired(asOf: h.time.today()) == 0)
        }
    }
}
