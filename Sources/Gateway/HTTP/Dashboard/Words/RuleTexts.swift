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

    static let texts: [String: String] = [
        // Needs reports (DOMAIN.md §4.1).
        "NEED-R1": "Søknaden må bygge på minst én behovsvurdering som fortsatt er gyldig.",
        "NEED-R2": "Søknaden må ha minst én UH-partner, og minst én av dem må ha lærerutdanning.",
        "NEED-R3": "PPT må være involvert i søknaden slik embetet krever.",
        "NEED-R4": "Alle private enheter må være knyttet til et PP-kontor når embetet krever det.",
        "NEED-R5": "Søknaden må sendes av en skole- eller barnehageeier, og alle medsøkere må ha bekreftet.",
        "NEED-R6": "Søknaden må sendes innen fristen eller innen en innvilget utsettelse.",
        "NEED-R7": "Søknaden må ha minst ett tema, og brede inkluderingstemaer bør konkretiseres.",
        "NEED-R8": "Tiltakene bør inneholde praksisarbeid, ikke bare kurs, webinarer eller forelesninger.",
        "NEED-R9": "Målgruppen bør omfatte PPT eller andre støttetjenester.",
        "NEED-R10": "De ansattes medvirkning må være dokumentert i behovsvurderingen.",
        "NEED-R11": "Søknadsbeløpet må være hele kroner over 0, og antall år innenfor det ordningen tillater.",
        "NEED-R12": "Utfallet av søknaden avledes når alle linjene er vedtatt.",
        "NEED-R13": "Temaer med lav forekomst bør ha et bidrag fra Statped via UH.",
        "NEED-R14": "Søknaden bør vise til eierens plan.",
        "NEED-R15": "Alle skolene til en deltakende eier bør ha en gyldig behovsvurdering (DEKOM).",
        // Referrals (DOMAIN.md §4.4).
        "REF-R1": "Bare PP-kontoret som har ansvar for barnets hjemkommune, kan henvise.",
        "REF-R2":
            "Statped kan bare åpne en sak uten henvisning ved nyoppdaget alvorlig sansetap eller ervervet hjerneskade.",
        "REF-R3": "Henvisningen må ha minst ett henvisningsgrunnlag.",
        "REF-R4": "Når lokale tiltak er prøvd uten resultat, må tiltakene beskrives.",
        "REF-R5": "Vedleggene må være merket som vedlagt eller som ikke eksisterende.",
        "REF-R6": "Foresatte må ha samtykket før henvisningen og før tjenesten starter.",
        "REF-R7":
            "En vurdering må ha en beslutning; et avslag må ha en avslagsgrunn og et råd om hvor saken kan gå i stedet.",
        "REF-R8": "Saker med samisk språk eller tema skal rutes til avdelingen for samisk opplæring.",
        "REF-R9": "En tildeling må ha avdeling, sted, rådgiver og begrunnelse.",
        "REF-R10": "Oppstartsmøtet skal holdes innen 14 dager etter at henvisningen er akseptert.",
        "REF-R11":
            "Samarbeidsplanen må ha varighet, mål, ansvar for PPT og Statped, framdriftsplan og evalueringsplan.",
        "REF-R12": "Fasene må følge hverandre uten at noen hoppes over.",
        "REF-R13": "En forlengelse krever en evaluering og en revidert plan med ny sluttdato.",
        "REF-R14": "Møteplanen bør ha ett fysisk møte og resten digitalt, ellers trengs en merknad.",
        "REF-R15": "Systemhenvendelser kan ikke inneholde opplysninger om barn.",
        "REF-R16": "Tidspunktene for milepæler settes av systemet og kan ikke endres.",
        // Allocation, as the simulator reports them (DOMAIN.md §4.3).
        "ALLOC-R2": "Summen av tilskudd og bundne flerårige beløp kan ikke overstige rammen.",
        "ALLOC-R7":
            "Eierandel og UH-andel må til sammen være 100 % og følge fordelingsregelen, ellers trengs en begrunnelse.",
        "ALLOC-R8":
            "Tilskudd til hver mottaker skal ikke fordeles pro rata etter innbyggere, elever eller lærerårsverk.",
        "ALLOC-R9": "Andelen småtilskudd er høyere enn embetet tillater (fare for fragmentering).",
        "ALLOC-R19": "De reserverte andelene til spesialpedagogikk og barnehage er ikke nådd.",
        "COM-R2": "Beløp må være hele kroner.",
        "COM-R3": "Delingen følger reglene for basispunkter og største rest.",
        // Access, identity, input and idempotency (docs/security.md).
        "AUTH-R1": "Innloggingen din kunne ikke bekreftes. Logg inn på nytt.",
        "AUTH-R2": "Du kan bare handle på egne vegne.",
        "AUTH-R3": "Denne handlingen krever innlogging på et høyere sikkerhetsnivå.",
        "AUTH-R4": "Du har ikke denne rollen i virksomheten du handler for.",
        "AUTH-R5": "Rollen din gir ikke tilgang til denne handlingen.",
        "LIM-R2": "Beløpet må være mellom 0 og 10 000 000 000 kr.",
        "LIM-R4": "Skjemaet mangler en forespørsels-ID. Last siden på nytt.",
        "LIM-R5": "Teksten er for lang.",
        "COM-INPUT": "Et felt mangler eller har en ugyldig verdi.",
        "IDEM-R1": "Skjemaet er allerede sendt med et annet innhold. Last siden på nytt og prøv igjen.",
        // Refusals that name no rule.
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
        texts[rule] ?? fallback(rule)
    }

    static func fallback(_ rule: String) -> String {
        "Regel \(rule) ble ikke oppfylt."
    }

    /// Whether `rule` is one of the stable reasons rather than a rule id (shown without "regel …").
    static func isReason(_ rule: String) -> Bool {
        [versionConflict, illegalTransition, notPermitted, notFound, alreadyExists, invalidArgument].contains(rule)
    }
}
