import KSICore

/// §3.2 size bands: which band of a named set a municipality falls in.
public enum SizeBands {
    /// The default set for dashboards (§3.2).
    public static let defaultSet = "ksi3"

    /// The set a request names, or `ksi3` when it names none.
    public static func set(_ requested: String) -> String { requested.isEmpty ? defaultSet : requested }

    /// The code of the band of `set` that holds `population` inhabitants; "" when no band does.
    /// Bounds are inclusive; an upper bound of 0 is open-ended.
    public static func code(population: Int64, set: String, reference: ReferenceData) -> String {
        let band = reference.set.sizeBands.last {
            $0.sizeBandSet == set && $0.basis != .pupils && $0.lowerBound <= population
                && ($0.upperBound == 0 || population <= $0.upperBound)
        }
        return band?.code ?? ""
    }

    /// The band code of a municipality; "" when the municipality is unknown.
    public static func code(
        municipalityId: String,
        set: String,
        reference: ReferenceData,
        on date: LocalDate? = nil
    ) -> String {
        guard
            let municipality = reference.municipality(municipalityId, on: date)
                ?? reference.municipality(municipalityId)
        else {
            return ""
        }
        return code(population: municipality.population, set: set, reference: reference)
    }
}
