import KSICore

/// Every rule a dashboard action or form can hit, as one short bokmål sentence for the page (issue 15):
/// the needs and referral rules behind the case actions, the allocation rules the simulator reports, the
/// access, idempotency and input rules, and the refusals that name no rule (a stale form, an action the
/// case's state does not allow). A refusal on a page shows this sentence AND the rule id; an id this
/// table lacks gets the generic `fallback` naming it. One place: the error page uses it too.
enum RuleTexts {
    /// The stable reasons of refusals that name no rule (`ErrorInfo.reason`, Services/Shared/DomainError+RPC.swift).
    static let versionConflict = "VERSION_CONFLICT"
    static let illegalTransition = "ILLEGAL_TRANSITION"
    static let notPermitted = "NOT_PERMITTED"
    static let notFound = "NOT_FOUND"
    static let alreadyExists = "ALREADY_EXISTS"
    static let invalidArgument = "INVALID_ARGUMENT"

    /// The sentence of each rule, keyed by its typed id.
    static let rules: [RuleID: String] = [
        // Needs reports (DOMAIN.md §4.1).
        AssessmentBasisRule.id: "Søknaden må bygge på minst én behovsvurdering som fortsatt er gyldig.",
        UhPartnerRule.id: "Søknaden må ha minst én UH-partner, og minst én av dem må ha lærerutdanning.",
        PptInvolvementRule.id: "PPT må være involvert i søknaden slik embetet krever.",
        PptAffiliationRule.id: "Alle private enheter må være knyttet til et PP-kontor når embetet krever det.",
        OwnerApplicantRule.id:
            "Søknaden må sendes av en skole- eller barnehageeier, og alle medsøkere må ha bekreftet.",
        SubmissionDeadlineRule.id: "Søknaden må sendes innen fristen eller innen en innvilget utsettelse.",
        SpecificThemeRule.id: "Søknaden må ha minst ett tema, og brede inkluderingstemaer bør konkretiseres.",
        CollectiveDevelopmentRule.id:
            "Tiltakene bør inneholde praksisarbeid, ikke bare kurs, webinarer eller forelesninger.",
        TeamAroundChildRule.id: "Målgruppen bør omfatte PPT eller andre støttetjenester.",
        StaffInvolvementRule.id: "De ansattes medvirkning må være dokumentert i behovsvurderingen.",
        RequestedAmountRule.id:
            "Søknadsbeløpet må være hele kroner over 0, og antall år innenfor det ordningen tillater.",
        NeedsOutcomeRule.id: "Utfallet av søknaden avledes når alle linjene er vedtatt.",
        StatpedContributionRule.id: "Temaer med lav forekomst bør ha et bidrag fra Statped via UH.",
        PlanReferenceRule.id: "Søknaden bør vise til eierens plan.",
        SchoolAssessmentCoverageRule.id:
            "Alle skolene til en deltakende eier bør ha en gyldig behovsvurdering (DEKOM).",
        // Referrals (DOMAIN.md §4.4).
        ResponsiblePptOfficeRule.id: "Bare PP-kontoret som har ansvar for barnets hjemkommune, kan henvise.",
        ExceptionPathRule.id:
            "Statped kan bare åpne en sak uten henvisning ved nyoppdaget alvorlig sansetap eller ervervet hjerneskade.",
        ReferralGroundRule.id: "Henvisningen må ha minst ett henvisningsgrunnlag.",
        TriedMeasuresRule.id: "Når lokale tiltak er prøvd uten resultat, må tiltakene beskrives.",
        AttachmentChecklistRule.id: "Vedleggene må være merket som vedlagt eller som ikke eksisterende.",
        GuardianConsentRule.id: "Foresatte må ha samtykket før henvisningen og før tjenesten starter.",
        TriageDecisionRule.id:
            "En vurdering må ha en beslutning; et avslag må ha en avslagsgrunn og et råd om hvor saken kan gå i stedet.",
        SeadRoutingRule.id: "Saker med samisk språk eller tema skal rutes til avdelingen for samisk opplæring.",
        AssignmentRule.id: "En tildeling må ha avdeling, sted, rådgiver og begrunnelse.",
        StartupMeetingSlaRule.id: "Oppstartsmøtet skal holdes innen 14 dager etter at henvisningen er akseptert.",
        CollaborationPlanRule.id:
            "Samarbeidsplanen må ha varighet, mål, ansvar for PPT og Statped, framdriftsplan og evalueringsplan.",
        ServicePhaseRule.id: "Fasene må følge hverandre uten at noen hoppes over.",
        ExtensionRule.id: "En forlengelse krever en evaluering og en revidert plan med ny sluttdato.",
        MeetingPlanRule.id: "Møteplanen bør ha ett fysisk møte og resten digitalt, ellers trengs en merknad.",
        SystemRequestRule.id: "Systemhenvendelser kan ikke inneholde opplysninger om barn.",
        MilestoneTimestampRule.id: "Tidspunktene for milepæler settes av systemet og kan ikke endres.",
        // Allocation, as the simulator reports them (DOMAIN.md §4.3).
        SimulatorRules.FrameCeilingRule.id: "Summen av tilskudd og bundne flerårige beløp kan ikke overstige rammen.",
        SimulatorRules.SplitShareRule.id:
            "Eierandel og UH-andel må til sammen være 100 % og følge fordelingsregelen, ellers trengs en begrunnelse.",
        SimulatorRules.ProRataLineRule.id:
            "Tilskudd til hver mottaker skal ikke fordeles pro rata etter innbyggere, elever eller lærerårsverk.",
        SimulatorRules.MicroGrantShareRule.id:
            "Andelen småtilskudd er høyere enn embetet tillater (fare for fragmentering).",
        SimulatorRules.ReservedShareRule.id: "De reserverte andelene til spesialpedagogikk og barnehage er ikke nådd.",
        .wholeKroner: "Beløp må være hele kroner.",
        .basisPointSplit: "Delingen følger reglene for basispunkter og største rest.",
        // Access, identity, input and idempotency (docs/security.md).
        .verifiedToken: "Innloggingen din kunne ikke bekreftes. Logg inn på nytt.",
        .actingPerson: "Du kan bare handle på egne vegne.",
        .assuranceLevel: "Denne handlingen krever innlogging på et høyere sikkerhetsnivå.",
        .personRole: "Du har ikke denne rollen i virksomheten du handler for.",
        .operationRole: "Rollen din gir ikke tilgang til denne handlingen.",
        .moneyBound: "Beløpet må være mellom 0 og 10 000 000 000 kr.",
        .requestIdRequired: "Skjemaet mangler en forespørsels-ID. Last siden på nytt.",
        .textLength: "Teksten er for lang.",
        .malformedInput: "Et felt mangler eller har en ugyldig verdi.",
        .idempotentReplay: "Skjemaet er allerede sendt med et annet innhold. Last siden på nytt og prøv igjen.",
    ]

    /// The sentence of each stable reason of a refusal that names no rule.
    static let reasons: [String: String] = [
        versionConflict:
            "Saken er endret siden du åpnet den. Siden viser nå den oppdaterte saken; kontroller den og prøv igjen.",
        illegalTransition: "Saken har en status som ikke tillater denne handlingen.",
        notPermitted: "Du har ikke tilgang til denne handlingen.",
        notFound: "Saken finnes ikke, eller du har ikke tilgang til den.",
        alreadyExists: "Skjemaet er allerede sendt med et annet innhold. Last siden på nytt og prøv igjen.",
        invalidArgument: "Et felt mangler eller har en ugyldig verdi.",
    ]

    /// The sentence for `rule`, or the generic one naming it.
    static func text(_ rule: String) -> String {
        rules[RuleID(rule)] ?? reasons[rule] ?? fallback(rule)
    }

    static func fallback(_ rule: String) -> String {
        "Regel \(rule) ble ikke oppfylt."
    }

    /// Whether `rule` is one of the stable reasons rather than a rule id (shown without "regel …").
    static func isReason(_ rule: String) -> Bool {
        [versionConflict, illegalTransition, notPermitted, notFound, alreadyExists, invalidArgument].contains(rule)
    }
}
