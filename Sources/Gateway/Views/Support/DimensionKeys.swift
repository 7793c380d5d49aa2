import KSICore

/// What an item says about the breakdown dimensions. A nil field means the dimension does not apply to
/// the item (it counts in every row of that dimension; see `DimensionKeyFunction`).
public struct DimensionFacts: Sendable, Hashable {
    public var sectors: [Sector]?
    /// Owners behind the item (owner type and, without `municipalityIds`, size band and network).
    public var ownerIds: [String]?
    /// Municipalities of the item (size band; network when `networkIds` is nil).
    public var municipalityIds: [String]?
    public var governorOfficeId: String?
    /// Networks named on the item itself (a needs report's network); nil = the networks covering its municipalities.
    public var networkIds: [String]?
    public var year: Int32?

    public init(
        sectors: [Sector]? = nil,
        ownerIds: [String]? = nil,
        municipalityIds: [String]? = nil,
        governorOfficeId: String? = nil,
        networkIds: [String]? = nil,
        year: Int32? = nil
    ) {
        self.sectors = sectors
        self.ownerIds = ownerIds
        self.municipalityIds = municipalityIds
        self.governorOfficeId = governorOfficeId
        self.networkIds = networkIds
        self.year = year
    }
}

/// Turns `DimensionFacts` into `DimensionValue` values (gateway.proto `DimensionValue`): enum case names in
/// lowerCamelCase for SECTOR and OWNER_TYPE, the size-band code, the embete id for REGION, the network id,
/// and the year as digits.
public struct DimensionKeys: Sendable {
    public let reference: ReferenceData
    public let sizeBandSet: String
    public let networks: [CompetenceNetwork]

    public init(reference: ReferenceData, sizeBandSet: String, networks: [CompetenceNetwork] = []) {
        self.reference = reference
        self.sizeBandSet = SizeBands.set(sizeBandSet)
        self.networks = networks
    }

    /// The values of `facts` in `dimension`; nil when the dimension does not apply.
    public func values(_ facts: DimensionFacts, _ dimension: ViewDimension) -> [String]? {
        switch dimension {
        case .sector:
            return facts.sectors.map { $0.filter { $0 != .unspecified }.map(\.name) }
        case .ownerType:
            return facts.ownerIds.map { ids in ids.compactMap { reference.owner($0)?.ownerType.name } }
        case .sizeBand:
            return municipalities(facts).map { ids in
                ids.map { SizeBands.code(municipalityId: $0, set: sizeBandSet, reference: reference) }.filter {
                    !$0.isEmpty
                }
            }
        case .region:
            return facts.governorOfficeId.map { [$0] }
        case .network:
            if let named = facts.networkIds { return named.filter { !$0.isEmpty } }
            return municipalities(facts).map { ids in
                let set = Set(ids)
                return networks.filter { !set.isDisjoint(with: $0.municipalityIds) }.map(\.id)
            }
        case .year:
            return facts.year.map { [String($0)] }
        default:
            return nil
        }
    }

    /// A key function for items that know their facts.
    public func key<Item>(_ facts: @escaping (Item) -> DimensionFacts) -> DimensionKeyFunction<Item> {
        { item, dimension in self.values(facts(item), dimension) }
    }

    /// The item's municipalities, or its owners' when it names none.
    private func municipalities(_ facts: DimensionFacts) -> [String]? {
        if let ids = facts.municipalityIds { return ids }
        return facts.ownerIds.map { ids in ids.compactMap { reference.owner($0)?.municipalityId } }
    }
}
