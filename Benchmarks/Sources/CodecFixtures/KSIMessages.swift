import KSICore

/// The three representative messages of the codec benchmarks, as KSI values (issue 6, item 1).
///
/// Realistic content: UUID ids, Norwegian text with æøå, every enum set to a defined value, repeated
/// fields filled the way a service fills them. The values are deterministic, so every run encodes
/// the same bytes.
public enum KSIMessages {
    /// A submitted DEKOM needs report from a municipality with four co-applicants and six proposed measures.
    public static func needsReport() -> NeedsReport {
        NeedsReport.with {
            $0.id = uuid(1, 1)
            $0.version = 7
            $0.createdAt = 1_767_225_600_000
            $0.updatedAt = 1_769_904_000_000
            $0.roundId = uuid(2, 1)
            $0.scheme = .dekom
            $0.year = 2026
            $0.governorOfficeId = "vestland"
            $0.networkId = uuid(3, 1)
            $0.title = "Inkluderende praksis i barnehage og skule i Sogn – felles løft for tidleg innsats"
            $0.leadOwnerId = "4640"
            $0.coApplicantOwnerIds = ["4641", "4642", "4643", "4644"]
            $0.coApplicantConfirmations = (0..<4).map { index in
                CoApplicantConfirmation.with {
                    $0.ownerId = "464\(index + 1)"
                    $0.confirmedAt = 1_769_000_000_000 + Int64(index) * 86_400_000
                    $0.confirmedByPersonId = uuid(10 + index, 2)
                }
            }
            $0.participatingUnitIds = (0..<12).map { uuid(100 + $0, 3) }
            $0.sectors = [.kindergarten, .compulsorySchool, .supportServices]
            $0.themes = [.inclusivePractice, .earlyIntervention, .teamAroundChild, .transitions]
            $0.targetGroups = [.wholeStaff, .leaders, .pptStaff]
            $0.assessmentIds = [uuid(20, 4), uuid(21, 4)]
            $0.ownerPlanReference = "Kvalitetsplan for oppvekst 2024–2028, kap. 3 «Tidleg innsats»"
            $0.longTermPlanGoalIds = [uuid(30, 5), uuid(31, 5)]
            $0.uhPartnerIds = ["hvl"]
            $0.uhContactedOn = LocalDate(year: 2025, month: 11, day: 14)
            $0.pptInvolvement = .participating
            $0.pptOfficeIds = [uuid(40, 6)]
            $0.statpedNeeded = true
            $0.statpedNeededReason = "Behov for rettleiing om språk og tale i små einingar med få fagfolk på øyane"
            $0.samiPerspective = false
            $0.proposedMeasures = measureTitles.enumerated().map { index, title in
                ProposedMeasure.with {
                    $0.id = uuid(50 + index, 7)
                    $0.title = title
                    $0.themes = [.inclusivePractice, index.isMultiple(of: 2) ? .earlyIntervention : .transitions]
                    $0.formats = [.gathering, .digitalFollowUp, .workingGroup]
                    $0.practiceComponents = [.guidance, .observationFeedback, .trialAndAdjustment]
                    $0.targetGroups = [.wholeStaff, .teachers]
                    $0.unitIds = (0..<3).map { uuid(100 + index * 2 + $0, 3) }
                    $0.years = 2
                }
            }
            $0.requestedAmountOre = 185_000_000
            $0.requestedYears = 2
            $0.proposedOwnerShareBp = 6_000
            $0.status = .submitted
            $0.outcome = .unspecified
            $0.warnings = [
                RuleWarning.with {
                    $0.ruleId = "NEED-R13"
                    $0.field = "proposed_measures[3].practice_components"
                    $0.message =
                        "Tiltaket manglar praksisnær komponent i første året; vurder rettleiing på arbeidsplassen."
                },
                RuleWarning.with {
                    $0.ruleId = "NEED-R9"
                    $0.field = "participating_unit_ids"
                    $0.message = "Éin privat barnehage er med; sjå til at eigaren har stadfesta deltakinga."
                },
            ]
            $0.submittedAt = 1_769_904_000_000
        }
    }

    /// An adopted forum recommendation with `lineCount` lines, each a realistic grant line.
    public static func recommendation(lineCount: Int = 50) -> Recommendation {
        let recommendationId = uuid(500, 8)
        var total: Int64 = 0
        let lines = (0..<lineCount).map { index -> RecommendationLine in
            let amount = Int64(400_000 + index * 37_500) * 100
            total += amount
            return RecommendationLine.with {
                $0.id = uuid(1_000 + index, 9)
                $0.recommendationId = recommendationId
                $0.createdAt = 1_772_000_000_000 + Int64(index) * 60_000
                $0.updatedAt = 1_772_500_000_000 + Int64(index) * 60_000
                $0.recipientOrgId = String(4_600 + index % 43)
                $0.recipientType = .owner
                $0.uhRecipientOrgId = index.isMultiple(of: 3) ? "uib" : "hvl"
                $0.needsReportIds = [uuid(2_000 + index, 1), uuid(3_000 + index, 1)]
                $0.partnershipId = uuid(4_000 + index, 10)
                $0.proposedMeasureIds = [uuid(5_000 + index, 7), uuid(6_000 + index, 7)]
                $0.amountOre = amount
                $0.years = 2
                $0.indicativeLaterYears = [
                    YearAmount.with {
                        $0.year = 2027
                        $0.amountOre = amount / 2
                    }
                ]
                $0.ownerShareBp = 6_000
                $0.uhShareBp = 4_000
                $0.splitDeviationReason = ""
                $0.participants =
                    "Alle tilsette i \(index % 5 + 2) barnehagar og \(index % 4 + 1) skular, PP-tenesta og leiarar på sektornivå"
                $0.criteria = RecommendationCriteria.with {
                    $0.localNeed = "Kartlegginga syner behov for betre overgangar og tidleg innsats."
                    $0.unitBased = "Tiltaka skjer i eininga, med rettleiing i praksis."
                    $0.partnership = "Samarbeid med Høgskulen på Vestlandet om rettleiing og fagdagar."
                    $0.teamAroundChild = "PP-tenesta deltek i laget rundt barnet på alle einingar."
                }
                $0.deviatesFromRequest = index.isMultiple(of: 7)
                $0.conflictOfInterestMemberIds = index.isMultiple(of: 10) ? [uuid(7_000 + index, 11)] : []
                $0.ownerAmountOre = amount * 6_000 / 10_000
                $0.uhAmountOre = amount * 4_000 / 10_000
                $0.themes = [.inclusivePractice, .earlyIntervention]
                $0.sectors = [.kindergarten, .compulsorySchool]
                $0.participatingUnitIds = (0..<4).map { uuid(8_000 + index * 4 + $0, 3) }
                $0.municipalityIds = [String(4_600 + index % 43)]
                $0.requestedAmountOre = amount + 5_000_000
            }
        }
        return Recommendation.with {
            $0.id = recommendationId
            $0.version = 12
            $0.createdAt = 1_772_000_000_000
            $0.updatedAt = 1_773_000_000_000
            $0.roundId = uuid(2, 1)
            $0.governorOfficeId = "vestland"
            $0.scheme = .dekom
            $0.year = 2026
            $0.forumId = uuid(501, 12)
            $0.author = .forum
            $0.status = .adopted
            $0.minutesRef = "Møtebok samarbeidsforum Vestland 12.03.2026, sak 4/26"
            $0.lines = lines
            $0.totalAmountOre = total
            $0.adoptedOn = LocalDate(year: 2026, month: 3, day: 12)
            $0.adoptedAt = 1_773_300_000_000
            $0.acknowledgedRuleIds = ["ALLOC-R20", "ALLOC-R22"]
            $0.warnings = [
                RuleWarning.with {
                    $0.ruleId = "ALLOC-R20"
                    $0.field = "lines"
                    $0.message =
                        "Summen overstig ramma for éi kommune med meir enn 15 %; grunngjeving er ført i møteboka."
                }
            ]
        }
    }

    /// A pseudonymous referral milestone event (no child identifiers, PRIV-R1).
    public static func referralMilestone() -> ReferralMilestoneReached {
        ReferralMilestoneReached.with {
            $0.sequence = 184_467
            $0.type = "ReferralMilestoneReached"
            $0.aggregateId = uuid(900, 13)
            $0.occurredAt = 1_774_000_000_000
            $0.referralId = uuid(900, 13)
            $0.region = "Vest"
            $0.divisionId = "statped-vest-horsel"
            $0.subjectAreas = [.hearing, .languageAndSpeech]
            $0.milestone = .assigned
            $0.at = 1_774_000_000_000
            $0.kind = .individual
            $0.municipalityId = "4640"
            $0.assignmentReason = .proximity
        }
    }

    private static let measureTitles = [
        "Rettleiing i inkluderande praksis for alle tilsette i barnehagane",
        "Lærande nettverk om overgang barnehage–skule, med fagdagar på Høgskulen",
        "Observasjon og tilbakemelding i klasserommet: tidleg innsats i lesing",
        "Felles fagdag for PP-tenesta og leiarar: laget rundt barnet",
        "Utprøving av tilpassa opplæring i fleirkulturelle grupper på småskulesteget",
        "Digital oppfølging og refleksjonsmøte med rettleiar frå Høgskulen på Vestlandet",
    ]

    /// A deterministic, well-formed UUID string; `kind` keeps ids of different entities apart.
    static func uuid(_ number: Int, _ kind: Int) -> String {
        let hex = String(number, radix: 16)
        let tail = String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        let head = String(kind, radix: 16)
        return String(repeating: "0", count: max(0, 8 - head.count)) + head + "-7f3a-4c2e-9b1d-" + tail
    }
}
