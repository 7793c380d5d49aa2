import Gateway
import KSICore
import KSITestSupport

/// A small hand-built embete-year for the V1, V2, V3 and V11 tests: Agder (TestRegion), KSI 2025, amounts in
/// whole kroner × 100. Every figure the tests expect is worked out by hand from the values here.
///
/// - Frame 1 000 000 kr published (a later draft of 2 000 000 kr and Rogaland's frame are ignored).
/// - Reports: r1 Kristiansand 400 000 (kindergarten, PPT invited, network-sor, fundedAsRequested);
///   r2 Arendal 600 000 (compulsory school, PPT informed, no network, fundedOtherThanRequested);
///   r3 private owner 100 000 draft; r4 Arendal 50 000 withdrawn.
/// - Adopted recommendation: L1 → Kristiansand 400 000 (kindergarten unit), L2 → Arendal 300 000 (school);
///   a draft recommendation's line of 999 000 is ignored.
/// - Signed decisions D1 400 000, D2 300 000; a commitment for 2025 confirmed at 100 000 on Kristiansand's
///   2024 grant G0, one indicative 50 000 on Arendal's 2024 grant G0b, one cancelled.
/// - Grants 2025: G1 (L1) disbursed 200 000, open reclaim 10 000; G2 (L2) disbursed 300 000, reclaim decided 50 000.
/// - Pledges: G1 required 120 000 pledged 120 000 documented 100 000; G2 required 90 000 pledged 80 000.
/// - Partnerships: P1 active (Kristiansand), P2 draft (Arendal). Measures: M1 started (Kristiansand
///   kindergarten, P1), M2 aborted (Arendal school, P2), M3 planned (private kindergarten, P1).
/// - Referrals from Kristiansand: 6 submitted, 2 accepted; 1 from Arendal.
enum ViewFixtureA {
    static let year: Int32 = 2025
    static let agder = TestRegion.governorOfficeId
    /// 2025-06-01 12:00 UTC.
    static let nowMillis: Int64 = 1_748_779_200_000

    static func kr(_ kroner: Int64) -> Int64 { kroner * 100 }

    static func inputs(
        audience: ViewAudience = .suppressed,
        governorOfficeId: String = TestRegion.governorOfficeId,
        history: Int32 = 0,
        allocation: Bool = true,
        needs: Bool = true,
        partnerships: Bool = true,
        referral: Bool = true
    ) throws -> ViewInputs {
        ViewInputs(
            audience: audience,
            reference: try TestRegion.reference(),
            nowMillis: nowMillis,
            query: ViewQuery(governorOfficeId: governorOfficeId, scheme: .ksi, years: (year - history)...year),
            allocation: allocation ? .available(allocationData) : .unavailable(reason: "allocation down"),
            needs: needs ? .available(needsData) : .unavailable(reason: "needs down"),
            partnerships: partnerships ? .available(partnershipsData) : .unavailable(reason: "partnerships down"),
            referral: referral ? .available(referralData) : .unavailable(reason: "referral down")
        )
    }

    // MARK: Needs

    static func report(
        _ id: String,
        lead: String,
        status: NeedsReportStatus,
        outcome: NeedsOutcome = .unspecified,
        kroner: Int64,
        sectors: [Sector],
        ppt: PptInvolvement,
        network: String = ""
    ) -> NeedsReport {
        NeedsReport.with {
            $0.id = id
            $0.title = "Report \(id)"
            $0.scheme = .ksi
            $0.year = year
            $0.governorOfficeId = agder
            $0.networkId = network
            $0.leadOwnerId = lead
            $0.status = status
            $0.outcome = outcome
            $0.requestedAmountOre = kr(kroner)
            $0.sectors = sectors
            $0.pptInvolvement = ppt
        }
    }

    static var needsData: NeedsData {
        var data = NeedsData()
        data.reports = [
            report(
                "r1",
                lead: TestRegion.kristiansandKommune,
                status: .fundedAsRequested,
                outcome: .fundedAsRequested,
                kroner: 400_000,
                sectors: [.kindergarten],
                ppt: .invited,
                network: TestRegion.networkId
            ),
            report(
                "r2",
                lead: TestRegion.arendalKommune,
                status: .fundedOtherThanRequested,
                outcome: .fundedOtherThanRequested,
                kroner: 600_000,
                sectors: [.compulsorySchool],
                ppt: .informed
            ),
            report(
                "r3",
                lead: TestRegion.privateKindergartenOwner,
                status: .draft,
                kroner: 100_000,
                sectors: [.kindergarten],
                ppt: .participating
            ),
            report(
                "r4",
                lead: TestRegion.arendalKommune,
                status: .withdrawn,
                kroner: 50_000,
                sectors: [.compulsorySchool],
                ppt: .none
            ),
        ]
        return data
    }

    // MARK: Allocation

    static func line(
        _ id: String,
        to owner: String,
        kroner: Int64,
        sector: Sector,
        municipality: String,
        unit: String,
        report: String
    )
        -> RecommendationLine
    {
        RecommendationLine.with {
            $0.id = id
            $0.recipientOrgId = owner
            $0.recipientType = .owner
            $0.amountOre = kr(kroner)
            $0.sectors = [sector]
            $0.municipalityIds = [municipality]
            $0.participatingUnitIds = [unit]
            $0.needsReportIds = [report]
        }
    }

    static func grant(_ id: String, to owner: String, year: Int32, lines: [String], kroner: Int64) -> Grant {
        Grant.with {
            $0.id = id
            $0.recipientOrgId = owner
            $0.recipientType = .owner
            $0.governorOfficeId = agder
            $0.scheme = .ksi
            $0.year = year
            $0.lineIds = lines
            $0.amountOre = kr(kroner)
        }
    }

    static var allocationData: AllocationData {
        var data = AllocationData()
        data.frames = [
            RegionalFrame.with {
                $0.id = "f1"
                $0.governorOfficeId = agder
                $0.scheme = .ksi
                $0.year = year
                $0.amountOre = kr(1_000_000)
                $0.status = .published
                $0.updatedAt = 1
            },
            RegionalFrame.with {
                $0.id = "f2"
                $0.governorOfficeId = agder
                $0.scheme = .ksi
                $0.year = year
                $0.amountOre = kr(2_000_000)
                $0.status = .draft
                $0.updatedAt = 2
            },
            RegionalFrame.with {
                $0.id = "f3"
                $0.governorOfficeId = TestRegion.otherGovernorOfficeId
                $0.scheme = .ksi
                $0.year = year
                $0.amountOre = kr(5_000_000)
                $0.status = .published
            },
        ]
        let l1 = line(
            "L1",
            to: TestRegion.kristiansandKommune,
            kroner: 400_000,
            sector: .kindergarten,
            municipality: TestRegion.kristiansand,
            unit: TestRegion.kristiansandKindergarten,
            report: "r1"
        )
        let l2 = line(
            "L2",
            to: TestRegion.arendalKommune,
            kroner: 300_000,
            sector: .compulsorySchool,
            municipality: TestRegion.arendal,
            unit: TestRegion.arendalSchool,
            report: "r2"
        )
        data.recommendations = [
            Recommendation.with {
                $0.id = "rec1"
                $0.governorOfficeId = agder
                $0.scheme = .ksi
                $0.year = year
                $0.status = .adopted
                $0.lines = [l1, l2]
            },
            Recommendation.with {
                $0.id = "rec2"
                $0.governorOfficeId = agder
                $0.scheme = .ksi
                $0.year = year
                $0.status = .draft
                $0.lines = [
                    line(
                        "L9",
                        to: TestRegion.arendalKommune,
                        kroner: 999_000,
                        sector: .kindergarten,
                        municipality: TestRegion.arendal,
                        unit: TestRegion.arendalSchool,
                        report: "r2"
                    )
                ]
            },
        ]
        data.decisions = [l1, l2].map { line in
            GrantDecision.with {
                $0.id = "D-\(line.id)"
                $0.lineId = line.id
                $0.governorOfficeId = agder
                $0.scheme = .ksi
                $0.year = year
                $0.recipientOrgId = line.recipientOrgId
                $0.needsReportIds = line.needsReportIds
                $0.outcome = .approved
                $0.approvedAmountOre = line.amountOre
                $0.status = .signed
            }
        }
        data.grants = [
            grant("G0", to: TestRegion.kristiansandKommune, year: 2024, lines: [], kroner: 300_000),
            grant("G0b", to: TestRegion.arendalKommune, year: 2024, lines: [], kroner: 150_000),
            grant("G1", to: TestRegion.kristiansandKommune, year: year, lines: ["L1"], kroner: 400_000),
            grant("G2", to: TestRegion.arendalKommune, year: year, lines: ["L2"], kroner: 300_000),
        ]
        data.commitments = [
            MultiYearCommitment.with {
                $0.id = "C1"
                $0.grantId = "G0"
                $0.year = year
                $0.amountOre = kr(120_000)
                $0.confirmedAmountOre = kr(100_000)
                $0.status = .confirmed
            },
            MultiYearCommitment.with {
                $0.id = "C2"
                $0.grantId = "G0b"
                $0.year = year
                $0.amountOre = kr(50_000)
                $0.status = .indicative
            },
            MultiYearCommitment.with {
                $0.id = "C3"
                $0.grantId = "G0b"
                $0.year = year
                $0.amountOre = kr(70_000)
                $0.status = .cancelled
            },
            MultiYearCommitment.with {
                $0.id = "C4"
                $0.grantId = "G1"
                $0.year = year + 1
                $0.amountOre = kr(40_000)
                $0.status = .indicative
            },
        ]
        data.disbursements = [
            Disbursement.with {
                $0.id = "P1"
                $0.grantId = "G1"
                $0.amountOre = kr(200_000)
            },
            Disbursement.with {
                $0.id = "P2"
                $0.grantId = "G2"
                $0.amountOre = kr(300_000)
            },
            Disbursement.with {
                $0.id = "P0"
                $0.grantId = "G0"
                $0.amountOre = kr(300_000)
            },
        ]
        data.reclaims = [
            ReclaimCase.with {
                $0.id = "RC1"
                $0.grantId = "G1"
                $0.amountOre = kr(10_000)
                $0.status = .open
            },
            ReclaimCase.with {
                $0.id = "RC2"
                $0.grantId = "G2"
                $0.amountOre = kr(50_000)
                $0.status = .decided
            },
        ]
        data.pledges = [
            CoFinancingPledge.with {
                $0.id = "CF1"
                $0.grantId = "G1"
                $0.ownerId = TestRegion.kristiansandKommune
                $0.requiredOre = kr(120_000)
                $0.pledgedOre = kr(120_000)
                $0.documentedOre = kr(100_000)
            },
            CoFinancingPledge.with {
                $0.id = "CF2"
                $0.grantId = "G2"
                $0.ownerId = TestRegion.arendalKommune
                $0.requiredOre = kr(90_000)
                $0.pledgedOre = kr(80_000)
            },
        ]
        data.networks = [
            CompetenceNetwork.with {
                $0.id = TestRegion.networkId
                $0.governorOfficeId = agder
                $0.municipalityIds = [TestRegion.kristiansand, TestRegion.aseral]
            }
        ]
        return data
    }

    // MARK: Partnerships

    static func measure(
        _ id: String,
        partnership: String,
        unit: String,
        sector: Sector,
        status: MeasureStatus
    ) -> Measure {
        Measure.with {
            $0.id = id
            $0.partnershipId = partnership
            $0.scheme = .ksi
            $0.governorOfficeId = agder
            $0.title = "Measure \(id)"
            $0.participatingUnitIds = [unit]
            $0.sectors = [sector]
            $0.status = status
            $0.pptRole = .advisor
            $0.themes = [.inclusivePractice]
        }
    }

    static var partnershipsData: PartnershipsData {
        var data = PartnershipsData()
        data.partnerships = [
            Partnership.with {
                $0.id = "P1"
                $0.name = "Kristiansand og UiA"
                $0.scheme = .ksi
                $0.governorOfficeId = agder
                $0.ownerIds = [TestRegion.kristiansandKommune]
                $0.uhInstitutionIds = [TestRegion.uia]
                $0.status = .active
                $0.thirdParties = [
                    ThirdPartyContribution.with {
                        $0.id = "TP1"
                        $0.partnershipId = "P1"
                    }
                ]
                $0.roles = [
                    RoleAssignment.with {
                        $0.role = .ownerContact
                        $0.personId = "anne"
                    },
                    RoleAssignment.with {
                        $0.role = .coordinator
                        $0.personId = ""
                    },
                    RoleAssignment.with {
                        $0.role = .uhContact
                        $0.personId = "ola"
                        $0.to = LocalDate(year: 2024, month: 12, day: 31)
                    },
                ]
            },
            Partnership.with {
                $0.id = "P2"
                $0.name = "Arendal og UiA"
                $0.scheme = .ksi
                $0.governorOfficeId = agder
                $0.ownerIds = [TestRegion.arendalKommune]
                $0.uhInstitutionIds = [TestRegion.uia]
                $0.status = .draft
            },
        ]
        data.measures = [
            measure(
                "M1",
                partnership: "P1",
                unit: TestRegion.kristiansandKindergarten,
                sector: .kindergarten,
                status: .started
            ),
            measure(
                "M2",
                partnership: "P2",
                unit: TestRegion.arendalSchool,
                sector: .compulsorySchool,
                status: .aborted
            ),
            measure(
                "M3",
                partnership: "P1",
                unit: TestRegion.privateKindergarten,
                sector: .kindergarten,
                status: .planned
            ),
        ]
        data.contributions = [
            ThirdPartyContribution.with {
                $0.id = "TP1"
                $0.partnershipId = "P1"
            },
            ThirdPartyContribution.with {
                $0.id = "TP2"
                $0.partnershipId = "P1"
            },
            ThirdPartyContribution.with {
                $0.id = "TP3"
                $0.partnershipId = "P2"
            },
        ]
        return data
    }

    // MARK: Referral

    static func milestone(
        _ referral: String,
        _ milestone: ReferralMilestone,
        at: Int64,
        municipality: String
    ) -> ReferralMilestoneReached {
        ReferralMilestoneReached.with {
            $0.referralId = referral
            $0.milestone = milestone
            $0.at = at
            $0.municipalityId = municipality
            $0.region = agder
        }
    }

    static var referralData: ReferralData {
        var data = ReferralData()
        for index in 1...8 {
            data.milestones.append(
                milestone("k\(index)", .submitted, at: Int64(index), municipality: TestRegion.kristiansand)
            )
        }
        // k7 and k8 were accepted later: 6 submitted, 2 accepted.
        data.milestones.append(milestone("k7", .accepted, at: 100, municipality: TestRegion.kristiansand))
        data.milestones.append(milestone("k8", .accepted, at: 101, municipality: TestRegion.kristiansand))
        data.milestones.append(milestone("a1", .submitted, at: 5, municipality: TestRegion.arendal))
        return data
    }
}
