import KSICore

/// The subject-area label the intake worklist needs. chrome's `NorwegianLabels.swift` defines the same
/// function (issue 15): the integrator deletes this file when merging both branches.
extension NorwegianLabels {
    static func label(_ area: StatpedSubjectArea) -> String {
        switch area {
        case .hearing: "Hørsel"
        case .vision: "Syn"
        case .deafblindness: "Døvblindhet"
        case .languageAndSpeech: "Språk og tale"
        case .complexLearningDifficulties: "Sammensatte lærevansker"
        case .acquiredBrainInjury: "Ervervet hjerneskade"
        case .aac: "Alternativ og supplerende kommunikasjon (ASK)"
        case .autism: "Autisme"
        case .severeSchoolAbsence: "Alvorlig skolefravær"
        case .signLanguage: "Tegnspråk"
        default: "Ukjent"
        }
    }
}
