import Foundation
import KSICore

/// One run of the demo year (see `DemoYear`): the steps in date order, each a command on a context.
final class DemoYearRun: @unchecked Sendable {
    let needs: NeedsServiceRouter
    let partnerships: PartnershipServiceRouter
    let allocation: AllocationServiceRouter
    let referral: ReferralServiceRouter
    let reference: ReferenceData
    let time: FixedTimeSource
    let progress: DemoYear.Progress
    let actors: DemoActors
    let settle: @Sendable () async throws -> Void
    let ids = DemoRequestIds(prefix: "demo")
    var random = DemoRandom(seed: 20_250_101)
    let office = DemoRegion.governorOfficeId
    let year = DemoYear.year

    // State carried between steps.
    var round = NeedsRound()
    var reports: [Int: NeedsReport] = [:]  // by application index
    var partnershipIds: [Int: String] = [:]
    var recommendation = Recommendation()
    var referrals: [Int: Referral] = [:]  // by referral target index
    var exceptionCase = Referral()
    var stepsDone = 0
    static let totalSteps = 31

    init(
        needs: NeedsServiceRouter,
        partnerships: PartnershipServiceRouter,
        allocation: AllocationServiceRouter,
        referral: ReferralServiceRouter,
        reference: ReferenceData,
        time: FixedTimeSource,
        settle: @escaping @Sendable () async throws -> Void,
        progress: @escaping DemoYear.Progress
    ) throws {
        self.needs = needs
        self.partnerships = partnerships
        self.allocation = allocation
        self.referral = referral
        self.reference = reference
        self.time = time
        self.progress = progress
        self.actors = try DemoActors(reference: reference, date: LocalDate(year: 2025, month: 1, day: 2))
        self.settle = settle
    }

    func rid() -> String { ids.next() }

    /// Sets the clock and reports the step.
    func step(_ name: String, _ month: Int32, _ day: Int32, year: Int32 = DemoYear.year) {
        time.set(LocalDate(year: year, month: month, day: day))
        stepsDone += 1
        progress(name, stepsDone, Self.totalSteps)
    }

    var apps: [DemoApplication] { DemoYearPlan.applications }

    func load() async throws {
        step("policy, budget and forum", 1, 6)
        try await configure()
        step("needs round opened", 1, 10)
        try await openRound()
        step("needs assessments and draft reports", 1, 20)
        try await draftReports()
        step("referral drafts", 2, 3)
        try await referralDrafts()
        step("reports submitted", 2, 10)
        try await submitReports()
        step("returned report resubmitted", 2, 12)
        try await resubmit()
        step("late report submitted within an extension", 2, 16)
        try await lateSubmission()
        step("needs round closed", 2, 17)
        round = try await needs.closeNeedsRound(
            .with {
                $0.requestId = rid()
                $0.needsRoundId = round.id
                $0.expectedVersion = round.version
            },
            as: actors.caseworker
        )
        step("reports routed to the networks", 2, 18)
        try await routeReports()
        step("referral triage", 2, 20)
        try await referralTriage()
        step("networks prioritise", 2, 24)
        try await prioritise()
        step("partnerships signed", 2, 26)
        try await createPartnerships()
        step("recommendation drafted", 3, 3)
        try await draftRecommendation()
        try await referralAccept()
        step("recommendation adopted", 3, 5)
        try await adoptAndSubmit()
        step("decisions prepared and signed", 3, 10)
        try await decide()
        try await referralAssign()
        step("startup meetings", 3, 17)
        try await referralStartup()
        step("commitment letters; an appeal lodged", 3, 20)
        try await commitGrants()
        try await lodgeAppeal()
        step("grants accepted", 4, 1)
        try await acceptGrants()
        step("first disbursements and collaboration plans", 4, 10)
        try await disburse()
        try await referralPlans()
        step("measures planned", 4, 15)
        try await createMeasures()
        step("T1 logged", 5, 5)
        try await checkpoint(.t1, minimum: .started)
        step("measure aborted with notice", 6, 10)
        try await abortMeasures()
        step("T2 logged, practice changes, partnership meetings", 9, 15)
        try await checkpoint(.t2, minimum: .inProgress)
        try await recordMeetings()
        step("referrals start closing", 10, 1)
        try await referralClosing()
        step("T3 logged; referrals closed or extended", 11, 3)
        try await checkpoint(.t3, minimum: .completing)
        try await referralClose()
        try await referralExtend()
        step("system requests", 11, 10)
        try await systemRequests()
        step("measures evaluated and completed", 12, 1)
        try await completeMeasures()
        step("partnership report", 1, 15, year: DemoYear.year + 1)
        try await partnershipReport()
        try await settle()
        stepsDone = Self.totalSteps
        progress("done", stepsDone, Self.totalSteps)
    }

    // MARK: Policy, budget, forum

    func configure() async throws {
        var policy = BuiltInPolicy.governor(governorOfficeId: office, year: year, scheme: .ksi)
        policy.submissionDeadline = LocalDate(year: 2025, month: 2, day: 14)
        policy.recommendationDeadline = LocalDate(year: 2025, month: 3, day: 15)
        policy.reportDeadline = LocalDate(year: 2026, month: 1, day: 31)
        _ = try await allocation.setPolicyConfig(
            .with {
                $0.requestId = rid()
                $0.governorPolicy = policy
            },
            as: actors.caseworker
        )
        _ = try await allocation.setNationalBudget(
            .with {
                $0.requestId = rid()
                $0.scheme = .ksi
                $0.year = year
                $0.amountOre = DemoYear.nationalBudgetOre
            },
            as: actors.udir
        )
        let frame = try await allocation.setRegionalFrame(
            .with {
                $0.requestId = rid()
                $0.governorOfficeId = office
                $0.scheme = .ksi
                $0.year = year
                $0.amountOre = DemoYear.frameOre
            },
            as: actors.udir
        )
        _ = try await allocation.publishRegionalFrame(
            .with {
                $0.requestId = rid()
                $0.regionalFrameId = frame.id
                $0.expectedVersion = frame.version
            },
            as: actors.udir
        )
        func member(
            _ person: String,
            _ kind: OrganisationKind,
            _ org: String = "",
            observer: Bool = false
        ) -> ForumMember {
            ForumMember.with {
                $0.personId = person
                $0.organisationKind = kind
                $0.orgId = org
                $0.isObserver = observer
                $0.hasVote = !observer
                $0.speakingRights = true
            }
        }
        // The three competence networks (the bodies that prioritise; the registry's coordinator grants name them).
        for network in DemoRegion.networks {
            _ = try await allocation.createCompetenceNetwork(
                .with {
                    $0.requestId = rid()
                    $0.content = CompetenceNetworkContent.with {
                        $0.governorOfficeId = office
                        $0.name = "Kompetansenettverk \(network) (demo)"
                        $0.municipalityIds = DemoRegion.kommuner.filter { $0.3 == network }.map(\.0)
                        $0.coordinatorPersonIds = ["demo-koordinator-\(network)"]
                    }
                },
                as: actors.caseworker
            )
        }
        _ = try await allocation.createCollaborationForum(
            .with {
                $0.requestId = rid()
                $0.content = CollaborationForumContent.with {
                    $0.governorOfficeId = office
                    $0.name = "Samarbeidsforum Agder (demo)"
                    $0.schemes = [.ksi]
                    $0.model = .dedicatedKsi
                    $0.members = [
                        member("demo-forum-kommune", .other, DemoRegion.ownerId("4224")),
                        member("demo-forum-privat", .other, "owner-private-4202"),
                        member("demo-forum-uh", .uh, "uia"),
                        member("demo-forum-ks", .ks),
                        member("demo-forum-pbl", .pbl),
                        member("demo-forum-laerer", .teacherUnion),
                        member("demo-forum-ppt", .ppt, DemoRegion.pptOfficeId("4204")),
                        member("demo-forum-statped", .statped, observer: true),
                    ]
                }
            },
            as: actors.caseworker
        )
    }

    // MARK: Needs

    func openRound() async throws {
        let planned = try await needs.createNeedsRound(
            .with {
                $0.requestId = rid()
                $0.governorOfficeId = office
                $0.scheme = .ksi
                $0.year = year
                $0.opensOn = LocalDate(year: 2025, month: 1, day: 10)
                $0.submissionDeadline = LocalDate(year: 2025, month: 2, day: 14)
            },
            as: actors.caseworker
        )
        round = try await needs.openNeedsRound(
            .with {
                $0.requestId = rid()
                $0.needsRoundId = planned.id
                $0.expectedVersion = planned.version
            },
            as: actors.caseworker
        )
    }

    func assessment(owner: String, units: [String], themes: [ThemeCode], index: Int) async throws -> NeedsAssessment {
        let conducted = LocalDate(year: 2024, month: Int32(9 + index % 3), day: Int32(2 + index % 20))
        let tools: [AssessmentTool] = [
            .statpedInclusionReflection, .pedagogicalAnalysis, .governorTemplate, .municipalTool, .selfAssessment,
        ]
        return try await needs.createNeedsAssessment(
            .with {
                $0.requestId = rid()
                $0.content = NeedsAssessmentContent.with {
                    $0.ownerId = owner
                    $0.unitIds = units
                    $0.conductedOn = conducted
                    $0.tool = tools[index % tools.count]
                    if $0.tool == .municipalTool { $0.toolDescription = "Kommunen sitt eige kartleggingsskjema (demo)" }
                    $0.staffInvolved = true
                    $0.staffInvolvementNote = "Alle tilsette deltok i to arbeidsøkter (demo)."
                    $0.pptInvolved = index % 4 != 3
                    $0.uhInvolved = index % 2 == 0
                    // Some assessments lack the union rep's consultation (NEED-R10 WARN).
                    if index % 5 != 4 { $0.unionRepConsultedOn = conducted }
                    $0.findings = "Kartlegginga viser behov innan \(themes.map(\.name).joined(separator: ", ")) (demo)."
                    $0.themes = themes
                }
            },
            as: try actors.owner(owner)
        )
    }

    /// A theme's bokmål name from the reference data (§3.7), never its code.
    func themeName(_ code: ThemeCode) -> String { reference.theme(code)?.name ?? "Kompetanseutvikling" }

    /// A report's bokmål title: its first theme and where the applicants are, e.g. «Autisme i Arendal, Froland og
    /// Tvedestrand (demo)» for a joint application (samlesøknad) or «Skolefravær – Agder fylkeskommune (demo)».
    func title(_ app: DemoApplication) -> String {
        func place(_ ownerId: String) -> String {
            guard let owner = reference.owner(ownerId) else { return ownerId }
            if owner.ownerType == .municipality {
                return reference.municipality(owner.municipalityId)?.name ?? owner.name
            }
            return owner.name.replacingOccurrences(of: " (demo)", with: "")
        }
        let places = ([app.lead] + app.coApplicants).map(place)
        let joined = places.count > 1 ? places.dropLast().joined(separator: ", ") + " og " + places.last! : places[0]
        let separator = reference.owner(app.lead)?.ownerType == .municipality ? " i " : " – "
        return "\(themeName(app.themes[0]))\(separator)\(joined) (demo)"
    }

    func draftReports() async throws {
        for (index, app) in apps.enumerated() {
            var assessmentIds: [String] = []
            let leadUnits = app.units.filter { unit in
                app.coApplicants.allSatisfy { !unit.hasPrefix("unit-\($0.dropFirst("owner-".count))-") }
            }
            assessmentIds.append(
                try await assessment(owner: app.lead, units: leadUnits, themes: app.themes, index: index).id
            )
            for co in app.coApplicants {
                let kommune = co.dropFirst("owner-".count)
                let units = app.units.filter { $0.hasPrefix("unit-\(kommune)-") }
                assessmentIds.append(
                    try await assessment(owner: co, units: units, themes: app.themes, index: index + 7).id
                )
            }
            let amount = (250_000 + random.next(upTo: 650) * 1_000) * 100
            let lowFrequency = app.themes.contains {
                [.hearing, .vision, .deafblindness, .aac, .acquiredBrainInjury, .signLanguage].contains($0)
            }
            let content = NeedsReportContent.with {
                $0.networkId = "network-\(app.network)"
                $0.title = title(app)
                $0.coApplicantOwnerIds = app.coApplicants
                $0.participatingUnitIds = app.units
                $0.sectors = app.sectors
                $0.themes = app.themes
                // Most reports cover the team around the child; every fourth forgets it (NEED-R9 WARN).
                $0.targetGroups =
                    index % 4 == 2 ? [.teachers, .leaders] : [.teachers, .pptStaff, .otherSupportServices]
                $0.assessmentIds = assessmentIds
                if index % 6 != 5 { $0.ownerPlanReference = "Kvalitetsplan for oppvekst 2024–2027 (demo)" }
                $0.uhPartnerIds = [app.uh]
                $0.uhContactedOn = LocalDate(year: 2024, month: 11, day: Int32(1 + index))
                $0.pptInvolvement = app.pptInvolvement
                $0.pptOfficeIds = [app.pptOffice]
                $0.statpedNeeded = lowFrequency
                if lowFrequency { $0.statpedNeededReason = "Lavfrekvent tema; Statped som tredjepart via UH (demo)." }
                $0.samiPerspective = app.kommune == "4215"
                $0.proposedMeasures =
                    [
                        ProposedMeasure.with {
                            $0.id = "proposed-\(index)-1"
                            $0.title = "Utviklingsarbeid: \(themeName(app.themes[0])) (demo)"
                            $0.themes = [app.themes[0]]
                            $0.formats =
                                app.courseOnly ? [.course, .webinar] : [.gathering, .workingGroup, .digitalFollowUp]
                            $0.practiceComponents =
                                app.courseOnly ? [] : [.guidance, .observationFeedback, .trialAndAdjustment]
                            $0.targetGroups = [.teachers]
                            $0.unitIds = app.units
                            $0.years = app.years
                        }
                    ]
                    + (app.themes.count > 1
                        ? [
                            ProposedMeasure.with {
                                $0.id = "proposed-\(index)-2"
                                $0.title = "Laget rundt barnet: \(themeName(app.themes[1])) (demo)"
                                $0.themes = [app.themes[1]]
                                $0.formats = [.network, .workingGroup]
                                $0.practiceComponents = [.guidance, .trialAndAdjustment]
                                $0.targetGroups = [.pptStaff, .multidisciplinaryTeam]
                                $0.unitIds = Array(app.units.prefix(2))
                                $0.years = app.years
                            }
                        ] : [])
                $0.requestedAmountOre = amount
                $0.requestedYears = app.years
            }
            var report = try await needs.createNeedsReport(
                .with {
                    $0.requestId = rid()
                    $0.roundId = round.id
                    $0.leadOwnerId = app.lead
                    $0.content = content
                },
                as: try actors.owner(app.lead)
            )
            for co in app.coApplicants {
                report = try await needs.confirmCoApplication(
                    .with {
                        $0.requestId = rid()
                        $0.needsReportId = report.id
                        $0.expectedVersion = report.version
                        $0.ownerId = co
                    },
                    as: try actors.owner(co)
                )
            }
            reports[index] = report
        }
    }

    func submitReports() async throws {
        for (index, app) in apps.enumerated() {
            guard var report = reports[index] else { continue }
            let owner = try actors.owner(app.lead)
            switch app.fate {
            case .draft:
                continue
            case _ where app.late:
                continue
            case .withdrawn:
                report = try await needs.withdrawNeedsReport(
                    .with {
                        $0.requestId = rid()
                        $0.needsReportId = report.id
                        $0.expectedVersion = report.version
                        $0.reason = "Slått saman med nabokommunen sin søknad neste år (demo)."
                    },
                    as: owner
                )
            default:
                report = try await needs.submitNeedsReport(
                    .with {
                        $0.requestId = rid()
                        $0.needsReportId = report.id
                        $0.expectedVersion = report.version
                    },
                    as: owner
                )
                if app.fate == .returned || app.fate == .returnedAndResubmitted {
                    report = try await needs.returnNeedsReportForCompletion(
                        .with {
                            $0.requestId = rid()
                            $0.needsReportId = report.id
                            $0.expectedVersion = report.version
                            $0.reason = "Budsjettet manglar fordeling mellom eigar og UH (demo)."
                        },
                        as: actors.caseworker
                    )
                }
            }
            reports[index] = report
        }
    }

    func resubmit() async throws {
        for (index, app) in apps.enumerated() where app.fate == .returnedAndResubmitted {
            guard let report = reports[index] else { continue }
            reports[index] = try await needs.resubmitNeedsReport(
                .with {
                    $0.requestId = rid()
                    $0.needsReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: try actors.owner(app.lead)
            )
        }
    }

    func lateSubmission() async throws {
        for (index, app) in apps.enumerated() where app.late {
            guard var report = reports[index] else { continue }
            report = try await needs.recordDeadlineExtension(
                .with {
                    $0.requestId = rid()
                    $0.needsReportId = report.id
                    $0.expectedVersion = report.version
                    $0.extendedDeadline = LocalDate(year: 2025, month: 2, day: 17)
                    $0.reason = "Kommunestyret handsama planen først 13. februar (demo)."
                },
                as: actors.caseworker
            )
            reports[index] = try await needs.submitNeedsReport(
                .with {
                    $0.requestId = rid()
                    $0.needsReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: try actors.owner(app.lead)
            )
        }
    }

    func routeReports() async throws {
        for (index, app) in apps.enumerated() where app.submitted && app.fate != .returned {
            guard let report = reports[index] else { continue }
            reports[index] = try await needs.routeNeedsReport(
                .with {
                    $0.requestId = rid()
                    $0.needsReportId = report.id
                    $0.expectedVersion = report.version
                    $0.routingTarget = .network
                    $0.targetBodyId = "network-\(app.network)"
                },
                as: actors.caseworker
            )
        }
    }

    func prioritise() async throws {
        // the embete's org holds the networkCoordinator grants in the demo registry
        let coordinator = actors.caseworker
        for network in DemoRegion.networks {
            let members = apps.indices.filter {
                apps[$0].network == network && apps[$0].submitted && apps[$0].fate != .returned
            }
            guard !members.isEmpty else { continue }
            let basis = try await needs.createDecisionBasis(
                .with {
                    $0.requestId = rid()
                    $0.roundId = round.id
                    $0.networkId = "network-\(network)"
                    $0.comments = "Prioritert i nettverksmøte (demo)."
                },
                as: coordinator
            )
            var rank: Int32 = 0
            for index in members {
                guard let report = reports[index] else { continue }
                let prioritised = apps[index].fate != .notPrioritised
                if prioritised { rank += 1 }
                reports[index] = try await needs.prioritiseNeedsReport(
                    .with {
                        $0.requestId = rid()
                        $0.needsReportId = report.id
                        $0.expectedVersion = report.version
                        $0.decisionBasisId = basis.id
                        $0.prioritised = prioritised
                        $0.rank = prioritised ? rank : 0

                    },
                    as: coordinator
                )
            }
        }
    }

    // MARK: Partnerships

    func createPartnerships() async throws {
        for (index, app) in apps.enumerated() where app.funded {
            let owner = try actors.owner(app.lead)
            var partnership = try await partnerships.createPartnership(
                .with {
                    $0.requestId = rid()
                    $0.content = PartnershipContent.with {
                        $0.scheme = .ksi
                        $0.governorOfficeId = office
                        $0.name = "Partnerskap: \(reports[index]?.title ?? title(app))"
                        $0.ownerIds = [app.lead] + app.coApplicants
                        $0.uhInstitutionIds = [app.uh]
                        $0.pptOfficeIds = [app.pptOffice]
                        $0.validFrom = LocalDate(year: 2025, month: 3, day: 1)
                        $0.validTo = LocalDate(year: 2025 + Int32(app.years), month: 2, day: 28)
                        $0.expectations = PartnershipExpectations.with {
                            $0.what = "Kollektiv kompetanseutvikling i einingane (demo)"
                            $0.how = "Rettleiing, observasjon og utprøving i einingane (demo)"
                            $0.uhHours = Int32(200 + index * 20)
                            $0.ownerHours = Int32(300 + index * 20)
                        }
                        $0.meetingPlan = PartnershipMeetingPlan.with { $0.plannedPerHalfYear = 2 }
                    }
                },
                as: owner
            )
            partnership = try await partnerships.signAgreement(
                .with {
                    $0.requestId = rid()
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.party = .owner
                },
                as: owner
            )
            partnership = try await partnerships.signAgreement(
                .with {
                    $0.requestId = rid()
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.party = .uh
                },
                as: try actors.uh(app.uh)
            )
            // PART-R12: contacts and a coordinator; every fourth partnership has no deputy coordinator (WARN).
            let roles: [(PartnershipRole, Caller)] = [
                (.ownerContact, owner), (.coordinator, owner), (.uhContact, try actors.uh(app.uh)),
            ]
            for (role, caller) in roles {
                partnership = try await partnerships.assignPartnershipRole(
                    .with {
                        $0.requestId = rid()
                        $0.partnershipId = partnership.id
                        $0.expectedVersion = partnership.version
                        $0.role = role
                        $0.personId = "demo-\(role.name)-\(index)"
                        if role != .coordinator || index % 4 != 0 {
                            $0.deputyPersonId = "demo-\(role.name)-vara-\(index)"
                        }
                        $0.from = time.today()
                    },
                    as: caller
                )
            }
            partnershipIds[index] = partnership.id
        }
    }

    /// The fixed meeting between owner leadership, PPT and UH (one per half-year so far).
    func recordMeetings() async throws {
        for (index, app) in apps.enumerated() {
            guard let id = partnershipIds[index] else { continue }
            let partnership = try await partnerships.getPartnership(.with { $0.id = id }, as: actors.caseworker)
            _ = try await partnerships.recordMeeting(
                .with {
                    $0.requestId = rid()
                    $0.partnershipId = id
                    $0.expectedVersion = partnership.version
                    $0.plannedOn = time.today()
                    $0.heldOn = time.today()
                    $0.ownerLeadershipPresent = true
                    $0.pptPresent = index % 3 != 1
                    $0.uhPresent = true
                    $0.minutesRef = "Referat partnarskapsmøte \(index) (demo)"
                },
                as: try actors.owner(app.lead)
            )
        }
    }

    // MARK: Recommendation and decisions

    func draftRecommendation() async throws {
        let forumId =
            try await allocation.listCollaborationForums(.with { $0.governorOfficeId = office }, as: actors.caseworker)
            .items.first?.id ?? ""
        recommendation = try await allocation.createRecommendation(
            .with {
                $0.requestId = rid()
                $0.roundId = round.id
                $0.governorOfficeId = office
                $0.scheme = .ksi
                $0.year = year
                $0.forumId = forumId
                $0.author = .forum
            },
            as: actors.caseworker
        )
        for (index, app) in apps.enumerated() where app.hasLine {
            guard let report = reports[index] else { continue }
            let amount = report.requestedAmountOre
            recommendation = try await allocation.addRecommendationLine(
                .with {
                    $0.requestId = rid()
                    $0.recommendationId = recommendation.id
                    $0.expectedVersion = recommendation.version
                    $0.line = RecommendationLineContent.with {
                        $0.recipientOrgId = app.lead
                        $0.recipientType = .owner
                        $0.uhRecipientOrgId = app.uh
                        $0.needsReportIds = [report.id]
                        if let partnership = partnershipIds[index] { $0.partnershipId = partnership }
                        $0.proposedMeasureIds = report.proposedMeasures.map(\.id)
                        $0.amountOre = amount
                        $0.years = app.years
                        $0.indicativeLaterYears = (1..<max(app.years, 1)).map { offset in
                            YearAmount.with {
                                $0.year = DemoYear.year + offset
                                $0.amountOre = amount
                            }
                        }
                        $0.ownerShareBp = 6000
                        $0.uhShareBp = 4000
                        $0.participants = "Tilsette i \(app.units.count) einingar og PPT (demo)"
                        $0.criteria = RecommendationCriteria.with {
                            $0.localNeed =
                                "Kartlagt behov innan \(app.themes.map(\.name).joined(separator: ", ")) (demo)"
                            $0.unitBased = "Kvar eining driv eige utviklingsarbeid med rettleiing (demo)"
                            $0.partnership = "Partnarskap med \(app.uh.uppercased()) med faste møte (demo)"
                            $0.teamAroundChild = "PPT deltek i planlegging og gjennomføring (demo)"
                        }
                    }
                },
                as: actors.caseworker
            )
        }
        try await settle()
    }

    func adoptAndSubmit() async throws {
        recommendation = try await allocation.adoptRecommendation(
            .with {
                $0.requestId = rid()
                $0.recommendationId = recommendation.id
                $0.expectedVersion = recommendation.version
                $0.minutesRef = "Protokoll samarbeidsforum 2025-03-05 (demo)"
                $0.acknowledgedRuleIds = [
                    SimulatorRules.ProRataLineRule.id, SimulatorRules.MicroGrantShareRule.id,
                    SimulatorRules.ReservedShareRule.id, ForumCompositionRule.id, PptStatpedInputRule.id,
                    ConflictOfInterestRule.id,
                ].map(\.value)
            },
            as: actors.caseworker
        )
        time.set(LocalDate(year: 2025, month: 3, day: 7))
        recommendation = try await allocation.submitToGovernor(
            .with {
                $0.requestId = rid()
                $0.recommendationId = recommendation.id
                $0.expectedVersion = recommendation.version
            },
            as: actors.caseworker
        )
        recommendation = try await allocation.startControl(
            .with {
                $0.requestId = rid()
                $0.recommendationId = recommendation.id
                $0.expectedVersion = recommendation.version
            },
            as: actors.caseworker
        )
        try await settle()
    }

    func decide() async throws {
        for line in recommendation.lines {
            guard let index = apps.indices.first(where: { reports[$0]?.id == line.needsReportIds.first }) else {
                continue
            }
            let app = apps[index]
            let decision = try await allocation.prepareGrantDecision(
                .with {
                    $0.requestId = rid()
                    $0.recommendationId = recommendation.id
                    $0.decision = GrantDecisionInput.with {
                        $0.recommendationLineId = line.id
                        switch app.fate {
                        case .partiallyApproved:
                            $0.outcome = .partiallyApproved
                            $0.approvedAmountOre = Money.floorToKroner(Money.multiplyDivide(line.amountOre, 6, 10))
                            $0.reason = .budgetExhausted
                            $0.reasonText = "Ramma strekk ikkje til full innvilging; tiltak 2 utgår (demo)."
                        case .rejectedLine:
                            $0.outcome = .rejected
                            $0.approvedAmountOre = 0
                            $0.reason = .outsideCriteria
                            $0.reasonText =
                                "Søknaden manglar konkretisering av innhaldet utover inkluderande praksis (demo)."
                        default:
                            $0.outcome = .approved
                            $0.approvedAmountOre = line.amountOre
                        }
                    }
                },
                as: actors.caseworker
            )
            _ = try await allocation.signGrantDecision(
                .with {
                    $0.requestId = rid()
                    $0.grantDecisionId = decision.id
                    $0.expectedVersion = decision.version
                },
                as: actors.decisionMaker
            )
        }
        time.set(LocalDate(year: 2025, month: 3, day: 12))
        recommendation = try await allocation.getRecommendation(
            .with { $0.id = recommendation.id },
            as: actors.caseworker
        )
        recommendation = try await allocation.decideRecommendation(
            .with {
                $0.requestId = rid()
                $0.recommendationId = recommendation.id
                $0.expectedVersion = recommendation.version
            },
            as: actors.decisionMaker
        )
        try await settle()
    }

    // MARK: Grants

    func grants() async throws -> [Grant] {
        try await ListGrantsRequest.with {
            $0.governorOfficeId = office
            $0.year = year
        }
        .allPages(pageSize: 500) { try await allocation.listGrants($0, as: actors.caseworker) }
        .sorted {
            $0.recipientOrgId == $1.recipientOrgId ? $0.amountOre < $1.amountOre : $0.recipientOrgId < $1.recipientOrgId
        }
    }

    func recipient(_ grant: Grant) throws -> Caller {
        grant.recipientType == .uhInstitution
            ? try actors.uh(grant.recipientOrgId) : try actors.owner(grant.recipientOrgId)
    }

    /// One owner grant stays committed (not yet accepted), to show the step.
    static let lateAcceptor = "owner-private-4203"
    /// One owner grant is accepted but not yet disbursed.
    static let notYetPaid = DemoRegion.ownerId("4225")

    func commitGrants() async throws {
        for grant in try await grants() where grant.status == .decided {
            _ = try await allocation.issueCommitmentLetter(
                .with {
                    $0.requestId = rid()
                    $0.grantId = grant.id
                    $0.expectedVersion = grant.version
                    $0.commitmentLetterRef = "Tilsagnsbrev \(grant.recipientOrgId) 2025 (demo)"
                    $0.reportDueOn = LocalDate(year: 2026, month: 1, day: 31)
                },
                as: actors.caseworker
            )
        }
        try await settle()
    }

    func acceptGrants() async throws {
        for grant in try await grants() where grant.status == .committed && grant.recipientOrgId != Self.lateAcceptor {
            _ = try await allocation.acceptGrant(
                .with {
                    $0.requestId = rid()
                    $0.grantId = grant.id
                    $0.expectedVersion = grant.version
                },
                as: try recipient(grant)
            )
        }
    }

    /// ALLOC-R17: the owner whose line was rejected appeals within 21 days; the statsforvalter reconsiders
    /// first and upholds the decision (resolvedByGovernor), so the report's outcome stands.
    func lodgeAppeal() async throws {
        guard let index = apps.indices.first(where: { apps[$0].fate == .rejectedLine }), let report = reports[index]
        else { return }
        let app = apps[index]
        // The decided recommendation names each line's decision (the list's report filter works per page).
        guard
            let decisionId = recommendation.lines.first(where: { $0.needsReportIds.contains(report.id) })?
                .grantDecisionId,
            !decisionId.isEmpty
        else { throw DomainError.notFound("grant decision of report", report.id) }
        let decision = try await allocation.getGrantDecision(.with { $0.id = decisionId }, as: actors.caseworker)
        var appeal = try await allocation.lodgeAppeal(
            .with {
                $0.requestId = rid()
                $0.decisionIds = [decision.id]
                $0.appellantOrgId = app.lead
                $0.grounds =
                    "Søknaden byggjer på ei grundig kartlegging; inkluderande praksis er konkretisert i vedlegget (demo)."
            },
            as: try actors.owner(app.lead)
        )
        time.set(LocalDate(year: 2025, month: 3, day: 25))
        appeal = try await allocation.startReconsideration(
            .with {
                $0.requestId = rid()
                $0.appealId = appeal.id
                $0.expectedVersion = appeal.version
            },
            as: actors.caseworker
        )
        _ = try await allocation.resolveAppealByGovernor(
            .with {
                $0.requestId = rid()
                $0.appealId = appeal.id
                $0.expectedVersion = appeal.version
                $0.note = "Statsforvaltaren har vurdert klaga på nytt og held fast på vedtaket (demo)."
            },
            as: actors.decisionMaker
        )
        try await settle()
    }

    func disburse() async throws {
        for grant in try await grants() where grant.status == .accepted && grant.recipientOrgId != Self.notYetPaid {
            _ = try await allocation.disburse(
                .with {
                    $0.requestId = rid()
                    $0.grantId = grant.id
                    $0.expectedVersion = grant.version
                    $0.amountOre = grant.amountOre / 2 / 100 * 100
                    $0.paidOn = time.today()
                    $0.paymentReference = "Utbetaling 1 av 2 (demo)"
                },
                as: actors.caseworker
            )
        }
    }

    // MARK: Measures

    /// The stage each measure reaches, in creation order: every stage at least once.
    static let measureTargets: [MeasureStatus] = [
        .completed, .inProgress, .started, .planned, .completing, .aborted, .inProgress, .completed, .started,
        .completing, .inProgress,
    ]
    var measures: [(Measure, MeasureStatus, DemoApplication)] = []

    func createMeasures() async throws {
        var serial = 0
        for (index, app) in apps.enumerated() {
            guard let partnershipId = partnershipIds[index], let report = reports[index] else { continue }
            let partnership = try await partnerships.getPartnership(
                .with { $0.id = partnershipId },
                as: actors.caseworker
            )
            guard let share = partnership.grantLineShares.first else { continue }
            let owner = try actors.owner(app.lead)
            // PART-R7: GrantCommitted planned the line's proposed measures; the partners complete them here.
            let planned = try await partnerships.listMeasures(
                .with {
                    $0.partnershipId = partnershipId
                    $0.pageSize = 500
                },
                as: actors.caseworker
            ).items
            for proposed in report.proposedMeasures {
                let target = Self.measureTargets[serial % Self.measureTargets.count]
                serial += 1
                let content = MeasureContent.with {
                    $0.grantLineId = share.recommendationLineId
                    $0.proposedMeasureId = proposed.id
                    $0.title = proposed.title
                    $0.themes = proposed.themes
                    $0.targetGroups = proposed.targetGroups
                    $0.participatingUnitIds = proposed.unitIds
                    $0.formats = proposed.formats
                    $0.practiceComponents = proposed.practiceComponents
                    $0.pptRole = serial % 5 == 0 ? .advisor : .developmentPartner
                    $0.uhRole = .developmentPartner
                    $0.budgetLines = [
                        BudgetLine.with {
                            $0.category = .uhHours
                            $0.payer = .uh
                            $0.amountOre = share.uhAmountOre / 3 / 100 * 100
                        },
                        BudgetLine.with {
                            $0.category = .coordinatorSalary
                            $0.payer = .owner
                            $0.amountOre = share.ownerAmountOre / 3 / 100 * 100
                        },
                    ]
                    $0.startDate = LocalDate(year: 2025, month: 4, day: 15)
                    $0.endDate = LocalDate(year: 2025 + Int32(app.years) - 1, month: 12, day: 15)
                }
                let measure: Measure
                if let existing = planned.first(where: { $0.proposedMeasureId == proposed.id }) {
                    measure = try await partnerships.updateMeasure(
                        .with {
                            $0.requestId = rid()
                            $0.measureId = existing.id
                            $0.expectedVersion = existing.version
                            $0.content = content
                        },
                        as: owner
                    )
                } else {
                    measure = try await partnerships.createMeasure(
                        .with {
                            $0.requestId = rid()
                            $0.partnershipId = partnershipId
                            $0.content = content
                        },
                        as: owner
                    )
                }
                measures.append((measure, target, app))
            }
        }
    }

    static let order: [MeasureStatus] = [.planned, .started, .inProgress, .completing, .completed]

    func reaches(_ target: MeasureStatus, _ minimum: MeasureStatus) -> Bool {
        guard let t = Self.order.firstIndex(of: target), let m = Self.order.firstIndex(of: minimum) else {
            return false
        }
        return t >= m
    }

    func checkpoint(_ checkpoint: Checkpoint, minimum: MeasureStatus) async throws {
        for (position, entry) in measures.enumerated() where reaches(entry.1, minimum) {
            let owner = try actors.owner(entry.2.lead)
            var measure = try await partnerships.getMeasure(.with { $0.id = entry.0.id }, as: actors.caseworker)
            measure = try await partnerships.logCheckpoint(
                .with {
                    $0.requestId = rid()
                    $0.measureId = measure.id
                    $0.expectedVersion = measure.version
                    $0.checkpoint = checkpoint
                    $0.loggedOn = time.today()
                    $0.note = "Sjekkpunkt \(checkpoint.name) (demo)"
                },
                as: owner
            )
            if checkpoint != .t1 {
                measure = try await partnerships.recordPracticeChange(
                    .with {
                        $0.requestId = rid()
                        $0.measureId = measure.id
                        $0.expectedVersion = measure.version
                        $0.date = time.today()
                        $0.checkpoint = checkpoint
                        $0.unitId = measure.participatingUnitIds.first ?? ""
                        $0.text = "Lærarane prøver ut nye arbeidsmåtar etter observasjon og rettleiing (demo)."
                    },
                    as: owner
                )
            }
            measures[position].0 = measure
        }
    }

    func abortMeasures() async throws {
        for (position, entry) in measures.enumerated() where entry.1 == .aborted {
            let measure = try await partnerships.getMeasure(.with { $0.id = entry.0.id }, as: actors.caseworker)
            measures[position].0 = try await partnerships.abortMeasure(
                .with {
                    $0.requestId = rid()
                    $0.measureId = measure.id
                    $0.expectedVersion = measure.version
                    $0.abortReason = "Eininga trekte seg etter leiarskifte (demo)."
                    $0.abortNotifiedAt = time.nowMillis()
                },
                as: try actors.owner(entry.2.lead)
            )
        }
    }

    func completeMeasures() async throws {
        for (position, entry) in measures.enumerated() where entry.1 == .completed {
            var measure = try await partnerships.getMeasure(.with { $0.id = entry.0.id }, as: actors.caseworker)
            for party in [AgreementParty.owner, .uh] {
                measure = try await partnerships.recordJointEvaluation(
                    .with {
                        $0.requestId = rid()
                        $0.measureId = measure.id
                        $0.expectedVersion = measure.version
                        $0.party = party
                        $0.summary = "Felles evaluering: måla er i hovudsak nådde (demo)."
                        $0.goalAttainment = "I hovudsak nådd"
                    },
                    as: party == .owner ? try actors.owner(entry.2.lead) : try actors.uh(entry.2.uh)
                )
            }
            measures[position].0 = try await partnerships.completeMeasure(
                .with {
                    $0.requestId = rid()
                    $0.measureId = measure.id
                    $0.expectedVersion = measure.version
                },
                as: try actors.owner(entry.2.lead)
            )
        }
    }

    func partnershipReport() async throws {
        guard let index = apps.indices.first(where: { partnershipIds[$0] != nil }),
            let partnershipId = partnershipIds[index]
        else { return }
        let app = apps[index]
        let owner = try actors.owner(app.lead)
        var report = try await partnerships.createPartnershipReport(
            .with {
                $0.requestId = rid()
                $0.partnershipId = partnershipId
                $0.year = year
                $0.content = PartnershipReportContent.with {
                    $0.goals = "Meir inkluderande praksis og betre leseopplæring (demo)"
                    $0.plannedActivities = "Rettleiing og observasjon i alle einingane (demo)"
                    $0.completedActivities = "Rettleiing i alle einingane; observasjon i tre (demo)"
                    $0.actors = "Eigar, UH, PPT og einingsleiarar (demo)"
                    $0.experiences = "Observasjon med tilbakemelding fungerer godt (demo)"
                    $0.fundsUsed = [
                        BudgetLine.with {
                            $0.category = .uhHours
                            $0.payer = .uh
                            $0.amountOre = 10_000_000
                        }
                    ]
                    $0.coFinancingUsedOre = 0
                    $0.goalAttainment = "I hovudsak nådd (demo)"
                    $0.practiceChangeSummary = "Lærarane justerer undervisninga etter tilbakemeldingar (demo)"
                }
            },
            as: owner
        )
        report = try await partnerships.submitPartnershipReport(
            .with {
                $0.requestId = rid()
                $0.partnershipReportId = report.id
                $0.expectedVersion = report.version
            },
            as: owner
        )
        try await settle()
        time.set(LocalDate(year: 2026, month: 1, day: 20))
        _ = try await partnerships.acceptPartnershipReport(
            .with {
                $0.requestId = rid()
                $0.partnershipReportId = report.id
                $0.expectedVersion = report.version
            },
            as: actors.caseworker
        )
    }

    /// Every needs report (all pages).
    static func allReports(_ needs: NeedsServiceRouter, as caller: Caller) async throws -> [NeedsReport] {
        try await ListNeedsReportsRequest().allPages(pageSize: 200) { try await needs.listNeedsReports($0, as: caller) }
    }
}
