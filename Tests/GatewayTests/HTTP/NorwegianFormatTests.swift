import KSICore
import Testing

@testable import Gateway

/// Numbers in Norwegian form (issue 15): no-break space between thousands, decimal comma, "kr" and "%",
/// a ratio in words ("ganger"), never "÷".
@Suite("Norwegian number formats")
struct NorwegianFormatTests {
    let nbsp = "\u{00A0}"

    @Test("thousands split by a no-break space, kroner from øre, one-decimal percentages, minus sign")
    func numbers() {
        #expect(NorwegianFormat.integer(1_234_567) == "1\(nbsp)234\(nbsp)567")
        #expect(NorwegianFormat.integer(999) == "999")
        #expect(NorwegianFormat.integer(-1000) == "−1\(nbsp)000")
        #expect(NorwegianFormat.kroner(600_000_000) == "6\(nbsp)000\(nbsp)000\(nbsp)kr")
        #expect(NorwegianFormat.kroner(Money.saturatedOre) == "over tallgrensen")
        #expect(NorwegianFormat.percent(1234) == "12,3\(nbsp)%")
        #expect(NorwegianFormat.percent(9270) == "92,7\(nbsp)%")
        #expect(NorwegianFormat.perTenThousand(12) == "12 per 10\(nbsp)000")
    }

    @Test("a demand ratio reads '1,34 ganger rammen', not '÷' or '×'")
    func ratio() {
        #expect(NorwegianFormat.ratio(13_400, of: "rammen") == "1,34\(nbsp)ganger rammen")
        #expect(NorwegianFormat.ratio(20_000) == "2,00\(nbsp)ganger")
        #expect(NorwegianFormat.ratio(10_500) == "1,05\(nbsp)ganger")
        #expect(!NorwegianFormat.ratio(13_400).contains("×") && !NorwegianFormat.ratio(13_400).contains("÷"))
    }

    @Test("dates and times in bokmål, Oslo time, clock with a full stop")
    func dateTime() {
        #expect(NorwegianFormat.date(LocalDate(year: 2025, month: 12, day: 5)) == "5. desember 2025")
        // 2025-06-02 10:07 UTC is 12.07 in Oslo (summer time).
        #expect(NorwegianFormat.dateTime(millis: 1_748_858_820_000) == "2. juni 2025 kl.\(nbsp)12.07")
    }
}

/// The glossary of the contract's enums (NorwegianLabels): each value has its own bokmål label, never its
/// case name; theme, division and size band names come from the reference data.
@Suite("Dashboard glossary")
struct DashboardGlossaryTests {
    func distinct<Value: Hashable>(_ values: [Value], _ name: (Value) -> String, _ label: (Value) -> String) {
        let labels = values.map(label)
        #expect(Set(labels).count == values.count, "\(labels)")
        for value in values {
            #expect(label(value) != NorwegianLabels.unknown && label(value) != name(value), "\(name(value))")
        }
    }

    @Test(
        "every scheme, sector, owner type, unit type, role, theme category, subject area, frequency and band has its own label"
    )
    func everyEnumHasALabel() {
        distinct(Scheme.allCases.filter { $0 != .unspecified }, \.name, NorwegianLabels.label)
        distinct(Sector.allCases.filter { $0 != .unspecified }, \.name, NorwegianLabels.label)
        distinct(OwnerType.allCases.filter { $0 != .unspecified }, \.name, NorwegianLabels.label)
        distinct(UnitType.allCases.filter { $0 != .unspecified }, \.name, NorwegianLabels.label)
        distinct(Role.allCases.filter { $0 != .unspecified }, \.name, NorwegianLabels.label)
        distinct(ThemeCategory.allCases.filter { $0 != .unspecified }, \.name, NorwegianLabels.label)
        distinct(StatpedSubjectArea.allCases.filter { $0 != .unspecified }, \.name, NorwegianLabels.label)
        distinct(Frequency.allCases.filter { $0 != .unspecified }, \.name, NorwegianLabels.label)
        distinct(HealthBand.allCases.filter { $0 != .unspecified }, \.name, NorwegianLabels.label)
    }

    @Test("size bands, Statped divisions and themes by their reference-data names")
    func referenceNames() throws {
        let reference = try ReferenceData.bundled()
        #expect(NorwegianLabels.sizeBand("large", set: "ksi3", reference: reference) == "20 000 innbyggere og flere")
        #expect(NorwegianLabels.sizeBand("ksi3-small", reference: reference) == "Under 5 000 innbyggere")
        #expect(
            NorwegianLabels.division("statped-division-compulsory", reference: reference)
                == "Statped, grunnskolealder (6–15 år)"
        )
        let theme = try #require(reference.set.themes.first)
        #expect(NorwegianLabels.theme(theme.code, reference: reference) == theme.name)
        #expect(NorwegianLabels.division("statped-division-nowhere", reference: reference) == NorwegianLabels.unknown)
    }
}
