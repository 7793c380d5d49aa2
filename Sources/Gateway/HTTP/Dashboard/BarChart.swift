/// A horizontal bar chart as inline SVG with a `<title>`, `role="img"` and an `aria-label` that reads the
/// data out, so the chart needs no script and says the same thing to a screen reader as to the eye.
struct BarChart {
    struct Bar {
        var label: String
        var value: Int64
        /// The value as the reader sees it (e.g. "6 000 000 kr").
        var text: String
    }

    var title: String
    var bars: [Bar]

    var svg: String {
        let width = 640, labelWidth = 200, barHeight = 26, gap = 10
        let height = max(1, bars.count) * (barHeight + gap) + gap
        let maximum = max(1, bars.map(\.value).max() ?? 1)
        let summary = bars.map { "\($0.label): \($0.text)" }.joined(separator: "; ")
        var out = #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \#(width) \#(height)" "#
            + #"width="100%" aria-label="\#(HTMLText.escape(title + ". " + summary))">"#
        out += "<title>\(HTMLText.escape(title))</title>"
        for (index, bar) in bars.enumerated() {
            let y = gap + index * (barHeight + gap)
            let length = Int(max(0, bar.value) * Int64(width - labelWidth - 150) / maximum)
            out += #"<text x="0" y="\#(y + 18)" class="label">\#(HTMLText.escape(bar.label))</text>"#
            out += #"<rect x="\#(labelWidth)" y="\#(y)" width="\#(max(length, 1))" height="\#(barHeight)" class="bar bar\#(index % 4)"></rect>"#
            out += #"<text x="\#(labelWidth + length + 6)" y="\#(y + 18)" class="value">\#(HTMLText.escape(bar.text))</text>"#
        }
        return out + "</svg>"
    }
}
