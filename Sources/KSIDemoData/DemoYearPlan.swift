import KSICore

/// The cast of the demo year: which owners apply for what, and what becomes of each application and
/// each referral. Everything else (amounts, dates within a step) follows from these and the seed.
enum DemoFate: Sendable, Equatable {
    case approved, partiallyApproved, rejectedLine, notPrioritised, withdrawn, draft, returned, returnedAndResubmitted
}

struct DemoApplication: Sendable {
    let lead: String  // an owner id
    let coApplicants: [String]  // owner ids
    let kommune: String  // the lead's kommune (network, PPT office)
    let themes: [ThemeCode]
    let uh: String
    let pptInvolvement: PptInvolvement
    let courseOnly: Bool
    let fate: DemoFate
    let years: Int32
    /// Submitted after the deadline, within an extension the caseworker recorded (NEED-R6).
    var late = false

    var network: String { DemoRegion.kommuner.first { $0.0 == kommune }?.3 ?? "kristiansandsregionen" }
    var hasLine: Bool { [.approved, .partiallyApproved, .rejectedLine, .returnedAndResubmitted].contains(fate) }
    var funded: Bool { [.approved, .partiallyApproved, .returnedAndResubmitted].contains(fate) }
    var submitted: Bool { ![.withdrawn, .draft].contains(fate) }

    var units: [String] {
        switch lead {
        case DemoRegion.countyOwnerId: return ["unit-vgs-4204", "unit-vgs-4203"]
        case let id where id.hasPrefix("owner-private-"): return ["unit-private-\(kommune)"]
        default:
            return ([kommune] + coApplicants.map { String($0.dropFirst("owner-".count)) }).flatMap {
                ["unit-\($0)-school-1", "unit-\($0)-kindergarten-1"]
            }
        }
    }

    var sectors: [Sector] {
        switch lead {
        case DemoRegion.countyOwnerId: return [.upperSecondary]
        case let id where id.hasPrefix("owner-private-"): return [.kindergarten]
        default: return [.kindergarten, .compulsorySchool]
        }
    }

    var pptOffice: String {
        lead == DemoRegion.countyOwnerId ? DemoRegion.countyPPTId : DemoRegion.pptOfficeId(kommune)
    }

    static func kommune(
        _ number: String,
        with co: [String] = [],
        _ themes: [ThemeCode],
        uh: String = "uia",
        ppt: PptInvolvement = .participating,
        courseOnly: Bool = false,
        years: Int32 = 1,
        _ fate: DemoFate
    ) -> DemoApplication {
        DemoApplication(
            lead: DemoRegion.ownerId(number),
            coApplicants: co.map(DemoRegion.ownerId),
            kommune: number,
            themes: themes,
            uh: uh,
            pptInvolvement: ppt,
            courseOnly: courseOnly,
            fate: fate,
            years: years
        )
    }
}

enum DemoYearPlan {
    /// 21 applications from all 25 kommuner (4 of them joint, one late with an extension), the fylkeskommune and a private owner.
    static let applications: [DemoApplication] = [
        .kommune("4204", [.readingWriting, .inclusivePractice, .teamAroundChild], years: 2, .approved),
        .kommune("4203", with: ["4211", "4212"], [.autism, .teamAroundChild], .approved),
        .kommune("4202", [.schoolAttendance, .psychosocial], uh: "nla", .partiallyApproved),
        .kommune("4205", [.hearing, .languageAndCommunication], .approved),
        .kommune("4206", [.mathematics, .adaptedEducation], uh: "usn", .approved),
        .kommune("4207", [.inclusivePractice], .rejectedLine),
        .kommune("4213", with: ["4217"], [.adhd, .behaviour], .approved),
        .kommune("4214", [.earlyIntervention, .speechLanguage], .notPrioritised),
        .kommune("4215", [.vision, .aac], uh: "usn", .approved),
        .kommune("4216", [.readingWriting], courseOnly: true, .partiallyApproved),
        .kommune("4219", with: ["4220", "4221"], [.transitions, .neurodevelopmental], years: 2, .approved),
        .kommune("4223", [.psychosocial, .behaviour], uh: "nla", ppt: .informed, .approved),
        .kommune("4225", with: ["4226"], [.schoolAttendance, .professionalCommunity], .approved),
        .kommune("4227", [.deafblindness, .signLanguage], .returnedAndResubmitted),
        .kommune("4201", [.adaptedEducation, .mathematics], .withdrawn),
        .kommune("4218", [.learningLeadership, .inclusivePractice], .draft),
        .kommune("4222", [.complexLearningDifficulties], .returned),
        .kommune("4228", [.acquiredBrainInjury, .earlyIntervention], .notPrioritised),
        DemoApplication(
            lead: DemoRegion.countyOwnerId,
            coApplicants: [],
            kommune: "4204",
            themes: [.schoolAttendance, .inclusiveLearningEnvironment],
            uh: "uia",
            pptInvolvement: .coApplicant,
            courseOnly: false,
            fate: .approved,
            years: 1
        ),
        {
            var late = DemoApplication.kommune("4224", [.inclusivePractice, .earlyIntervention], .notPrioritised)
            late.late = true
            return late
        }(),
        DemoApplication(
            lead: "owner-private-4203",
            coApplicants: [],
            kommune: "4203",
            themes: [.languageAndCommunication, .earlyIntervention],
            uh: "nla",
            pptInvolvement: .invited,
            courseOnly: false,
            fate: .approved,
            years: 1
        ),
    ]

    /// Where each referral ends the year (§4.4), plus one Sámi child routed to SEAD.
    static let referralTargets: [(ReferralStatus, String, LocalDate, [StatpedSubjectArea], SamiLanguage)] = [
        (.draft, "4204", LocalDate(year: 2016, month: 5, day: 4), [.languageAndSpeech], .unspecified),
        (.submitted, "4203", LocalDate(year: 2013, month: 9, day: 21), [.complexLearningDifficulties], .unspecified),
        (.inTriage, "4202", LocalDate(year: 2020, month: 2, day: 11), [.autism], .unspecified),
        (.returned, "4204", LocalDate(year: 2012, month: 11, day: 30), [.vision], .unspecified),
        (.accepted, "4205", LocalDate(year: 2015, month: 1, day: 17), [.hearing], .unspecified),
        (.assigned, "4223", LocalDate(year: 2021, month: 6, day: 8), [.aac], .unspecified),
        (.startupHeld, "4206", LocalDate(year: 2014, month: 4, day: 2), [.severeSchoolAbsence], .unspecified),
        (.inService, "4204", LocalDate(year: 2011, month: 8, day: 19), [.complexLearningDifficulties], .unspecified),
        (.inService, "4215", LocalDate(year: 2017, month: 3, day: 25), [.autism], .northSami),
        (.closing, "4225", LocalDate(year: 2013, month: 12, day: 1), [.languageAndSpeech], .unspecified),
        (.closed, "4203", LocalDate(year: 2019, month: 10, day: 14), [.hearing], .unspecified),
        (.closed, "4207", LocalDate(year: 2012, month: 7, day: 7), [.vision], .unspecified),
        (.declined, "4214", LocalDate(year: 2014, month: 2, day: 28), [.languageAndSpeech], .unspecified),
        (.withdrawn, "4227", LocalDate(year: 2018, month: 1, day: 5), [.autism], .unspecified),
    ]
}
