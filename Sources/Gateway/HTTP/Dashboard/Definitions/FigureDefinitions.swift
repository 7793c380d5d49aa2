/// The catalogue behind /om-statistikken, like Udir's "Om statistikken": for each figure a page shows
/// (by its `data-figure` name, e.g. `V1.totals.frameOre`) what it counts, its unit, the formula in words
/// and the DOMAIN.md §5 view and rule it comes from. A `*` in a key stands for one name segment (a scenario
/// index, a status, an interval), so `V13.byStatus.*` covers every status of the queue.
/// Every figure name a page renders must have an entry (`FigureDefinitionsTests` walks the pages).
enum FigureDefinitions {
    struct Definition: Sendable {
        var key: String
        var label: String
        var counts: String
        var unit: String
        var formula: String
        var source: String
    }

    static let kroner = "kroner (vist i hele kroner, regnet i øre)"
    static let percent = "prosent med én desimal"
    static let number = "antall"

    /// The sections of the page, in order, with their entries.
    static let sections: [(heading: String, entries: [Definition])] = [
        (
            "Regionoversikt (V1)",
            [
                .init(
                    key: "V1.totals.frameOre",
                    label: "Ramme",
                    counts: "Den regionale rammen embetet har fått for året og ordningen.",
                    unit: kroner,
                    formula: "Summen av rammene (regionale rammer) for embetet, ordningen og året.",
                    source: "V1 Regionoversikt; ALLOC-R1"
                ),
                .init(
                    key: "V1.totals.requestedOre",
                    label: "Søkt",
                    counts: "Beløpet kommunene og de andre eierne har søkt om i behovsmeldingene.",
                    unit: kroner,
                    formula: "Summen av søkt beløp på behovsmeldinger som ikke er utkast eller trukket.",
                    source: "V1 Regionoversikt"
                ),
                .init(
                    key: "V1.totals.recommendedOre",
                    label: "Innstilt",
                    counts: "Beløpet forumet har innstilt på.",
                    unit: kroner,
                    formula: "Summen av innstilte beløp for året.",
                    source: "V1 Regionoversikt"
                ),
                .init(
                    key: "V1.totals.decidedOre",
                    label: "Vedtatt",
                    counts: "Tilskudd statsforvalteren har vedtatt for året, medregnet bekreftede flerårige beløp.",
                    unit: kroner,
                    formula: "Summen av vedtatte beløp for året.",
                    source: "V1 Regionoversikt; §5 «beløp»"
                ),
                .init(
                    key: "V1.totals.disbursedOre",
                    label: "Utbetalt",
                    counts: "Det som er utbetalt av vedtatte tilskudd.",
                    unit: kroner,
                    formula: "Summen av utbetalinger for året.",
                    source: "V1 Regionoversikt"
                ),
                .init(
                    key: "V1.totals.reclaimedOre",
                    label: "Krevd tilbake",
                    counts: "Det som er krevd tilbake av tilskudd.",
                    unit: kroner,
                    formula: "Summen av tilbakekrav for året.",
                    source: "V1 Regionoversikt"
                ),
                .init(
                    key: "V1.totals.utilisationBp",
                    label: "Andel av rammen vedtatt",
                    counts: "Hvor mye av rammen som er vedtatt.",
                    unit: percent,
                    formula: "Vedtatt delt på ramme.",
                    source: "V1 Regionoversikt"
                ),
                .init(
                    key: "V1.totals.participatingMunicipalities",
                    label: "Kommuner som deltar",
                    counts:
                        "Kommuner med minst én vedtatt tilskuddslinje til kommunen, eller minst én enhet i et tiltak som ikke er avbrutt.",
                    unit: number,
                    formula: "Antall slike kommuner i embetet.",
                    source: "V1 Regionoversikt"
                ),
                .init(
                    key: "V1.totals.totalMunicipalities",
                    label: "Kommuner i embetet",
                    counts: "Alle kommunene i embetet.",
                    unit: number,
                    formula: "Antall kommuner embetet har på datoen.",
                    source: "V1 Regionoversikt; COM-R6"
                ),
                .init(
                    key: "V1.totals.municipalParticipationBp",
                    label: "Kommunal deltakelse",
                    counts: "Andelen av kommunene i embetet som deltar.",
                    unit: percent,
                    formula: "Kommuner som deltar delt på alle kommuner i embetet.",
                    source: "V1 Regionoversikt"
                ),
                .init(
                    key: "V1.totals.activePartnerships",
                    label: "Partnerskap aktive i året",
                    counts: "Partnerskap i embetet som var aktive i det valgte året.",
                    unit: number,
                    formula: "Antall partnerskap i embetet som var aktive en del av året.",
                    source: "V1 Regionoversikt"
                ),
                .init(
                    key: "V1.totals.reportsByStatus.*",
                    label: "Behovsmeldinger etter status",
                    counts: "Behovsmeldinger for embetet, ordningen og året med denne statusen.",
                    unit: number,
                    formula: "Antall behovsmeldinger per status.",
                    source: "V1 Regionoversikt"
                ),
            ]
        ),
        (
            "Behov og ramme (V3)",
            [
                .init(
                    key: "V3.totals.demandRatioBp",
                    label: "Overtegning",
                    counts: "Hvor mange ganger rammen det er søkt om.",
                    unit: "ganger rammen, med to desimaler",
                    formula:
                        "Søkt delt på ramme. 12 millioner søkt mot en ramme på 6 millioner gir 2,00 ganger rammen.",
                    source: "V3 Behov og ramme"
                ),
                .init(
                    key: "V3.totals.precommittedOre",
                    label: "Bundet fra tidligere år",
                    counts: "Flerårige tilsagn gitt i tidligere år som skal betales av årets ramme.",
                    unit: kroner,
                    formula: "Summen av tilsagn for året som ble gitt i tidligere år.",
                    source: "V3 Behov og ramme"
                ),
                .init(
                    key: "V3.totals.availableOre",
                    label: "Tilgjengelig",
                    counts:
                        "Det som er igjen av rammen når tidligere tilsagn er trukket fra. Uten ramme vises «ikke fastsatt»; er mer bundet enn rammen, vises «ingen» og hvor mye mer.",
                    unit: kroner,
                    formula: "Ramme minus bundet fra tidligere år.",
                    source: "V3 Behov og ramme"
                ),
                .init(
                    key: "V3.totals.coverageBp",
                    label: "Dekningsgrad",
                    counts: "Hvor stor del av det som er søkt, som er vedtatt.",
                    unit: percent,
                    formula: "Vedtatt delt på søkt.",
                    source: "V3 Behov og ramme"
                ),
            ]
        ),
        (
            "Andeler (V4, V5)",
            [
                .init(
                    key: "V4.totals.specialNeedsShareInclusiveBp",
                    label: "Andel til spesialpedagogikk",
                    counts: "Andelen av tilskuddene som går til linjer med minst ett spesialpedagogisk tema.",
                    unit: percent,
                    formula: "Summen av beløp på linjer med et spesialpedagogisk tema delt på summen av alle beløp.",
                    source: "V4 Andel til spesialpedagogikk; §3.7"
                ),
                .init(
                    key: "V4.totals.specialNeedsShareWeightedBp",
                    label: "Andel til spesialpedagogikk",
                    counts: "Som over, men hver linje teller bare med den delen av temaene som er spesialpedagogiske.",
                    unit: percent,
                    formula:
                        "Summen av (beløp ganger spesialpedagogiske temaer delt på alle temaer) delt på summen av alle beløp.",
                    source: "V4 Andel til spesialpedagogikk"
                ),
                .init(
                    key: "V4.totals.unknownAmountOre",
                    label: "Ukjent tema",
                    counts: "Beløp på linjer uten behovsgrunnlag, der temaene ikke er kjent.",
                    unit: kroner,
                    formula: "Summen av beløp på linjer uten kjent behovsmelding.",
                    source: "V4 Andel til spesialpedagogikk"
                ),
                .init(
                    key: "V5.totals.kindergartenShareBp",
                    label: "Andel til barnehage",
                    counts: "Andelen av tilskuddene som går til barnehager.",
                    unit: percent,
                    formula:
                        "Summen av (beløp ganger barnehager delt på deltakende enheter) delt på summen av alle beløp. Uten enheter får linjens sektorer lik vekt.",
                    source: "V5 Andel til barnehage"
                ),
                .init(
                    key: "V5.totals.unknownAmountOre",
                    label: "Ukjent sektor",
                    counts: "Beløp på linjer uten behovsgrunnlag, der sektoren ikke er kjent.",
                    unit: kroner,
                    formula: "Summen av beløp på linjer uten kjent behovsmelding.",
                    source: "V5 Andel til barnehage"
                ),
                .init(
                    key: "V5.totals.participationParityBp",
                    label: "Deltakelsesparitet barnehage",
                    counts: "Om barnehagene deltar like mye som enhetene ellers. 100 % betyr like mye.",
                    unit: percent,
                    formula: "Andelen barnehager som deltar delt på andelen av alle enheter som deltar.",
                    source: "V5 Andel til barnehage"
                ),
            ]
        ),
        (
            "Fragmentering (V6)",
            [
                .init(
                    key: "V6.totals.fragmentationBp",
                    label: "Fragmentering",
                    counts:
                        "Hvor spredt pengene er på mange små tilskudd. 0 % er ett tilskudd; nær 100 % er mange like små.",
                    unit: percent,
                    formula: "1 minus summen av kvadratet av hver linjes andel av totalen (1 − HHI).",
                    source: "V6 Fragmenteringsindeks"
                ),
                .init(
                    key: "V6.totals.microShareBp",
                    label: "Andel småtilskudd",
                    counts: "Andelen tilskuddslinjer som er under grensen for småtilskudd.",
                    unit: percent,
                    formula: "Antall linjer under grensen delt på antall linjer.",
                    source: "V6 Fragmenteringsindeks; grensen for småtilskudd"
                ),
                .init(
                    key: "V6.totals.lineCount",
                    label: "Tilskuddslinjer",
                    counts: "Tilskuddslinjer med beløp for året.",
                    unit: number,
                    formula: "Antall linjer.",
                    source: "V6 Fragmenteringsindeks"
                ),
            ]
        ),
        (
            "Deltakelse og inkludering (V11)",
            [
                .init(
                    key: "V11.totals.municipalUnitsParticipating",
                    label: "Kommunale enheter som deltar",
                    counts: "Barnehager og skoler med kommunal eier som er med i et tiltak.",
                    unit: number,
                    formula: "Antall kommunale enheter i tiltak.",
                    source: "V11 Deltakelse og inkludering"
                ),
                .init(
                    key: "V11.totals.privateUnitsParticipating",
                    label: "Private enheter som deltar",
                    counts: "Barnehager og skoler med privat eier som er med i et tiltak.",
                    unit: number,
                    formula: "Antall private enheter i tiltak.",
                    source: "V11 Deltakelse og inkludering"
                ),
                .init(
                    key: "V11.totals.privateParityBp",
                    label: "Paritet mellom private og kommunale",
                    counts: "Om private enheter deltar like mye som kommunale. 100 % betyr like mye.",
                    unit: percent,
                    formula: "Andelen private enheter som deltar delt på andelen kommunale enheter som deltar.",
                    source: "V11 Deltakelse og inkludering"
                ),
                .init(
                    key: "V11.totals.pptInvolvementBp",
                    label: "PPT involvert",
                    counts: "Andelen behovsmeldinger der PPT er invitert eller mer.",
                    unit: percent,
                    formula: "Meldinger med PPT-involvering invitert eller mer delt på alle meldinger.",
                    source: "V11 Deltakelse og inkludering"
                ),
                .init(
                    key: "V11.totals.fundedOtherThanRequestedBp",
                    label: "Innvilget med endringer",
                    counts: "Andelen meldinger som er innvilget annerledes enn omsøkt.",
                    unit: percent,
                    formula: "Meldinger innvilget med endringer delt på avgjorte meldinger.",
                    source: "V11 Deltakelse og inkludering"
                ),
            ]
        ),
        (
            "Kommuneprofil (V2)",
            [
                .init(
                    key: "V2.population",
                    label: "Innbyggere",
                    counts: "Innbyggere i kommunen etter referansedataene.",
                    unit: number,
                    formula: "Folketall.",
                    source: "V2 Kommuneprofil; §3.1"
                ),
                .init(
                    key: "V2.children0to19",
                    label: "Barn og unge 0–19 år",
                    counts: "Barn og unge 0–19 år i kommunen.",
                    unit: number,
                    formula: "Antall etter referansedataene.",
                    source: "V2 Kommuneprofil"
                ),
                .init(
                    key: "V2.decidedPerChildOre",
                    label: "Vedtatt per barn",
                    counts:
                        "Vedtatt til kommunens egne eiere for året per barn og ung. En samlesøknad telles hos mottakeren av vedtaket.",
                    unit: kroner,
                    formula: "Vedtatt til kommunens eiere delt på barn og unge 0–19 år.",
                    source: "V2 Kommuneprofil"
                ),
                .init(
                    key: "V2.thirdPartyContributionCount",
                    label: "Bidrag fra tredjepart",
                    counts: "Registrerte bidrag fra tredjepart i KSI-tiltak.",
                    unit: number,
                    formula: "Antall bidrag.",
                    source: "V2 Kommuneprofil"
                ),
                .init(
                    key: "V2.referralsByStatus.*",
                    label: "Henvisninger etter status",
                    counts: "Henvisninger til Statped fra kommunen med denne statusen.",
                    unit: "antall; under 5 vises ikke",
                    formula: "Antall henvisninger per status.",
                    source: "V2 Kommuneprofil; PRIV-R5"
                ),
                .init(
                    key: "V2.fundingHistory.*.decidedOre",
                    label: "Vedtatt per år",
                    counts:
                        "Vedtatt til kommunens egne eiere i året, medregnet bekreftede flerårige beløp. En samlesøknad telles hos mottakeren av vedtaket.",
                    unit: kroner,
                    formula:
                        "Summen av godkjente beløp for året på vedtak til kommunens eiere; de fem siste årene, valgt år sist.",
                    source: "V2 Kommuneprofil"
                ),
                .init(
                    key: "V2.fundingHistory.*.disbursedOre",
                    label: "Utbetalt per år",
                    counts: "Det som er utbetalt på årets tilsagn til kommunens eiere.",
                    unit: kroner,
                    formula: "Summen av utbetalinger på tilsagn for året til kommunens eiere.",
                    source: "V2 Kommuneprofil"
                ),
            ]
        ),
        (
            "Partnerskapshelse (V7)",
            [
                .init(
                    key: "V7.bandCounts.*",
                    label: "Partnerskap i helsebåndet",
                    counts: "Partnerskap med helsepoeng i båndet: grønn 75–100, gul 50–74, rød under 50.",
                    unit: number,
                    formula: "Antall partnerskap per bånd.",
                    source: "V7 Partnerskapshelse"
                )
            ]
        ),
        (
            "Henvisninger til Statped (V8, V9, V13)",
            [
                .init(
                    key: "V8.totals.startupSlaBp",
                    label: "Oppstart innen 14 dager",
                    counts: "Andelen aksepterte saker der oppstartsmøtet ble holdt innen 14 dager.",
                    unit: percent,
                    formula: "Saker med oppstart 14 dager eller mindre etter aksept delt på saker med oppstart.",
                    source: "V8 Ventetider; REF-R7"
                ),
                .init(
                    key: "V8.totals.openCases",
                    label: "Åpne saker nå",
                    counts: "Henvisninger som i dag ikke er avsluttet, avslått eller trukket (uavhengig av valgt år).",
                    unit: "antall; under 5 vises ikke",
                    formula: "Antall åpne saker.",
                    source: "V8 Ventetider; PRIV-R5"
                ),
                .init(
                    key: "V8.totals.intervals.*.medianDays",
                    label: "Median ventetid",
                    counts: "Midterste ventetid i dager for saker som nådde begge milepælene i intervallet.",
                    unit: "dager",
                    formula: "Median av dager mellom de to milepælene; gruppert etter datoen for den siste.",
                    source: "V8 Ventetider"
                ),
                .init(
                    key: "V8.groups.*.figures.intervals.tTotal.n",
                    label: "Avsluttede saker per aldersavdeling",
                    counts: "Saker i aldersavdelingen som ble avsluttet i året.",
                    unit: "antall; under 5 vises ikke",
                    formula: "Antall saker med både mottatt og avsluttet, gruppert på året saken ble avsluttet.",
                    source: "V8 Ventetider; PRIV-R5"
                ),
                .init(
                    key: "V8.groups.*.figures.intervals.tTotal.medianDays",
                    label: "Median dager til avsluttet",
                    counts: "Midterste antall dager fra mottatt til avsluttet for disse sakene.",
                    unit: "dager; skjult når antallet er under 5",
                    formula: "Median av dager fra mottatt til avsluttet.",
                    source: "V8 Ventetider; PRIV-R5"
                ),
                .init(
                    key: "V8.groups.*.figures.startupSlaBp",
                    label: "Oppstart innen 14 dager per aldersavdeling",
                    counts: "Andelen aksepterte saker i avdelingen der oppstartsmøtet ble holdt innen 14 dager.",
                    unit: percent,
                    formula: "Saker med oppstart høyst 14 dager etter akseptert delt på alle saker med oppstartsmøte.",
                    source: "V8 Ventetider; REF-R10"
                ),
                .init(
                    key: "V9.nationalMedianTToServiceDays",
                    label: "Median dager til tjeneste",
                    counts: "Midterste antall dager fra henvisning til tjeneste i hele landet.",
                    unit: "dager",
                    formula: "Median av dager fra mottatt til tjeneste.",
                    source: "V9 Likeverd"
                ),
                .init(
                    key: "V9.equityGapBp",
                    label: "Forskjell mellom regionene",
                    counts:
                        "Hvor mye lengre den regionen med lengst ventetid venter enn den med kortest (bare regioner med minst 5 saker). Ikke definert med færre enn to slike regioner.",
                    unit: "ganger (som prosent)",
                    formula: "Høyeste regionale median delt på laveste.",
                    source: "V9 Likeverd"
                ),
                .init(
                    key: "V9.rows.*.n",
                    label: "Saker i regionen",
                    counts: "Saker i regionen som kom i tjeneste i året (bare regioner med minst 5 saker vises).",
                    unit: number,
                    formula:
                        "Antall saker med både mottatt og i tjeneste, etter embetet til hjemkommunen ved innsending.",
                    source: "V9 Likeverd; PRIV-R5"
                ),
                .init(
                    key: "V9.rows.*.medianTToServiceDays",
                    label: "Median dager til tjeneste i regionen",
                    counts: "Midterste antall dager fra mottatt til tjeneste i regionen.",
                    unit: "dager",
                    formula: "Median av dager fra mottatt til i tjeneste.",
                    source: "V9 Likeverd"
                ),
                .init(
                    key: "V9.rows.*.regionRatioBp",
                    label: "Mot landet",
                    counts: "Regionens median sammenlignet med landets.",
                    unit: "ganger landets median",
                    formula: "Regionens median delt på landets median; ikke tilgjengelig når landet har under 5 saker.",
                    source: "V9 Likeverd"
                ),
                .init(
                    key: "V9.rows.*.referralRateBp",
                    label: "Henvisninger per 10 000 barn",
                    counts: "Henvisninger mottatt i året per 10 000 barn og unge 0–19 år i embetets kommuner.",
                    unit: "per 10 000 barn",
                    formula: "Henvisninger delt på barn 0–19 år ganger 10 000.",
                    source: "V9 Likeverd"
                ),
                .init(
                    key: "V13.byStatus.*",
                    label: "Åpne henvisninger etter status",
                    counts: "Åpne henvisninger med denne statusen.",
                    unit: "antall; under 5 vises ikke",
                    formula: "Antall per status.",
                    source: "V13 Henvisningskø; PRIV-R4, PRIV-R5"
                ),
            ]
        ),
        (
            "Arbeidslister",
            [
                .init(
                    key: "worklist.count",
                    label: "Treff",
                    counts:
                        "Saker i arbeidslisten som passer med valgt embete, år, ordning og filtre, slik tjenestene viser dem for deg.",
                    unit: "antall (høyst 5 000; listen sier fra når den er kuttet)",
                    formula: "Antall rader etter filtrene.",
                    source: "Arbeidslistene; LIM-R7, AUTH-R5"
                )
            ]
        ),
        (
            "Tildelingssimulatoren (V12)",
            [
                .init(
                    key: "V12.result.scenarios.*.totalLinesOre",
                    label: "Sum tilskudd",
                    counts: "Det scenarioet fordeler til linjer.",
                    unit: kroner,
                    formula: "Summen av linjebeløpene i scenarioet.",
                    source: "V12 Tildelingssimulator"
                ),
                .init(
                    key: "V12.result.scenarios.*.remainingOre",
                    label: "Igjen av rammen",
                    counts: "Det som ikke blir fordelt.",
                    unit: kroner,
                    formula: "Ramme minus sum tilskudd.",
                    source: "V12 Tildelingssimulator"
                ),
                .init(
                    key: "V12.result.scenarios.*.specialNeedsShare.specialNeedsShareInclusiveBp",
                    label: "Spesialpedagogikk",
                    counts: "Andel til spesialpedagogikk i scenarioet.",
                    unit: percent,
                    formula: "Som V4, regnet på scenarioets linjer.",
                    source: "V12 med V4"
                ),
                .init(
                    key: "V12.result.scenarios.*.kindergartenShare.kindergartenShareBp",
                    label: "Barnehage",
                    counts: "Andel til barnehage i scenarioet.",
                    unit: percent,
                    formula: "Som V5, regnet på scenarioets linjer.",
                    source: "V12 med V5"
                ),
                .init(
                    key: "V12.result.scenarios.*.fragmentation.microShareBp",
                    label: "Småtilskudd",
                    counts: "Andel småtilskudd i scenarioet.",
                    unit: percent,
                    formula: "Som V6, regnet på scenarioets linjer.",
                    source: "V12 med V6"
                ),
                .init(
                    key: "V12.result.scenarios.*.subFrames.*.amountOre",
                    label: "Delramme",
                    counts: "Den veiledende delrammen fordelingsmetoden gir et fylke, et nettverk eller en mottaker.",
                    unit: kroner,
                    formula:
                        "Rammen fordelt etter metodens vekter; øre som blir til overs ved avrunding går til de største restene (største rest-metoden).",
                    source: "V12 Tildelingssimulator; COM-R3"
                ),
                .init(
                    key: "V12.result.scenarios.*.lines.*.amountOre",
                    label: "Linjebeløp",
                    counts: "Beløpet til én utkastlinje i scenarioet.",
                    unit: kroner,
                    formula: "Beløpet på linjen i utkastet (det samme i alle scenarioer, ALLOC-R8).",
                    source: "V12 Tildelingssimulator; ALLOC-R8"
                ),
                .init(
                    key: "V12.result.scenarios.*.lines.*.ownerAmountOre",
                    label: "Til eier",
                    counts: "Eierens del av linjebeløpet etter fordelingsregelen mellom eier og UH.",
                    unit: kroner,
                    formula: "Linjebeløp ganger eierens andel, rundet ned til hele kroner.",
                    source: "V12 Tildelingssimulator; COM-R3"
                ),
                .init(
                    key: "V12.result.scenarios.*.lines.*.uhAmountOre",
                    label: "Til UH",
                    counts: "UH-institusjonens del av linjebeløpet.",
                    unit: kroner,
                    formula: "Linjebeløp minus eierens del.",
                    source: "V12 Tildelingssimulator; COM-R3"
                ),
                .init(
                    key: "V12.result.scenarios.*.failedFindings",
                    label: "Regelbrudd",
                    counts: "Tildelingsregler scenarioet bryter.",
                    unit: number,
                    formula: "Antall regelkontroller (ALLOC-R2, R7, R8, R9, R19) som ikke er bestått.",
                    source: "V12 Tildelingssimulator"
                ),
            ]
        ),
    ]

    /// Words people asked about, with an anchor each (`#begrep-<id>`).
    static let terms: [(id: String, term: String, meaning: String)] = [
        (
            "helsebaand", "Helsebånd",
            "Partnerskapenes helsepoeng (0–100) samlet i tre bånd: grønn 75–100, gul 50–74 og rød under 50. Poengene veier roller, møter, rapportering, praksisendring, PPT, stabilitet og konflikter (V7)."
        ),
        (
            "paritet", "Paritet",
            "Om en gruppe deltar like mye som en annen: andelen som deltar i den ene gruppen delt på andelen i den andre. 100 % er lik deltakelse; under 100 % betyr at gruppen deltar mindre."
        ),
        (
            "fragmentering", "Fragmentering",
            "Hvor spredt pengene er på mange tilskudd: 1 minus summen av kvadratet av hver linjes andel. Høy fragmentering betyr mange små tilskudd i stedet for få store."
        ),
        (
            "overtegning", "Overtegning",
            "Når det søkes om mer enn rammen: søkt delt på ramme, for eksempel 1,34 ganger rammen."
        ),
        ("smaatilskudd", "Småtilskudd", "Tilskuddslinjer under beløpsgrensen embetet har satt."),
        ("dekningsgrad", "Dekningsgrad", "Hvor stor del av det som er søkt som er vedtatt: vedtatt delt på søkt."),
        (
            "skjult", "Skjult (under 5)",
            "Antall under 5 vises ikke, og heller ikke tall som de kan regnes ut fra, av hensyn til personvernet (PRIV-R5)."
        ),
    ]

    static let all: [Definition] = sections.flatMap(\.entries)
    private static let byKey: [String: Definition] = Dictionary(
        all.map { ($0.key, $0) },
        uniquingKeysWith: { first, _ in first }
    )

    /// The entry for a figure name: an exact key, else a key whose `*` segments match any one segment.
    static func definition(for name: String) -> Definition? {
        if let exact = byKey[name] { return exact }
        let segments = name.split(separator: ".", omittingEmptySubsequences: false)
        return all.first { definition in
            let pattern = definition.key.split(separator: ".", omittingEmptySubsequences: false)
            return pattern.count == segments.count && zip(pattern, segments).allSatisfy { $0 == "*" || $0 == $1 }
        }
    }

    /// Where a figure is defined: "/om-statistikken#<key>" (the page itself when no entry exists).
    static func href(_ name: String) -> String {
        "/om-statistikken" + (definition(for: name).map { "#" + $0.key } ?? "")
    }
}
