import KSICore

/// Splits decided lines by the §5 common breakdown dimensions for the line-based views V4–V6.
///
/// - `SECTOR`: the line's sectors. PD: a line with several sectors is counted in full in each of its sector
///   rows, so sector rows can add up to more than the total.
/// - `OWNER_TYPE`: the recipient owner's `OwnerType`; a UH recipient is `uhInstitution`.
/// - `SIZE_BAND`: the size band (by inhabitants) of the recipient owner's municipality; for a recipient that is
///   not an owner, the bands of the line's municipalities (PD).
/// - `REGION`: the line's embete.
///
/// Other dimensions do not apply to lines and give no rows. A value that cannot be resolved is `unknown`.
/// Several dimensions give one row per combination that occurs.
public enum LineBreakdowns {
    /// One breakdown row: its keys and the lines in it.
    public struct Group: Sendable {
        public var keys: [DimensionValue]
        public var lines: [DecidedLine]
    }

    static let unknown = "unknown"
    /// §3.2: the default size-band set of dashboards.
    static let defaultSizeBandSet = "ksi3"

    /// The rows for `dimensions` (in the request's order), sorted by their key values; empty with no dimensions.
    public static func group(
        _ lines: [DecidedLine],
        by dimensions: [ViewDimension],
        reference: ReferenceData,
        sizeBandSet: String = ""
    ) -> [Group] {
        let supported = dimensions.filter { [.sector, .ownerType, .sizeBand, .region].contains($0) }
        guard !supported.isEmpty else { return [] }
        let bandSet = sizeBandSet.isEmpty ? defaultSizeBandSet : sizeBandSet
        var rows: [[String]: [DecidedLine]] = [:]
        for line in lines {
            var combinations: [[String]] = [[]]
            for dimension in supported {
                let values = self.values(of: line, for: dimension, reference: reference, sizeBandSet: bandSet)
                combinations = combinations.flatMap { prefix in values.map { prefix + [$0] } }
            }
            for combination in combinations { rows[combination, default: []].append(line) }
        }
        return rows.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { values in
            Group(
                keys: zip(supported, values).map { dimension, value in
                    DimensionValue.with {
                        $0.dimension = dimension
                        $0.value = value
                    }
                },
                lines: rows[values] ?? []
            )
        }
    }

    /// The distinct values of one dimension for a line (never empty).
    static func values(
        of line: DecidedLine,
        for dimension: ViewDimension,
        reference: ReferenceData,
        sizeBandSet: String
    ) -> [String] {
        let owner = line.recipientType == .owner ? reference.owner(line.recipientOrgId) : nil
        var values: [String]
        switch dimension {
        case .sector:
            values = (line.line?.sectors ?? []).filter { $0 != .unspecified }.map(\.name)
        case .ownerType:
            values = line.recipientType == .uhInstitution ? ["uhInstitution"] : owner.map { [$0.ownerType.name] } ?? []
        case .sizeBand:
            let municipalities = owner.map { [$0.municipalityId] } ?? line.line?.municipalityIds ?? []
            values = municipalities.compactMap { sizeBand(ofMunicipality: $0, reference: reference, set: sizeBandSet) }
        case .region:
            values = [line.governorOfficeId]
        default:
            values = []
        }
        let distinct = Array(Set(values.filter { !$0.isEmpty })).sorted()
        return distinct.isEmpty ? [unknown] : distinct
    }

    /// The code of the band of `set` that holds the municipality's population (bounds inclusive; upper 0 = open).
    static func sizeBand(ofMunicipality id: String, reference: ReferenceData, set: String) -> String? {
        guard let population = reference.municipality(id)?.population else { return nil }
        return reference.set.sizeBands.first { band in
            band.sizeBandSet == set && band.basis != .pupils && band.lowerBound <= population
                && (band.upperBound == 0 || population <= band.upperBound)
        }?.code
    }
}
