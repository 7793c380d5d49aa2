/// How fact rows keep lists in one text column, and read them back.
package enum FactKeys {
    /// The year that stands for «no end».
    package static let noEnd: Int32 = 9999
    /// Between the ids of a list: the unit separator (U+001F). The ids kept so are registry record ids (slugs
    /// from the reference data), which have no control characters.
    static let separator: Character = "\u{1F}"

    package struct Span: Hashable, Comparable {
        var from: Int32
        var to: Int32

        package static func < (lhs: Span, rhs: Span) -> Bool { (lhs.from, lhs.to) < (rhs.from, rhs.to) }
    }

    /// Distinct ids, ascending, as one key.
    package static func ids(_ ids: [String]) -> String {
        Set(ids).sorted().joined(separator: String(separator))
    }

    /// The ids of a key.
    package static func ids(fromKey key: String) -> [String] {
        key.split(separator: separator).map(String.init)
    }

    /// Year spans as one key: `from:to`, comma-separated.
    package static func spans(_ spans: [YearSpan]) -> String {
        spans.map { "\($0.fromYear):\($0.toYear)" }.joined(separator: ",")
    }

    /// The year spans of a key.
    package static func spans(fromKey key: String) -> [YearSpan] {
        key.split(separator: ",").compactMap { part in
            let ends = part.split(separator: ":").compactMap { Int32($0) }
            guard ends.count == 2 else { return nil }
            return YearSpan.with {
                $0.fromYear = ends[0]
                $0.toYear = ends[1]
            }
        }
    }
}
