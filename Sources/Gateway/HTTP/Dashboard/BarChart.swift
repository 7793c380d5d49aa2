import KSICore

/// A horizontal bar chart as inline SVG with a `<title>`, `role="img"` and an `aria-label` that reads the
/// data out, so the chart needs no script and says the same thing to a screen reader as to the eye.
///
/// Legible on a 390 px phone: each bar's label sits on its own line above the bar, so the drawing is only
/// `width` user units wide and its text (`fontSize`) stays at least 12 CSS px when the chart is scaled down
/// to the narrowest content width (`minimumTextPixels`, checked by `BarChartTests`); stil.css caps the
/// chart's width on wide screens so the text does not grow past ~18 px.
struct BarChart {
    struct Bar {
        var label: String
        var value: Int64
        /// The value as the reader sees it (e.g. "6 000 000 kr").
        var text: String
        /// A colour with a meaning (a health band), else the chart's palette by position.
        var tone: Tone? = nil
    }

    /// Colours that mean something; stil.css draws each (green, amber with a dark outline, red).
    enum Tone: String {
        case green = "tone-green", amber = "tone-amber", red = "tone-red"
    }

    var title: String
    var bars: [Bar]

    /// The drawing's width in user units (the viewBox), and the font size of its text in user units.
    static let width = 400
    static let fontSize = 15
    /// The width stil.css lets a chart grow to (`svg.chart{max-width:32rem}`), in CSS px.
    static let maxCSSWidth = 512

    /// The smallest text on screen, in CSS px, when the chart is drawn `contentWidth` CSS px wide.
    static func minimumTextPixels(contentWidth: Double) -> Double {
        Double(fontSize) * min(contentWidth, Double(maxCSSWidth)) / Double(width)
    }

    var svg: String {
        let width = Self.width
        let valueRoom = 130
        let barHeight = 22
        let line = 20
        let gap = 12
        let rowHeight = line + barHeight + gap
        let height = max(1, bars.count) * rowHeight + gap
        let maximum = max(1, bars.map(\.value).max() ?? 1)
        let summary = bars.map { "\($0.label): \($0.text)" }.joined(separator: "; ")
        var out =
            #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \#(width) \#(height)" "#
            + #"width="100%" aria-label="\#(HTMLText.escape(title + ". " + summary))">"#
        out += "<title>\(HTMLText.escape(title))</title>"
        for (index, bar) in bars.enumerated() {
            let top = gap + index * rowHeight
            let length = Int(max(0, bar.value) * Int64(width - valueRoom) / maximum)
            let tone = bar.tone?.rawValue ?? "bar\(index % 4)"
            out += #"<text x="0" y="\#(top + line - 5)" class="label">\#(HTMLText.escape(bar.label))</text>"#
            out +=
                #"<rect x="0" y="\#(top + line)" width="\#(max(length, 1))" height="\#(barHeight)" class="bar \#(tone)"></rect>"#
            out +=
                #"<text x="\#(length + 6)" y="\#(top + line + 16)" class="value">\#(HTMLText.escape(bar.text))</text>"#
        }
        return out + "</svg>"
    }
}

extension BarChart.Tone {
    /// The colour of a partnership health band (V7): green, amber ("Gul"), red.
    init?(_ band: HealthBand) {
        switch band {
        case .green: self = .green
        case .amber: self = .amber
        case .red: self = .red
        default: return nil
        }
    }
}
