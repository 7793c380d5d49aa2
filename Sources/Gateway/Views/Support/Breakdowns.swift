import KSICore

/// The values of one item in one breakdown dimension: nil when the dimension does not apply to the item
/// (it then counts in every row of that dimension, as a regional frame counts in every sector row);
/// empty when it applies but the item has no value (the item is in no row of that dimension).
public typealias DimensionKeyFunction<Item> = (Item, ViewDimension) -> [String]?

/// One group of a breakdown: its keys (one `DimensionValue` per requested dimension) and its items.
public struct BreakdownGroup<Item> {
    public var keys: [DimensionValue]
    public var items: [Item]
}

/// Splitting a view by the dimensions of its request (§5 common parameters: every view can be split by
/// `Sector`, `OwnerType` and size band; V3 by network and year).
///
/// Rows are the cross product of the requested dimensions, limited to the combinations some item has. An
/// item with several values in a dimension (a report with two sectors) is in each of their rows, so rows
/// may add up to more than the total.
public enum Breakdowns {
    /// The requested dimensions, in request order, without `unspecified` and repeats.
    public static func dimensions(_ requested: [ViewDimension]) -> [ViewDimension] {
        var seen = Set<ViewDimension>()
        return requested.filter { $0 != .unspecified && seen.insert($0).inserted }
    }

    /// The row keys one item has: the cross product of its values in each dimension. None when a dimension
    /// does not apply to it or it has no value there (it does not make rows of its own).
    public static func combinations(
        _ dimensions: [ViewDimension],
        values: (ViewDimension) -> [String]?
    ) -> [[DimensionValue]] {
        guard !dimensions.isEmpty else { return [] }
        var result: [[DimensionValue]] = [[]]
        for dimension in dimensions {
            guard let itemValues = values(dimension) else { return [] }
            let distinct = Array(Set(itemValues)).sorted()
            result = result.flatMap { prefix in
                distinct.map { value in
                    prefix + [
                        DimensionValue.with {
                            $0.dimension = dimension
                            $0.value = value
                        }
                    ]
                }
            }
        }
        return result
    }

    /// Whether an item belongs to a row: in every dimension of the row it has the row's value, or the
    /// dimension does not apply to it.
    public static func matches(_ row: [DimensionValue], values: (ViewDimension) -> [String]?) -> Bool {
        row.allSatisfy { key in values(key.dimension).map { $0.contains(key.value) } ?? true }
    }

    /// Rows in a stable order: by the values of the keys, dimension by dimension.
    public static func sorted(_ rows: Set<[DimensionValue]>) -> [[DimensionValue]] {
        rows.sorted { lhs, rhs in lhs.map(\.value).lexicographicallyPrecedes(rhs.map(\.value)) }
    }

    /// Groups items of one kind by the requested dimensions (the simple case: one kind of item per view).
    public static func group<Item>(
        _ items: [Item],
        by dimensions: [ViewDimension],
        key: DimensionKeyFunction<Item>
    ) -> [BreakdownGroup<Item>] {
        var rows = BreakdownRows(dimensions)
        rows.collect(items, key: key)
        return rows.keys.map { row in BreakdownGroup(keys: row, items: rows.items(items, in: row, key: key)) }
    }
}

/// The rows of a breakdown drawn from several kinds of item (V1 splits reports, lines, money and measures
/// by the same keys): collect the combinations each kind has, then filter each kind per row.
public struct BreakdownRows {
    public let dimensions: [ViewDimension]
    private var seen = Set<[DimensionValue]>()

    public init(_ requested: [ViewDimension]) {
        dimensions = Breakdowns.dimensions(requested)
    }

    /// Adds the row keys these items have.
    public mutating func collect<Item>(_ items: [Item], key: DimensionKeyFunction<Item>) {
        guard !dimensions.isEmpty else { return }
        for item in items {
            seen.formUnion(Breakdowns.combinations(dimensions) { key(item, $0) })
        }
    }

    /// Every row found, in a stable order.
    public var keys: [[DimensionValue]] { Breakdowns.sorted(seen) }

    /// The items that belong to a row.
    public func items<Item>(_ items: [Item], in row: [DimensionValue], key: DimensionKeyFunction<Item>) -> [Item] {
        items.filter { item in Breakdowns.matches(row) { key(item, $0) } }
    }
}
