import KSICore
import KSITestSupport
import Testing

@Suite("Partnerships: annual report state machine")
struct PartnershipReportStateMachineTests {
    typealias Command = PartnershipReportStateMachine.Command

    /// DOMAIN.md §4.2 (draft → submitted → returned | accepted); editing keeps draft or returned.
    static let allowed: [(Command, PartnershipReportStatus, PartnershipReportStatus, PartnershipActor)] = [
        (.createPartnershipReport, .unspecified, .draft, .ownerAdmin),
        (.createPartnershipReport, .unspecified, .draft, .uhContact),
        (.updatePartnershipReport, .draft, .draft, .ownerAdmin),
        (.updatePartnershipReport, .draft, .draft, .uhContact),
        (.updatePartnershipReport, .returned, .returned, .ownerAdmin),
        (.updatePartnershipReport, .returned, .returned, .uhContact),
        (.submitPartnershipReport, .draft, .submitted, .ownerAdmin),
        (.submitPartnershipReport, .draft, .submitted, .uhContact),
        (.submitPartnershipReport, .returned, .submitted, .ownerAdmin),
        (.submitPartnershipReport, .returned, .submitted, .uhContact),
        (.returnPartnershipReport, .submitted, .returned, .sfCaseworker),
        (.acceptPartnershipReport, .submitted, .accepted, .sfCaseworker),
    ]

    @Test("every allowed transition is allowed for its role", arguments: allowed.indices)
    func allowedTransition(index: Int) throws {
        let (command, from, to, actor) = Self.allowed[index]
        #expect(try PartnershipReportStateMachine.transition(command, from: from, by: [actor]).to == to)
    }

    @Test("every other state, command and role is rejected", arguments: partnershipSweep(allowed: allowed))
    func rejected(_ sweep: PartnershipSweepCase<PartnershipReportStatus, Command>) {
        #expect(throws: DomainError.self) {
            _ = try PartnershipReportStateMachine.transition(sweep.command, from: sweep.status, by: [sweep.actor])
        }
    }

    @Test("a report is created, submitted, returned, resubmitted and accepted through the context")
    func throughContext() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            var report = try await bed.partnerships.reports.createPartnershipReport(
                CreatePartnershipReportRequest.with {
                    $0.partnershipId = partnership.id
                    $0.year = 2025
                    $0.content = PartnershipFixtures.reportContent()
                },
                as: PartnershipTestBed.uh
            )
            #expect(report.status == .draft)
            #expect(report.dueOn == LocalDate(year: 2026, month: 1, day: 31))
            report = try await bed.partnerships.reports.submitPartnershipReport(
                SubmitPartnershipReportRequest.with {
                    $0.partnershipReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: PartnershipTestBed.owner
            )
            #expect(report.status == .submitted)
            report = try await bed.partnerships.reports.returnPartnershipReport(
                ReturnPartnershipReportRequest.with {
                    $0.partnershipReportId = report.id
                    $0.expectedVersion = report.version
                    $0.reason = "add the funds used by UH"
                },
                as: PartnershipTestBed.sf
            )
            #expect(report.status == .returned)
            report = try await bed.partnerships.reports.updatePartnershipReport(
                UpdatePartnershipReportRequest.with {
                    $0.partnershipReportId = report.id
                    $0.expectedVersion = report.version
                    $0.content = PartnershipFixtures.reportContent()
                },
                as: PartnershipTestBed.owner
            )
            #expect(report.status == .returned)
            report = try await bed.partnerships.reports.submitPartnershipReport(
                SubmitPartnershipReportRequest.with {
                    $0.partnershipReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: PartnershipTestBed.uh
            )
            let submitted = report
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.partnerships.reports.acceptPartnershipReport(
                    AcceptPartnershipReportRequest.with {
                        $0.partnershipReportId = submitted.id
                        $0.expectedVersion = submitted.version
                    },
                    as: TestRegion.caller(.otherSfCaseworker)
                )
            }
            report = try await bed.partnerships.reports.acceptPartnershipReport(
                AcceptPartnershipReportRequest.with {
                    $0.partnershipReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: PartnershipTestBed.sf
            )
            #expect(report.status == .accepted)
            #expect(try await bed.events(PartnershipEventType.partnershipReportSubmitted).count == 2)
            #expect(try await bed.events(PartnershipEventType.partnershipReportAccepted).map(\.reportYear) == [2025])
        }
    }
}

@Suite("Partnerships: conflict case state machine")
struct ConflictCaseStateMachineTests {
    typealias Command = ConflictCaseStateMachine.Command

    /// DOMAIN.md §4.2 (open / mediation / resolved / leadsToTermination); who is PD (docs/partnerships.md).
    static let allowed: [(Command, ConflictCaseStatus, ConflictCaseStatus, PartnershipActor)] = [
        (.raiseConflictCase, .unspecified, .open, .ownerAdmin),
        (.raiseConflictCase, .unspecified, .open, .uhContact),
        (.raiseConflictCase, .unspecified, .open, .sfCaseworker),
        (.startMediation, .open, .mediation, .sfCaseworker),
        (.resolveConflictCase, .open, .resolved, .sfCaseworker),
        (.resolveConflictCase, .open, .resolved, .ownerAdmin),
        (.resolveConflictCase, .open, .resolved, .uhContact),
        (.resolveConflictCase, .mediation, .resolved, .sfCaseworker),
        (.resolveConflictCase, .mediation, .resolved, .ownerAdmin),
        (.resolveConflictCase, .mediation, .resolved, .uhContact),
        (.concludeConflictCaseWithTermination, .mediation, .leadsToTermination, .sfCaseworker),
    ]

    @Test("every allowed transition is allowed for its role", arguments: allowed.indices)
    func allowedTransition(index: Int) throws {
        let (command, from, to, actor) = Self.allowed[index]
        #expect(try ConflictCaseStateMachine.transition(command, from: from, by: [actor]).to == to)
    }

    @Test("every other state, command and role is rejected", arguments: partnershipSweep(allowed: allowed))
    func rejected(_ sweep: PartnershipSweepCase<ConflictCaseStatus, Command>) {
        #expect(throws: DomainError.self) {
            _ = try ConflictCaseStateMachine.transition(sweep.command, from: sweep.status, by: [sweep.actor])
        }
    }

    @Test("a conflict is raised, mediated and resolved through the context")
    func throughContext() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            var conflict = try await bed.partnerships.conflicts.raiseConflictCase(
                RaiseConflictCaseRequest.with {
                    $0.partnershipId = partnership.id
                    $0.description = "Disagreement on UH hours"
                },
                as: PartnershipTestBed.uh
            )
            #expect(conflict.status == .open)
            conflict = try await bed.partnerships.conflicts.startMediation(
                StartMediationRequest.with {
                    $0.conflictCaseId = conflict.id
                    $0.expectedVersion = conflict.version
                },
                as: PartnershipTestBed.sf
            )
            #expect(conflict.status == .mediation)
            conflict = try await bed.partnerships.conflicts.resolveConflictCase(
                ResolveConflictCaseRequest.with {
                    $0.conflictCaseId = conflict.id
                    $0.expectedVersion = conflict.version
                    $0.resolution = "Hours redistributed"
                },
                as: PartnershipTestBed.owner
            )
            #expect(conflict.status == .resolved)
            let read = try await bed.partnerships.queries.getPartnership(
                GetPartnershipRequest.with { $0.id = partnership.id },
                as: PartnershipTestBed.owner
            )
            #expect(read.conflictCases.map(\.status) == [.resolved])
        }
    }
}

@Suite("Partnerships: third-party contribution state machine")
struct ThirdPartyContributionStateMachineTests {
    typealias Command = ThirdPartyContributionStateMachine.Command

    /// DOMAIN.md §4.2 (requested | agreed | delivered | declined); who is PD (docs/partnerships.md).
    static let allowed: [(Command, ThirdPartyContributionStatus, ThirdPartyContributionStatus, PartnershipActor)] = {
        var rows: [(Command, ThirdPartyContributionStatus, ThirdPartyContributionStatus, PartnershipActor)] = [
            (.requestThirdPartyContribution, .unspecified, .requested, .uhContact),
            (.requestThirdPartyContribution, .unspecified, .requested, .ownerAdmin),
        ]
        for actor in [PartnershipActor.uhContact, .ownerAdmin, .statped] {
            rows.append((.agreeThirdPartyContribution, .requested, .agreed, actor))
            rows.append((.deliverThirdPartyContribution, .agreed, .delivered, actor))
            rows.append((.declineThirdPartyContribution, .requested, .declined, actor))
            rows.append((.declineThirdPartyContribution, .agreed, .declined, actor))
        }
        return rows
    }()

    @Test("every allowed transition is allowed for its role", arguments: allowed.indices)
    func allowedTransition(index: Int) throws {
        let (command, from, to, actor) = Self.allowed[index]
        #expect(try ThirdPartyContributionStateMachine.transition(command, from: from, by: [actor]).to == to)
    }

    @Test("every other state, command and role is rejected", arguments: partnershipSweep(allowed: allowed))
    func rejected(_ sweep: PartnershipSweepCase<ThirdPartyContributionStatus, Command>) {
        #expect(throws: DomainError.self) {
            _ = try ThirdPartyContributionStateMachine.transition(sweep.command, from: sweep.status, by: [sweep.actor])
        }
    }

    @Test("UH requests Statped, Statped agrees and delivers, through the context")
    func throughContext() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            var contribution = try await bed.partnerships.thirdParties.requestThirdPartyContribution(
                RequestThirdPartyContributionRequest.with {
                    $0.partnershipId = partnership.id
                    $0.provider = .statped
                    $0.requestedByUhId = TestRegion.uia
                    $0.amountOre = 5_000_000
                    $0.description = "Competence on AAC"
                },
                as: PartnershipTestBed.uh
            )
            #expect(contribution.status == .requested)
            contribution = try await bed.partnerships.thirdParties.agreeThirdPartyContribution(
                AgreeThirdPartyContributionRequest.with {
                    $0.thirdPartyContributionId = contribution.id
                    $0.expectedVersion = contribution.version
                },
                as: TestRegion.caller(.statpedManager)
            )
            #expect(contribution.status == .agreed)
            contribution = try await bed.partnerships.thirdParties.deliverThirdPartyContribution(
                DeliverThirdPartyContributionRequest.with {
                    $0.thirdPartyContributionId = contribution.id
                    $0.expectedVersion = contribution.version
                },
                as: PartnershipTestBed.uh
            )
            #expect(contribution.status == .delivered)
            let events = try await bed.events(PartnershipEventType.thirdPartyContributionRequested)
            #expect(events.map(\.amountOre) == [5_000_000])
            #expect(events.first?.provider == .statped)
            let declined = try await bed.partnerships.thirdParties.requestThirdPartyContribution(
                RequestThirdPartyContributionRequest.with {
                    $0.partnershipId = partnership.id
                    $0.provider = .sead
                    $0.requestedByUhId = TestRegion.uia
                    $0.amountOre = 1_000_000
                },
                as: PartnershipTestBed.uh
            )
            let result = try await bed.partnerships.thirdParties.declineThirdPartyContribution(
                DeclineThirdPartyContributionRequest.with {
                    $0.thirdPartyContributionId = declined.id
                    $0.expectedVersion = declined.version
                    $0.reason = "No capacity"
                },
                as: TestRegion.caller(.statpedManager)
            )
            #expect(result.status == .declined)
        }
    }
}
