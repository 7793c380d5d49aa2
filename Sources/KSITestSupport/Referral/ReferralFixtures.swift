import Foundation
import KSICore

/// Builders for Referral tests: Statped's catalogue (divisions incl. SEAD, locations), a fixed key
/// ring, fictitious children with valid national identity numbers, and a harness that drives a
/// referral to any status through the public API.
public enum ReferralFixtures {
    /// Statped's divisions as the bundled reference data names them (Resources/ReferenceData/06-statped-divisions.json).
    public static let divisionCompulsory = "statped-division-compulsory"
    public static let divisionEarlyYears = "statped-division-earlyYears"
    public static let divisionSead = "statped-division-sead"
    public static let locationKristiansand = "location-kristiansand"
    public static let locationKarasjok = "location-karasjok"
    public static let adviserPerson = "person-statpedAdviser"
    /// A second PPT office serving Kristiansand, for transfers (PRIV-R3).
    public static let secondKristiansandOffice = "ppt-kristiansand-ost"

    /// The leader of the second Kristiansand office.
    public static func secondOfficeLeader() -> Caller {
        Caller(
            orgNumber: OrgNumber.fictitious(31_000).value,
            grants: [RoleGrant(.pptLeader, scope: secondKristiansandOffice)],
            personId: "person-secondOfficeLeader",
            assurance: .substantial
        )
    }

    /// The test region (with the bundled Statped divisions) plus Statped locations (§3.5: configurable, none bundled).
    public static func reference() throws -> ReferenceData {
        var extra = ReferenceDataSet()
        extra.statpedLocations = [
            StatpedLocation.with {
                $0.id = locationKristiansand
                $0.code = "krs"
                $0.name = "Kristiansand"
                $0.municipalityId = TestRegion.kristiansand
            },
            StatpedLocation.with {
                $0.id = locationKarasjok
                $0.code = "kjk"
                $0.name = "Karasjok"
                $0.municipalityId = "5610"
            },
        ]
        extra.pptOffices = [
            PptOffice.with {
                $0.id = secondKristiansandOffice
                $0.name = "PPT Kristiansand øst"
                $0.hostOwnerId = TestRegion.kristiansandKommune
                $0.orgNumber = OrgNumber.fictitious(31_000).value
                $0.serviceArea = PptServiceArea.with { $0.municipalityIds = [TestRegion.kristiansand] }
            }
        ]
        return try TestRegion.reference().merging(extra)
    }

    /// A fixed two-key ring text; `old` first, `current` last (the current key).
    public static let keyRingText = """
        # test keys (never use outside tests)
        old-2025:\(Data(repeating: 0x11, count: 32).base64EncodedString())
        current-2026:\(Data(repeating: 0x22, count: 32).base64EncodedString())
        """

    public static func keyRing() throws -> ReferralKeyRing { try ReferralKeyRing(parsing: keyRingText) }

    /// A valid fødselsnummer for a child born on the given date (2000–2039), or a D-number.
    public static func nationalId(year: Int, month: Int, day: Int, dNumber: Bool = false, seed: Int = 500) -> String {
        let yy = year % 100
        let dd = day + (dNumber ? 40 : 0)
        for individual in seed..<999 {
            let digits = [
                dd / 10, dd % 10, month / 10, month % 10, yy / 10, yy % 10, individual / 100, (individual / 10) % 10,
                individual % 10,
            ]
            if let (k1, k2) = NationalIdentityNumber.checkDigits(for: digits) {
                return (digits + [k1, k2]).map(String.init).joined()
            }
        }
        fatalError("no valid number for the date")
    }

    /// A distinctive child name that a raw-bytes search can look for.
    public static let childName = "Sunniva Fjellheim-Testbarn"
    public static let childNationalId = nationalId(year: 2014, month: 3, day: 15)

    /// A child in Kristiansand at a primary school.
    public static func child(
        name: String = childName,
        nationalId: String = childNationalId,
        municipality: String = TestRegion.kristiansand,
        unit: String = TestRegion.kristiansandSchool,
        sami: SamiLanguage = .unspecified
    ) -> ChildInput {
        ChildInput.with {
            $0.nationalId = nationalId
            $0.name = name
            $0.birthDate = LocalDate(year: 2014, month: 3, day: 15)
            $0.residenceMunicipalityId = municipality
            $0.unitId = unit
            $0.samiLanguage = sami
        }
    }

    public static let guardianName = "Ingrid Fjellheim-Foresatt"

    /// Complete draft content: grounds, tried measures, the checklist marked, one guardian.
    public static func content(areas: [StatpedSubjectArea] = [.complexLearningDifficulties]) -> ReferralDraftContent {
        ReferralDraftContent.with {
            $0.guardians = [
                Guardian.with {
                    $0.name = guardianName
                    $0.relation = "mother"
                    $0.hasParentalResponsibility = true
                    $0.phone = "+47 400 00 000"
                }
            ]
            $0.subjectAreas = areas
            $0.grounds = [.triedLocallyWithoutResult]
            $0.needDescription = "Needs support with reading and attention at school."
            $0.triedMeasures = "Adapted reading programme for one year."
            $0.attachmentChecklist = AttachmentChecklistRuleKinds.all.map { kind in
                AttachmentChecklistItem.with {
                    $0.kind = kind
                    $0.availability = .doesNotExist
                }
            }
        }
    }

    /// A collaboration plan request satisfying REF-R11.
    public static func plan(
        _ referral: Referral,
        from: LocalDate,
        requestId: String = UUID().uuidString
    ) -> ProposeCollaborationPlanRequest {
        ProposeCollaborationPlanRequest.with {
            $0.requestId = requestId
            $0.referralId = referral.id
            $0.expectedVersion = referral.version
            $0.validFrom = from
            $0.validTo = from.adding(days: 180)
            $0.goals = ["Better reading"]
            $0.responsibilities = [
                PlanResponsibility.with {
                    $0.party = .ppt
                    $0.task = "Follow up at school"
                },
                PlanResponsibility.with {
                    $0.party = .statped
                    $0.task = "Assessment and guidance"
                },
            ]
            $0.progressPlan = [
                ProgressMilestone.with {
                    $0.milestone = "Assessment done"
                    $0.date = from.adding(days: 60)
                }
            ]
            $0.evaluationPlan = [
                EvaluationPlanEntry.with {
                    $0.date = from.adding(days: 170)
                    $0.method = "Meeting"
                }
            ]
        }
    }
}

/// The checklist kinds of REF-R5 for every subject area (all eight documents but `other`).
public enum AttachmentChecklistRuleKinds {
    public static let all: [AttachmentKind] = [
        .expertAssessment, .individualDecision, .individualEducationPlan, .individualPlan, .pedagogicalReport,
        .audiogram,
        .visionAssessment,
    ]
}
