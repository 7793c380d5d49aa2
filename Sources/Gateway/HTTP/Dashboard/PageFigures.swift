import KSICore

/// The key figures of the region, municipality, partnership and referral pages as template contexts, with the
/// one rule for what has no number: a figure that is suppressed (PRIV-R5) or not defined (a share of nothing,
/// a frame not set, a comparison with one region) shows a bokmål text and an empty `value`, never a 0 that
/// reads as a measurement.
enum PageFigures {
    static func kroner(_ name: String, _ label: String, _ ore: Int64) -> [String: Any] {
        Figure.kroner(name, label, ore).context
    }

    static func count(_ name: String, _ label: String, _ value: Int64) -> [String: Any] {
        Figure.count(name, label, value).context
    }

    /// A share in basis points, or `undefined` when its denominator is empty.
    static func percent(
        _ name: String,
        _ label: String,
        _ bp: Int64,
        definedWhen defined: Bool,
        undefined: String = notDefined
    ) -> [String: Any] {
        defined ? Figure.percent(name, label, Int32(clamping: bp)).context : missing(name, label, undefined)
    }

    /// A ratio in basis points in words («1,34 ganger rammen» with `of: "rammen"`), or `undefined`.
    static func ratio(
        _ name: String,
        _ label: String,
        _ bp: Int64,
        of whole: String? = nil,
        definedWhen defined: Bool,
        undefined: String = notDefined
    ) -> [String: Any] {
        defined
            ? Figure(name: name, label: label, value: bp, text: NorwegianFormat.ratio(bp, of: whole)).context
            : missing(name, label, undefined)
    }

    /// A count under the small-cell rule (PRIV-R5): hidden counts show «skjult (under 5)» and no value.
    static func suppressed(_ name: String, _ label: String, _ count: SuppressedCount?) -> [String: Any] {
        guard let count, count.suppressed else { return Figure.count(name, label, count?.value ?? 0).context }
        return missing(name, label, hiddenText)
    }

    /// A figure with no number: the text says why.
    static func missing(_ name: String, _ label: String, _ text: String) -> [String: Any] {
        var context = Figure(name: name, label: label, value: 0, text: text).context
        context["value"] = ""
        return context
    }

    static let notDefined = "ikke definert"
    static let hiddenText = "skjult (under 5)"
    static let noFrame = "ikke fastsatt (ingen ramme)"
}
