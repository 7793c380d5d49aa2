import Gateway
import KSICore
import KSITestSupport

/// A hand-built embete for the figure pages, with known answers (TestRegion's Agder: Kristiansand, Arendal and
/// Åseral; KSI; read on 2 June 2025). Amounts in kroner below; every answer is worked out in `HandBuiltFiguresTests`.
///
/// - 2024, no frame: r0 Arendal asks 300 000, decided 300 000 on line L0 (inclusive practice, Arendal's school), two
///   years; grant g0 disbursed 300 000; its 2025 year confirmed at 100 000.
/// - 2025, frame 1 000 000: r1 joint application (samlesøknad) led by Kristiansand with Arendal as co-applicant asks
///   600 000, L1 decided 500 000 to Kristiansand (reading and writing + inclusive practice; Kristiansand's school and
///   kindergarten and Arendal's school), g1 disbursed 250 000, 50 000 indicative for 2026; r2 the private kindergarten
///   owner asks 100 000, L2 decided 60 000 on a line without a needs snapshot; r3 Arendal 200 000 rejected; r4 a draft.
/// - 2026: an empty year, no frame, 50 000 bound from 2025.
/// - Partnerships: P0 (Arendal, 2023–2024, terminated), P1 (Kristiansand and Arendal, active from February 2025,
///   every role with a deputy, 1 of 2 meetings, a third-party contribution), P2 (the private owner, active from March
///   2025, coordinator vacant, no deputies, no meeting, an open conflict). Measures: M0 on L0 in 2024 with the private
///   kindergarten; M1 on L1 in 2025 with Kristiansand's school.
/// - Referrals (Agder unless said): 6 in service from Kristiansand, 5 accepted from Arendal, 2 submitted from Åseral,
///   2 closed from Kristiansand (submitted 2024), and 4 in service in Rogaland.
enum HandBuiltFigureSet {
    static let agder = TestRegion.governorOfficeId
    static let today = LocalDate(year: 2025, month: 6, day: 2)

    static func kr(_ kroner: Int64) -> Int64 { kroner * 100 }
    static func date(_ year: Int32, _ month: Int32, _ day: Int32) -> LocalDate {
        LocalDate(year: year, month: month, day: day)
    }
    static func at(_ year: Int32, _ month: Int32, _ day: Int32) -> Int64 {
        OsloCalendar.millis(atNoonOn: date(year, month, day))
    }

    static func entities() throws -> FigureEntities {
        var set = FigureEntities(reference: try TestRegion.reference(), today: today)
        set.reports = [
            report("r0", 2024, lead: TestRegion.arendalKommune, .fundedAsRequested, asked: 300_000, decided: 300_000),
            report(
                "r1",
                2025,
                lead: TestRegion.kristiansandKommune,
                co: [TestRegion.arendalKommune],
                .fundedOtherThanRequested,
                asked: 600_000,
                decided: 500_000
            ),
            report(
                "r2",
                2025,
                lead: TestRegion.privateKindergartenOwner,
                .fundedOtherThanRequested,
                asked: 100_000,
                decided: 60_000
            ),
            report("r3", 2025, lead: TestRegion.arendalKommune, .rejected, asked: 200_000, decided: 0),
            report("r4", 2025, lead: TestRegion.kristiansandKommune, .draft, asked: 50_000, decided: 0),
        ]
        set.frames = [
            RegionalFrame.with {
                $0.id = "frame-2025"
                $0.governorOfficeId = agder
                $0.scheme = .ksi
                $0.year = 2025
                $0.amountOre = kr(1_000_000)
                $0.status = .published
            }
        ]
        let l0 = line(
            "L0",
            to: TestRegion.arendalKommune,
            300_000,
            report: "r0",
            themes: [.inclusivePractice],
            sectors: [.compulsorySchool],
            units: [TestRegion.arendalSchool]
        )
        let l1 = line(
            "L1",
            to: TestRegion.kristiansandKommune,
            500_000,
            report: "r1",
            themes: [.readingWriting, .inclusivePractice],
            sectors: [.kindergarten, .compulsorySchool],
            units: [TestRegion.kristiansandSchool, TestRegion.kristiansandKindergarten, TestRegion.arendalSchool]
        )
        let l2 = line(
            "L2",
            to: TestRegion.privateKindergartenOwner,
            60_000,
            report: "r2",
            themes: [],
            sectors: [],
            units: []
        )
        set.recommendations = [recommendation("R2024", 2024, [l0]), recommendation("R2025", 2025, [l1, l2])]
        set.decisions = [decision("d0", l0, 2024), decision("d1", l1, 2025), decision("d2", l2, 2025)]
        set.grants = [
            grant("g0", l0, 2024), grant("g1", l1, 2025, reportDue: date(2026, 1, 31)), grant("g2", l2, 2025),
        ]
        set.disbursements = [
            Disbursement.with {
                $0.id = "p0"
                $0.grantId = "g0"
                $0.amountOre = kr(300_000)
            },
            Disbursement.with {
                $0.id = "p1"
                $0.grantId = "g1"
                $0.amountOre = kr(250_000)
            },
        ]
        set.commitments = [
            MultiYearCommitment.with {
                $0.id = "c2025"
                $0.grantId = "g0"
                $0.grantDecisionId = "d0"
                $0.recommendationLineId = "L0"
                $0.year = 2025
                $0.amountOre = kr(100_000)
                $0.confirmedAmountOre = kr(100_000)
                $0.status = .confirmed
            },
            MultiYearCommitment.with {
                $0.id = "c2026"
                $0.grantId = "g1"
                $0.grantDecisionId = "d1"
                $0.recommendationLineId = "L1"
                $0.year = 2026
                $0.amountOre = kr(50_000)
                $0.status = .indicative
            },
        ]
        set.partnerships = partnerships()
        set.measures = [
            measure(
                "M0",
                partnership: "P0",
                line: "L0",
                [.inclusivePractice],
                .completed,
                from: date(2024, 1, 15),
                to: date(2024, 12, 31),
                units: [TestRegion.privateKindergarten]
            ),
            measure(
                "M1",
                partnership: "P1",
                line: "L1",
                [.readingWriting, .inclusivePractice],
                .started,
                from: date(2025, 3, 1),
                to: date(2025, 12, 31),
                units: [TestRegion.kristiansandSchool]
            ),
        ]
        set.contributions = [
            ThirdPartyContribution.with {
                $0.id = "C1"
                $0.partnershipId = "P1"
                $0.provider = .statped
                $0.status = .agreed
            }
        ]
        set.referrals = referrals()
        return set
    }

    // MARK: Builders

    static func report(
        _ id: String,
        _ year: Int32,
        lead: String,
        co: [String] = [],
        _ status: NeedsReportStatus,
        asked: Int64,
        decided: Int64
    ) -> NeedsReport {
        NeedsReport.with {
            $0.id = id
            $0.title = "Søknad \(id)"
            $0.scheme = .ksi
            $0.year = year
            $0.governorOfficeId = agder
            $0.leadOwnerId = lead
            $0.coApplicantOwnerIds = co
            $0.status = status
            $0.requestedAmountOre = kr(asked)
            $0.decidedAmountOre = kr(decided)
            $0.outcome =
                status == .fundedAsRequested
                ? .fundedAsRequested
                : status == .fundedOtherThanRequested
                    ? .fundedOtherThanRequested
                    : status == .rejected ? .notFunded : .unspecified
        }
    }

    static func line(
        _ id: String,
        to recipient: String,
        _ kroner: Int64,
        report: String,
        themes: [ThemeCode],
        sectors: [Sector],
        units: [String]
    ) -> RecommendationLine {
        RecommendationLine.with {
            $0.id = id
            $0.recipientOrgId = recipient
            $0.recipientType = .owner
            $0.amountOre = kr(kroner)
            $0.needsReportIds = [report]
            $0.themes = themes
            $0.sectors = sectors
            $0.participatingUnitIds = units
        }
    }

    static func recommendation(_ id: String, _ year: Int32, _ lines: [RecommendationLine]) -> Recommendation {
        Recommendation.with {
            $0.id = id
            $0.governorOfficeId = agder
            $0.scheme = .ksi
            $0.year = year
            $0.status = .decided
            $0.lines = lines
        }
    }

    static func decision(_ id: String, _ line: RecommendationLine, _ year: Int32) -> GrantDecision {
        GrantDecision.with {
            $0.id = id
            $0.lineId = line.id
            $0.governorOfficeId = agder
            $0.scheme = .ksi
            $0.year = year
            $0.status = .signed
            $0.outcome = .approved
            $0.approvedAmountOre = line.amountOre
            $0.recipientOrgId = line.recipientOrgId
            $0.needsReportIds = line.needsReportIds
        }
    }

    static func grant(_ id: String, _ line: RecommendationLine, _ year: Int32, reportDue: LocalDate? = nil) -> Grant {
        Grant.with {
            $0.id = id
            $0.governorOfficeId = agder
            $0.scheme = .ksi
            $0.year = year
            $0.recipientOrgId = line.recipientOrgId
            $0.recipientType = .owner
            $0.lineIds = [line.id]
            $0.reportDueOn = reportDue
        }
    }

    static func measure(
        _ id: String,
        partnership: String,
        line: String,
        _ themes: [ThemeCode],
        _ status: MeasureStatus,
        from: LocalDate,
        to: LocalDate,
        units: [String]
    ) -> Measure {
        Measure.with {
            $0.id = id
            $0.partnershipId = partnership
            $0.grantLineId = line
            $0.governorOfficeId = agder
            $0.scheme = .ksi
            $0.themes = themes
            $0.status = status
            $0.startDate = from
            $0.endDate = to
            $0.participatingUnitIds = units
            $0.pptRole = .developmentPartner
        }
    }

    static func role(_ role: PartnershipRole, _ person: String, deputy: String = "") -> RoleAssignment {
        RoleAssignment.with {
            $0.id = "\(role.name)-\(person)"
            $0.role = role
            $0.personId = person
            $0.deputyPersonId = deputy
            $0.from = date(2025, 1, 1)
        }
    }

    static func partnerships() -> [Partnership] {
        func partnership(
            _ id: String,
            _ status: PartnershipStatus,
            owners: [String],
            activated: Int64,
            valid: (LocalDate, LocalDate)
        ) -> Partnership {
            Partnership.with {
                $0.id = id
                $0.name = "Partnerskap \(id)"
                $0.governorOfficeId = agder
                $0.scheme = .ksi
                $0.status = status
                $0.ownerIds = owners
                $0.uhInstitutionIds = [TestRegion.uia]
                $0.activatedAt = activated
                $0.agreement = PartnershipAgreement.with {
                    $0.version = 1
                    $0.validFrom = valid.0
                    $0.validTo = valid.1
                }
                $0.meetingPlan = PartnershipMeetingPlan.with { $0.plannedPerHalfYear = 2 }
            }
        }
        var p0 = partnership(
            "P0",
            .terminated,
            owners: [TestRegion.arendalKommune],
            activated: at(2023, 2, 1),
            valid: (date(2023, 1, 1), date(2024, 12, 31))
        )
        p0.terminatedAt = at(2024, 12, 15)
        var p1 = partnership(
            "P1",
            .active,
            owners: [TestRegion.kristiansandKommune, TestRegion.arendalKommune],
            activated: at(2025, 2, 1),
            valid: (date(2025, 1, 1), date(2027, 12, 31))
        )
        p1.roles = [
            role(.ownerContact, "a", deputy: "a2"), role(.uhContact, "b", deputy: "b2"),
            role(.coordinator, "c", deputy: "c2"),
        ]
        p1.meetings = [
            Meeting.with {
                $0.id = "m1"
                $0.heldOn = date(2025, 4, 1)
            }
        ]
        p1.grantIds = ["g1"]
        var p2 = partnership(
            "P2",
            .active,
            owners: [TestRegion.privateKindergartenOwner],
            activated: at(2025, 3, 1),
            valid: (date(2025, 1, 1), date(2026, 12, 31))
        )
        p2.roles = [role(.ownerContact, "d"), role(.uhContact, "e")]
        p2.conflictCases = [
            ConflictCase.with {
                $0.id = "k1"
                $0.partnershipId = "P2"
                $0.status = .open
            }
        ]
        return [p0, p1, p2]
    }

    static func referrals() -> [ExpectedReferral] {
        var out: [ExpectedReferral] = []
        for index in 0..<6 {
            out.append(
                ExpectedReferral(
                    id: "in-service-\(index)",
                    region: agder,
                    municipalityId: TestRegion.kristiansand,
                    status: .inService,
                    divisionId: "statped-division-compulsory",
                    submittedAt: at(2025, 1, Int32(10 + index)),
                    triagedAt: at(2025, 1, 25),
                    acceptedAt: at(2025, 1, 25),
                    startupHeldAt: index < 4 ? at(2025, 2, 1) : at(2025, 2, 12),
                    inServiceAt: at(2025, 2, 20)
                )
            )
        }
        for index in 0..<5 {
            out.append(
                ExpectedReferral(
                    id: "accepted-\(index)",
                    region: agder,
                    municipalityId: TestRegion.arendal,
                    status: .accepted,
                    submittedAt: at(2025, 3, 1),
                    triagedAt: at(2025, 3, 21),
                    acceptedAt: at(2025, 3, 21)
                )
            )
        }
        for index in 0..<2 {
            out.append(
                ExpectedReferral(
                    id: "submitted-\(index)",
                    region: agder,
                    municipalityId: TestRegion.aseral,
                    status: .submitted,
                    submittedAt: at(2025, 5, 1)
                )
            )
            out.append(
                ExpectedReferral(
                    id: "closed-\(index)",
                    region: agder,
                    municipalityId: TestRegion.kristiansand,
                    status: .closed,
                    submittedAt: at(2024, 9, 1),
                    triagedAt: at(2024, 9, 11),
                    acceptedAt: at(2024, 9, 11),
                    startupHeldAt: at(2024, 10, 1),
                    inServiceAt: at(2024, 10, 11),
                    closedAt: at(2025, 3, 1)
                )
            )
        }
        for index in 0..<4 {
            out.append(
                ExpectedReferral(
                    id: "rogaland-\(index)",
                    region: TestRegion.otherGovernorOfficeId,
                    municipalityId: "1103",
                    status: .inService,
                    submittedAt: at(2025, 1, 2),
                    triagedAt: at(2025, 1, 10),
                    acceptedAt: at(2025, 1, 10),
                    startupHeldAt: at(2025, 1, 20),
                    inServiceAt: at(2025, 3, 3)
                )
            )
        }
        return out
    }
}

/// The hand-built set as the gateway reads it: the services' data, and ReferralService's pseudonymous milestones
/// made from each referral's timestamps (PRIV-R1: the gateway never sees the cases).
struct HandBuiltViewDataSource: ViewDataSource {
    let entities: FigureEntities

    func allocation(_ query: ViewQuery) async throws -> AllocationData {
        var data = AllocationData()
        data.frames = entities.frames
        data.recommendations = entities.recommendations
        data.decisions = entities.decisions
        data.grants = entities.grants
        data.disbursements = entities.disbursements
        data.commitments = entities.commitments
        return data
    }

    func needs(_ query: ViewQuery) async throws -> NeedsData {
        var data = NeedsData()
        data.reports = entities.reports.filter { query.years.contains($0.year) }
        return data
    }

    func partnerships(_ query: ViewQuery) async throws -> PartnershipsData {
        var data = PartnershipsData()
        data.partnerships = entities.partnerships
        data.measures = entities.measures
        data.reports = entities.partnershipReports
        data.conflicts = entities.conflicts
        data.contributions = entities.contributions
        return data
    }

    func referral(_ query: ViewQuery) async throws -> ReferralData {
        var data = ReferralData()
        var sequence: Int64 = 0
        for referral in entities.referrals {
            let milestones: [(ReferralMilestone, Int64)] = [
                (.submitted, referral.submittedAt), (.accepted, referral.acceptedAt),
                (.startupHeld, referral.startupHeldAt),
                (.inService, referral.inServiceAt), (.closed, referral.closedAt),
            ]
            for (milestone, at) in milestones where at > 0 {
                sequence += 1
                data.milestones.append(
                    ReferralMilestoneReached.with {
                        $0.sequence = sequence
                        $0.referralId = referral.id
                        $0.region = referral.region
                        $0.divisionId = referral.divisionId
                        $0.milestone = milestone
                        $0.at = at
                        $0.kind = .individual
                        $0.municipalityId = referral.municipalityId
                    }
                )
            }
        }
        return data
    }
}
