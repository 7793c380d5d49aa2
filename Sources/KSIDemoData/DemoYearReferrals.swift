import KSICore

/// The referral track of the demo year (§4.4): fictitious children referred by their PPT office, each
/// driven as far as its target stage; one exception-path case and two system requests.
extension DemoYearRun {
    static let referralPath: [ReferralStatus] = [
        .draft, .submitted, .inTriage, .accepted, .assigned, .startupHeld, .inService, .closing, .closed,
    ]

    /// Whether a referral aiming at `target` passes `stage` on the happy path.
    func referralReaches(_ target: ReferralStatus, _ stage: ReferralStatus) -> Bool {
        switch target {
        case .returned, .declined: return [.draft, .submitted, .inTriage].contains(stage)
        case .withdrawn: return stage == .draft
        default:
            guard let t = Self.referralPath.firstIndex(of: target), let s = Self.referralPath.firstIndex(of: stage)
            else { return false }
            return t >= s
        }
    }

    var referralTargets: [(ReferralStatus, String, LocalDate, [StatpedSubjectArea], SamiLanguage)] {
        DemoYearPlan.referralTargets
    }

    func office(of index: Int) -> String { DemoRegion.pptOfficeId(referralTargets[index].1) }

    func adviserPerson(_ index: Int) -> String { "demo-statped-radgiver-\(index % 3 + 1)" }

    func division(for index: Int) -> String {
        let (_, _, born, _, sami) = referralTargets[index]
        if sami != .unspecified { return "statped-division-sead" }
        let age = DemoYear.year - born.year
        return age <= 5
            ? "statped-division-earlyYears"
            : age <= 15 ? "statped-division-compulsory" : "statped-division-upperSecondaryAdult"
    }

    func content(_ index: Int, areas: [StatpedSubjectArea]) -> ReferralDraftContent {
        ReferralDraftContent.with {
            $0.guardians = [
                Guardian.with {
                    $0.name = DemoPeople.guardianName(index)
                    $0.relation = index % 2 == 0 ? "mor" : "far"
                    $0.hasParentalResponsibility = true
                    $0.phone = "+47 400 00 \(String(format: "%03d", index))"
                }
            ]
            $0.subjectAreas = areas
            $0.grounds =
                index % 3 == 0
                ? [.triedLocallyWithoutResult, .competenceNotExpectedLocally] : [.triedLocallyWithoutResult]
            $0.needDescription =
                "Treng rettleiing til skule/barnehage og PPT innan \(areas.map(\.name).joined(separator: ", ")) (demo)."
            $0.triedMeasures = "Tilpassa opplæring og rettleiing frå PPT gjennom eitt år (demo)."
            let required: [AttachmentKind] = [
                .expertAssessment, .individualDecision, .individualEducationPlan, .individualPlan, .pedagogicalReport,
                .audiogram, .visionAssessment,
            ]
            $0.attachmentChecklist = required.map { kind in
                AttachmentChecklistItem.with {
                    $0.kind = kind
                    // Some referrals leave the checklist incomplete (REF-R5 WARN).
                    if index % 4 != 1 || kind == .expertAssessment { $0.availability = .doesNotExist }
                }
            }
        }
    }

    func child(_ index: Int) -> ChildInput {
        let (_, kommune, born, _, sami) = referralTargets[index]
        return ChildInput.with {
            $0.nationalId = DemoPeople.dNumber(born: born, serial: index)
            $0.name = DemoPeople.childName(index)
            $0.birthDate = born
            $0.residenceMunicipalityId = kommune
            $0.unitId = DemoYear.year - born.year <= 5 ? "unit-\(kommune)-kindergarten-1" : "unit-\(kommune)-school-1"
            $0.samiLanguage = sami
        }
    }

    func referralDrafts() async throws {
        for (index, target) in referralTargets.enumerated() {
            let office = office(of: index)
            var r = try await referral.createReferral(
                .with {
                    $0.requestId = rid()
                    $0.kind = .individual
                    $0.referringPptOfficeId = office
                    $0.child = child(index)
                    $0.content = content(index, areas: target.3)
                },
                as: try actors.pptAdviser(office)
            )
            if target.0 == .withdrawn {
                r = try await referral.withdrawReferral(
                    .with {
                        $0.requestId = rid()
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                    },
                    as: try actors.pptLeader(office)
                )
            } else if referralReaches(target.0, .submitted) {
                r = try await referral.submitReferral(
                    .with {
                        $0.requestId = rid()
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                        $0.guardianAgreementConfirmed = true
                    },
                    as: try actors.pptLeader(office)
                )
            }
            referrals[index] = r
        }
    }

    func referralTriage() async throws {
        for (index, target) in referralTargets.enumerated() where referralReaches(target.0, .inTriage) {
            guard var r = referrals[index] else { continue }
            r = try await referral.startTriage(
                .with {
                    $0.requestId = rid()
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                },
                as: actors.statpedIntake
            )
            if target.0 == .returned {
                r = try await referral.returnReferralForCompletion(
                    .with {
                        $0.requestId = rid()
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                        $0.reason = "Synsvurdering manglar (demo)."
                    },
                    as: actors.statpedIntake
                )
            } else if target.0 == .declined {
                r = try await referral.declineReferral(
                    .with {
                        $0.requestId = rid()
                        $0.referralId = r.id
                        $0.expectedVersion = r.version
                        $0.declineReason = .outsideMandate
                        $0.redirect = TriageRedirect.with { $0.target = .uh }
                    },
                    as: actors.statpedIntake
                )
            }
            referrals[index] = r
        }
    }

    func referralAccept() async throws {
        for (index, target) in referralTargets.enumerated() where referralReaches(target.0, .accepted) {
            guard let r = referrals[index] else { continue }
            referrals[index] = try await referral.acceptReferral(
                .with {
                    $0.requestId = rid()
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                },
                as: actors.statpedIntake
            )
        }
        // REF-R2: a newly discovered severe hearing loss; Statped opens the case and informs PPT.
        exceptionCase = try await referral.openWithoutApplication(
            .with {
                $0.requestId = rid()
                $0.exceptionCause = .newlyDiscoveredSevereSensoryLoss
                $0.referringPptOfficeId = DemoRegion.pptOfficeId("4204")
                $0.child = ChildInput.with {
                    let born = LocalDate(year: 2022, month: 8, day: 9)
                    $0.nationalId = DemoPeople.dNumber(born: born, serial: 99)
                    $0.name = DemoPeople.childName(19)
                    $0.birthDate = born
                    $0.residenceMunicipalityId = "4204"
                    $0.unitId = "unit-4204-kindergarten-1"
                }
                $0.content = content(19, areas: [.hearing])
            },
            as: actors.statpedIntake
        )
        exceptionCase = try await referral.notifyPpt(
            .with {
                $0.requestId = rid()
                $0.referralId = exceptionCase.id
                $0.expectedVersion = exceptionCase.version
                $0.note = "PPT er varsla per telefon (demo)."
            },
            as: actors.statpedIntake
        )
    }

    func assign(_ r: Referral, index: Int, division: String) async throws -> Referral {
        try await referral.assignReferral(
            .with {
                $0.requestId = rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.divisionId = division
                $0.locationId = "statped-location-sor"
                $0.adviserIds = [adviserPerson(index)]
                $0.reason = division.hasSuffix("sead") ? .samiRouting : [.competence, .capacity, .proximity][index % 3]
            },
            as: actors.statpedManager
        )
    }

    func referralAssign() async throws {
        for (index, target) in referralTargets.enumerated() where referralReaches(target.0, .assigned) {
            guard let r = referrals[index] else { continue }
            referrals[index] = try await assign(r, index: index, division: division(for: index))
        }
        exceptionCase = try await assign(exceptionCase, index: 19, division: "statped-division-earlyYears")
    }

    func startup(_ r: Referral, index: Int) async throws -> Referral {
        try await referral.recordStartupMeeting(
            .with {
                $0.requestId = rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.heldOn = time.today()
                $0.physical = true
            },
            as: try actors.statpedAdviser(adviserPerson(index))
        )
    }

    func referralStartup() async throws {
        for (index, target) in referralTargets.enumerated() where referralReaches(target.0, .startupHeld) {
            guard let r = referrals[index] else { continue }
            referrals[index] = try await startup(r, index: index)
        }
        exceptionCase = try await startup(exceptionCase, index: 19)
    }

    func plan(_ r: Referral, index: Int, office: String) async throws -> Referral {
        let adviser = try actors.statpedAdviser(adviserPerson(index))
        let ppt = try actors.pptAdviser(office)
        var r = try await referral.recordConsent(
            .with {
                $0.requestId = rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.guardianId = r.guardians.first?.id ?? ""
                $0.scope = .informationSharing
            },
            as: ppt
        )
        let from = time.today()
        r = try await referral.proposeCollaborationPlan(
            .with {
                $0.requestId = rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.validFrom = from
                $0.validTo = from.adding(days: 240)
                $0.goals = ["Barnet får tilrettelagt kommunikasjon i kvardagen (demo)"]
                $0.responsibilities = [
                    PlanResponsibility.with {
                        $0.party = .ppt
                        $0.task = "Følgje opp tiltaka på eininga (demo)"
                    },
                    PlanResponsibility.with {
                        $0.party = .statped
                        $0.task = "Kartlegging og rettleiing (demo)"
                    },
                ]
                $0.progressPlan = [
                    ProgressMilestone.with {
                        $0.milestone = "Kartlegging ferdig (demo)"
                        $0.date = from.adding(days: 60)
                    }
                ]
                $0.evaluationPlan = [
                    EvaluationPlanEntry.with {
                        $0.date = from.adding(days: 170)
                        $0.method = "Evalueringsmøte (demo)"
                    }
                ]
            },
            as: adviser
        )
        r = try await referral.agreeCollaborationPlan(
            .with {
                $0.requestId = rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.party = .statped
            },
            as: adviser
        )
        return try await referral.agreeCollaborationPlan(
            .with {
                $0.requestId = rid()
                $0.referralId = r.id
                $0.expectedVersion = r.version
                $0.party = .ppt
            },
            as: ppt
        )
    }

    func referralPlans() async throws {
        for (index, target) in referralTargets.enumerated() where referralReaches(target.0, .inService) {
            guard let r = referrals[index] else { continue }
            referrals[index] = try await plan(r, index: index, office: office(of: index))
        }
        exceptionCase = try await plan(exceptionCase, index: 19, office: DemoRegion.pptOfficeId("4204"))
    }

    /// The Sámi child's service is evaluated in October and extended (REF-R13): closing → inService.
    func isExtended(_ index: Int) -> Bool { referralTargets[index].4 != .unspecified }

    func referralClosing() async throws {
        for (index, target) in referralTargets.enumerated()
        where referralReaches(target.0, .closing) || isExtended(index) {
            guard let r = referrals[index] else { continue }
            referrals[index] = try await referral.startClosing(
                .with {
                    $0.requestId = rid()
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                    $0.evaluatedOn = time.today()
                    $0.evaluationMethod = "Evalueringsmøte (demo)"
                    $0.evaluationSummary = "Måla er delvis nådde; PPT held fram med oppfølginga (demo)."
                },
                as: try actors.statpedAdviser(adviserPerson(index))
            )
        }
    }

    func referralExtend() async throws {
        for index in referralTargets.indices where isExtended(index) {
            guard let r = referrals[index] else { continue }
            let proposed = try await referral.extendService(
                .with {
                    $0.requestId = rid()
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                    $0.evaluationId = r.evaluations.last?.id ?? ""
                    $0.reason = "Treng meir rettleiing på samisk i overgangen til ny skule (demo)."
                    $0.newValidTo = time.today().adding(days: 300)
                    $0.party = .statped
                },
                as: try actors.statpedAdviser(adviserPerson(index))
            )
            referrals[index] = try await referral.agreeCollaborationPlan(
                .with {
                    $0.requestId = rid()
                    $0.referralId = proposed.id
                    $0.expectedVersion = proposed.version
                    $0.party = .ppt
                },
                as: try actors.pptAdviser(office(of: index))
            )
        }
    }

    func referralClose() async throws {
        for (index, target) in referralTargets.enumerated() where referralReaches(target.0, .closed) {
            guard let r = referrals[index] else { continue }
            referrals[index] = try await referral.closeReferral(
                .with {
                    $0.requestId = rid()
                    $0.referralId = r.id
                    $0.expectedVersion = r.version
                    $0.summary = "Tenesta er avslutta; oppsummering er sendt til PPT (demo)."
                },
                as: try actors.statpedAdviser(adviserPerson(index))
            )
        }
    }

    /// Two system requests (no child data): a kommune's, triaged and accepted; a UH's, submitted.
    func systemRequests() async throws {
        let kommune = DemoRegion.ownerId("4205")
        let owner = try actors.owner(kommune)
        var first = try await referral.createReferral(
            .with {
                $0.requestId = rid()
                $0.kind = .system
                $0.requestingOrgId = kommune
                $0.content = ReferralDraftContent.with {
                    $0.topic = "Kompetanse om hørselshemming for barnehagane i Lindesnes (demo)"
                    $0.subjectAreas = [.hearing]
                }
            },
            as: owner
        )
        first = try await referral.submitReferral(
            .with {
                $0.requestId = rid()
                $0.referralId = first.id
                $0.expectedVersion = first.version
            },
            as: owner
        )
        first = try await referral.startTriage(
            .with {
                $0.requestId = rid()
                $0.referralId = first.id
                $0.expectedVersion = first.version
            },
            as: actors.statpedIntake
        )
        _ = try await referral.acceptReferral(
            .with {
                $0.requestId = rid()
                $0.referralId = first.id
                $0.expectedVersion = first.version
            },
            as: actors.statpedIntake
        )

        // PP9: the UH of the Lillesand partnership (vision, AAC) buys Statped's expertise as a third party,
        // and asks Statped through a system request linked to the contribution.
        let uh = try actors.uh("usn")
        let lillesand = apps.indices.first { apps[$0].kommune == "4215" }
        var contribution: ThirdPartyContribution?
        if let lillesand, let partnershipId = partnershipIds[lillesand] {
            let measure = measures.first { $0.0.partnershipId == partnershipId }?.0
            var requested = try await partnerships.requestThirdPartyContribution(
                .with {
                    $0.requestId = rid()
                    $0.partnershipId = partnershipId
                    $0.measureId = measure?.id ?? ""
                    $0.provider = .statped
                    $0.requestedByUhId = "usn"
                    $0.amountOre = 3_000_000
                    $0.description = "Statped rettleier om synsvanskar og ASK i to samlingar (demo)"
                },
                as: uh
            )
            requested = try await partnerships.agreeThirdPartyContribution(
                .with {
                    $0.requestId = rid()
                    $0.thirdPartyContributionId = requested.id
                    $0.expectedVersion = requested.version
                    $0.amountOre = 3_000_000
                },
                as: uh
            )
            contribution = requested
        }
        var second = try await referral.createReferral(
            .with {
                $0.requestId = rid()
                $0.kind = .system
                $0.requestingOrgId = "usn"
                $0.content = ReferralDraftContent.with {
                    $0.topic = "Synsvanskar og ASK i partnarskapet i Lillesand (demo)"
                    $0.subjectAreas = [.vision, .aac]
                    $0.linkedThirdPartyContributionId = contribution?.id ?? ""
                }
            },
            as: uh
        )
        second = try await referral.submitReferral(
            .with {
                $0.requestId = rid()
                $0.referralId = second.id
                $0.expectedVersion = second.version
            },
            as: uh
        )
        if let contribution {
            _ = try await partnerships.linkThirdPartyReferral(
                .with {
                    $0.requestId = rid()
                    $0.thirdPartyContributionId = contribution.id
                    $0.expectedVersion = contribution.version
                    $0.referralSystemRequestId = second.id
                },
                as: uh
            )
        }
    }
}
