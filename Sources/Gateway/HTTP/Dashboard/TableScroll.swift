import Foundation

/// Every table of a rendered page sits in its own scroll box, so a wide table scrolls inside its card on
/// a 390 px phone instead of widening the page: `<div class="table-scroll" role="region" tabindex="0"
/// aria-label="<the table's caption>">`. Focusable, so a keyboard can scroll it; named by the caption, so
/// a screen reader says what the region holds. Done once here on the rendered HTML, so no page template
/// can forget it.
enum TableScroll {
    static func wrap(_ html: String) -> String {
        guard html.contains("<table") else { return html }
        var out = ""
        var rest = html[...]
        while let start = rest.range(of: "<table"),
            let end = rest.range(of: "</table>", range: start.upperBound..<rest.endIndex)
        {
            out += rest[..<start.lowerBound]
            let table = rest[start.lowerBound..<end.upperBound]
            out +=
                #"<div class="table-scroll" role="region" tabindex="0" aria-label="\#(caption(of: table))">"# + table
                + "</div>"
            rest = rest[end.upperBound...]
        }
        return out + rest
    }

    /// The caption's text with any markup removed (already escaped by the template), or "Tabell".
    static func caption(of table: Substring) -> String {
        guard let open = table.range(of: "<caption"),
            let openEnd = table.range(of: ">", range: open.upperBound..<table.endIndex),
            let close = table.range(of: "</caption>", range: openEnd.upperBound..<table.endIndex)
        else { return "Tabell" }
        var text = ""
        var inTag = false
        for char in table[openEnd.upperBound..<close.lowerBound] {
            if char == "<" {
                inTag = true
            } else if char == ">" {
                inTag = false
            } else if !inTag {
                text.append(char == "\"" ? "'" : char)
            }
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "Tabell" : trimmed
    }
}
