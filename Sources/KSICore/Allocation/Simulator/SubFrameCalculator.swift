/// A county or network that an indicative sub-frame is computed for, with its municipalities.
public struct SubFrameTarget: Sendable, Hashable {
    /// Fylke or network.
    public var kind: SubFrameTargetKind
    /// The county id (fylkesnummer) or the network's id.
    public var id: String
    /// The municipalities the target covers.
    public var municipalityIds: [String]

    /// A target of `kind` named `id` covering `municipalityIds`.
    public init(kind: SubFrameTargetKind, id: String, municipalityIds: [String]) {
        self.kind = kind
        self.id = id
        self.municipalityIds = municipalityIds
    }
}

/// Divides a frame into indicative sub-frames by an allocation method (§4.3 `AllocationMethod`; COM-R3 largest
/// remainder): the parts always sum exactly to the frame, in whole kroner.
///
/// The pro-rata methods only shape sub-frames; lines stay needs-based (ALLOC-R8).
public enum SubFrameCalculator {
    /// The factor weights a method uses when the caller gives none (PD).
    ///
    /// `needsBased` has no factor: its sub-frames follow the draft lines' amounts per target.
    public static func defaultWeights(for method: AllocationMethod) -> [AllocationMethodWeight] {
        func w(_ factor: AllocationFactor, _ bp: Int32) -> AllocationMethodWeight {
            AllocationMethodWeight.with {
                $0.factor = factor
                $0.weightBp = bp
            }
        }
        switch method {
        case .needsBased, .unspecified: return []
        case .proRataPerCounty: return [w(.equalShare, 10_000)]
        case .proRataChildrenAndPupils: return [w(.children, 5000), w(.pupils, 5000)]
        case .proRataTeacherFte: return [w(.teacherFte, 10_000)]
        case .proRataPupilsAndSchools: return [w(.pupils, 5000), w(.schools, 5000)]
        case .proRataPopulationDelegatedToRegions: return [w(.population, 10_000)]
        case .geographyWeighted: return [w(.geography, 5000), w(.population, 5000)]
        case .previousParticipationWeighted: return [w(.previousParticipation, 10_000)]
        }
    }

    /// The target kind a method divides by when the caller gives none: counties for `proRataPerCounty`, else networks.
    public static func defaultTargetKind(for method: AllocationMethod) -> SubFrameTargetKind {
        method == .proRataPerCounty ? .county : .network
    }

    /// The targets of an embete: its counties, or its competence networks, in force on `date` (COM-R6).
    public static func targets(
        kind: SubFrameTargetKind,
        governorOfficeId: String,
        on date: LocalDate?,
        reference: ReferenceData,
        networks: [CompetenceNetwork]
    ) -> [SubFrameTarget] {
        switch kind {
        case .network:
            return networks.filter { $0.governorOfficeId == governorOfficeId }.sorted { $0.id < $1.id }.map {
                SubFrameTarget(kind: .network, id: $0.id, municipalityIds: $0.municipalityIds)
            }
        default:
            let municipalities = reference.municipalities(inGovernorOffice: governorOfficeId, on: date)
            let countyIds =
                reference.governorOffice(governorOfficeId, on: date)?.countyIds
                ?? Array(Set(municipalities.map(\.countyId))).sorted()
            return countyIds.map { county in
                SubFrameTarget(
                    kind: .county,
                    id: county,
                    municipalityIds: municipalities.filter { $0.countyId == county }.map(\.id)
                )
            }
        }
    }

    /// The measure of one factor for one target (PD where the sources give none):
    /// children and population from the municipality register; pupils, schools and teacher FTE from the units
    /// in the target's municipalities; geography = number of municipalities; previous participation = lines
    /// touching the target; equal share = 1.
    public static func basis(
        _ factor: AllocationFactor,
        for target: SubFrameTarget,
        on date: LocalDate?,
        reference: ReferenceData,
        lines: [SimulationDraftLine]
    ) -> Int64 {
        let municipalities = Set(target.municipalityIds)
        let units = reference.set.units.filter { municipalities.contains($0.municipalityId) }
        let schools = units.filter { [.primarySchool, .upperSecondarySchool, .combinedCentre].contains($0.unitType) }
        switch factor {
        case .children:
            return Money.saturatingSum(
                municipalities.compactMap { reference.municipality($0, on: date)?.children0to19 }
            )
        case .population:
            return Money.saturatingSum(municipalities.compactMap { reference.municipality($0, on: date)?.population })
        case .pupils: return Money.saturatingSum(schools.map { Int64($0.enrolledCount) })
        case .schools: return Int64(schools.count)
        case .teacherFte: return Money.saturatingSum(units.map { Int64($0.teacherFteHundredths) })
        case .geography: return Int64(municipalities.count)
        case .previousParticipation:
            return Int64(lines.filter { touches($0, target) }.count)
        case .equalShare, .unspecified: return 1
        }
    }

    /// Whether a draft line belongs to a target: by its network, or by one of its municipalities.
    static func touches(_ line: SimulationDraftLine, _ target: SubFrameTarget) -> Bool {
        if target.kind == .network && !line.networkId.isEmpty { return line.networkId == target.id }
        return !Set(line.municipalityIds).isDisjoint(with: target.municipalityIds)
    }

    /// The share each factor with `minimumForAll` keeps for an equal floor (PD: 10 % of the frame is divided equally).
    public static let minimumForAllBp: Int32 = 1000

    /// needsBased: the line amounts per target (a line touching several targets is divided equally between
    /// them), and the lines that touch no target (no network or municipality of the targets).
    public static func needsBasis(
        lines: [SimulationDraftLine],
        targets: [SubFrameTarget]
    ) -> (basis: [Int64], unplaced: [SimulationDraftLine]) {
        var basis = [Int64](repeating: 0, count: targets.count)
        var unplaced: [SimulationDraftLine] = []
        for line in lines {
            let touched = targets.indices.filter { touches(line, targets[$0]) }
            guard !touched.isEmpty else {
                unplaced.append(line)
                continue
            }
            // The simulator has checked Σ amounts (LIM-R2), so these partial sums fit; saturating keeps it safe anyway.
            for index in touched {
                basis[index] = Money.saturatingAdd(basis[index], line.amountOre / Int64(touched.count))
            }
        }
        return (basis, unplaced)
    }

    /// Divides `frameOre` between `targets` by `method` (COM-R3 largest remainder).
    ///
    /// Returns no sub-frames when the method's basis is empty — needsBased with no line amount in any target,
    /// or factors that are 0 for every target — rather than dividing equally as if the basis said so
    /// (`minimumForAll` alone is not a basis). Callers say so: the simulator with a finding, `ComputeSubFrames`
    /// with an error.
    public static func compute(
        frameOre: Int64,
        method: SimulationMethodInput,
        targets: [SubFrameTarget],
        on date: LocalDate?,
        reference: ReferenceData,
        lines: [SimulationDraftLine]
    ) -> [SimulatedSubFrame] {
        guard !targets.isEmpty else { return [] }
        var weights = method.weights.filter { $0.weightBp > 0 }
        if weights.isEmpty { weights = defaultWeights(for: method.method) }
        // Each factor's basis becomes a share of a billion, so factors of different scales can be mixed.
        let scale: Int64 = 1_000_000_000
        var combined = [Int64](repeating: 0, count: targets.count)
        var rawBasis = [Int64](repeating: 0, count: targets.count)
        if weights.isEmpty {
            // needsBased: follow the draft lines' amounts.
            rawBasis = needsBasis(lines: lines, targets: targets).basis
            combined = rawBasis
        } else {
            let factorTotal = Money.saturatingSum(weights) { Int64($0.weightBp) }
            for weight in weights {
                let values = targets.map { basis(weight.factor, for: $0, on: date, reference: reference, lines: lines) }
                let sum = Money.saturatingSum(values)
                guard sum > 0 else { continue }
                for index in targets.indices {
                    let share = Money.multiplyDivide(values[index], scale, sum)
                    combined[index] = Money.saturatingAdd(
                        combined[index],
                        Money.multiplyDivide(share, Int64(weight.weightBp), factorTotal)
                    )
                    if weights.count == 1 { rawBasis[index] = values[index] }
                }
            }
            if weights.count > 1 { rawBasis = combined }
        }
        guard combined.contains(where: { $0 > 0 }) else { return [] }
        if method.minimumForAll {
            let sum = Money.saturatingSum(combined)
            let floorPerTarget =
                sum > 0
                ? Money.multiplyDivide(sum, Int64(minimumForAllBp), Int64(BasisPoints.whole - minimumForAllBp))
                    / Int64(targets.count)
                : 1
            combined = combined.map { Money.saturatingAdd($0, max(floorPerTarget, 1)) }
        }
        let amounts = Money.largestRemainder(totalOre: frameOre, weights: combined)
        return targets.indices.map { index in
            SimulatedSubFrame.with {
                $0.targetKind = targets[index].kind
                $0.targetId = targets[index].id
                $0.basisValue = rawBasis[index]
                $0.shareBp = BasisPoints.ratio(amounts[index], of: frameOre)
                $0.amountOre = amounts[index]
            }
        }
    }
}
