import KSICore

/// The dashboard's one glossary for the contract's enums (DOMAIN.md §2 words, bokmål): the API's JSON
/// keeps the enum value names, a page shows these. Names that live in the reference data (themes, Statped
/// divisions, size bands) are looked up there, never derived from a code or record id.
/// Other parts add their enums in `NorwegianLabels+*.swift`.
enum NorwegianLabels {
    /// What a page shows for a value no label is known for (never the raw code).
    static let unknown = "Ukjent"

    static func label(_ status: NeedsReportStatus) -> String {
        switch status {
        case .draft: "Utkast"
        case .submitted: "Sendt inn"
        case .returned: "Returnert for utfylling"
        case .underReview: "Under behandling"
        case .prioritised: "Prioritert"
        case .notPrioritised: "Ikke prioritert"
        case .inRecommendation: "I innstillingen"
        case .fundedAsRequested: "Innvilget som omsøkt"
        case .fundedOtherThanRequested: "Innvilget med endringer"
        case .rejected: "Avslått"
        case .withdrawn: "Trukket"
        default: unknown
        }
    }

    static func label(_ outcome: NeedsOutcome) -> String {
        switch outcome {
        case .fundedAsRequested: "Innvilget som omsøkt"
        case .fundedOtherThanRequested: "Innvilget med endringer"
        case .notFunded: "Ikke innvilget"
        default: "Ikke avgjort"
        }
    }

    static func label(_ status: ReferralStatus) -> String {
        switch status {
        case .draft: "Utkast"
        case .submitted: "Sendt inn"
        case .returned: "Returnert til PPT"
        case .inTriage: "Til vurdering"
        case .accepted: "Akseptert"
        case .declined: "Avslått"
        case .assigned: "Tildelt rådgiver"
        case .startupHeld: "Oppstartsmøte holdt"
        case .inService: "Tjeneste pågår"
        case .closing: "Avsluttes"
        case .closed: "Avsluttet"
        case .withdrawn: "Trukket"
        default: unknown
        }
    }

    static func label(_ kind: ReferralKind) -> String {
        switch kind {
        case .individual: "Individsak"
        case .system: "Systemsak"
        case .exceptionOpenedByStatped: "Åpnet av Statped uten henvisning"
        default: "Ukjent"
        }
    }

    static func label(_ scheme: Scheme) -> String {
        switch scheme {
        case .ksi: "Kompetanseløftet (KSI)"
        case .dekom: "Desentralisert kompetanseutvikling (DEKOM)"
        case .rekom: "Regional kompetanseutvikling (REKOM)"
        default: "Alle ordninger"
        }
    }

    static func label(_ sector: Sector) -> String {
        switch sector {
        case .kindergarten: "Barnehage"
        case .compulsorySchool: "Grunnskole"
        case .upperSecondary: "Videregående opplæring"
        case .adultEducation: "Voksenopplæring"
        case .supportServices: "Støttetjenester (PPT)"
        default: unknown
        }
    }

    static func label(_ type: OwnerType) -> String {
        switch type {
        case .municipality: "Kommune"
        case .countyAuthority: "Fylkeskommune"
        case .privateKindergarten: "Privat barnehageeier"
        case .privateSchool: "Privat skoleeier"
        default: unknown
        }
    }

    static func label(_ type: UnitType) -> String {
        switch type {
        case .kindergarten: "Barnehage"
        case .primarySchool: "Grunnskole"
        case .upperSecondarySchool: "Videregående skole"
        case .sfo: "SFO"
        case .combinedCentre: "Oppvekstsenter"
        case .pptOffice: "PP-kontor"
        case .adultEducationCentre: "Voksenopplæringssenter"
        default: unknown
        }
    }

    static func label(_ role: Role) -> String {
        switch role {
        case .udirAdmin: "Forvalter i Utdanningsdirektoratet"
        case .sfCaseworker: "Saksbehandler hos statsforvalteren"
        case .sfDecisionMaker: "Beslutter hos statsforvalteren"
        case .forumMember: "Medlem av samarbeidsforumet"
        case .forumChair: "Leder av samarbeidsforumet"
        case .committeeMember: "Medlem av arbeidsutvalget"
        case .networkCoordinator: "Nettverkskoordinator"
        case .ownerAdmin: "Eieradministrator"
        case .unitLeader: "Leder av enhet"
        case .uhContact: "Kontaktperson i UH"
        case .pptAdviser: "PPT-rådgiver"
        case .pptLeader: "PPT-leder"
        case .statpedIntake: "Inntakskoordinator i Statped"
        case .statpedAdviser: "Rådgiver i Statped"
        case .statpedManager: "Leder i Statped"
        case .statpedForumRep: "Statpeds representant i forumet"
        case .unionRep: "Tillitsvalgt"
        case .public: "Allmennheten"
        case .system: "Systemet"
        default: unknown
        }
    }

    static func label(_ category: ThemeCategory) -> String {
        switch category {
        case .broadInclusion: "Bred inkludering"
        case .highFrequencyDifficulty: "Vanlige vansker (høyfrekvente)"
        case .targetedSpecialNeeds: "Målrettet spesialpedagogikk"
        case .lowFrequencySpecialised: "Sjeldne og spesialiserte behov (lavfrekvente)"
        case .generalDevelopment: "Generell utvikling"
        default: unknown
        }
    }

    static func label(_ area: StatpedSubjectArea) -> String {
        switch area {
        case .hearing: "Hørsel"
        case .vision: "Syn"
        case .deafblindness: "Døvblindhet og kombinerte syns- og hørselsvansker"
        case .languageAndSpeech: "Språk og tale"
        case .complexLearningDifficulties: "Sammensatte lærevansker"
        case .acquiredBrainInjury: "Ervervet hjerneskade"
        case .aac: "Alternativ og supplerende kommunikasjon (ASK)"
        case .autism: "Autisme"
        case .severeSchoolAbsence: "Alvorlig skolefravær"
        case .signLanguage: "Tegnspråk"
        default: unknown
        }
    }

    static func label(_ frequency: Frequency) -> String {
        switch frequency {
        case .high: "Høyfrekvent"
        case .low: "Lavfrekvent"
        default: unknown
        }
    }

    static func label(_ band: HealthBand) -> String {
        switch band {
        case .green: "Grønn"
        case .amber: "Gul"
        case .red: "Rød"
        default: unknown
        }
    }

    // MARK: Names from the reference data

    /// A theme's name from the reference data (`Theme.name`).
    static func theme(_ code: ThemeCode, reference: ReferenceData) -> String {
        reference.theme(code)?.name ?? unknown
    }

    /// A Statped division's name (`StatpedDivision.name`) by its record id or code.
    static func division(_ idOrCode: String, reference: ReferenceData) -> String {
        reference.set.statpedDivisions.last { $0.id == idOrCode || $0.code == idOrCode }?.name ?? unknown
    }

    /// A size band's name (`SizeBand.name`) by its record id or code; `set` narrows to one size band set.
    static func sizeBand(_ idOrCode: String, set: String = "", reference: ReferenceData) -> String {
        guard !idOrCode.isEmpty else { return unknown }
        let bands = reference.set.sizeBands.filter { set.isEmpty || $0.sizeBandSet == set }
        return (bands.last { $0.id == idOrCode } ?? bands.last { $0.code == idOrCode })?.name ?? unknown
    }
}
