/// A worklist as CSV for Norwegian Excel (issue 15): RFC 4180 quoting and CRLF line ends, a
/// semicolon separator (Norwegian Excel reads "," as the decimal comma), UTF-8 with a byte-order mark
/// so Excel opens æøå correctly, and CSV-injection protection: a cell that starts with = + - @, a tab
/// or a carriage return gets a leading apostrophe so a spreadsheet never runs it as a formula (OWASP).
/// No CSV package is in Package.swift; this is the whole writer.
enum CSVDocument {
    static let separator: Character = ";"
    static let byteOrderMark = "\u{FEFF}"

    /// The document: the header row, then each row, every line ended by CRLF.
    static func text(header: [String], rows: [[String]]) -> String {
        var out = byteOrderMark
        out += line(header)
        for row in rows { out += line(row) }
        return out
    }

    static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: String(separator)) + "\r\n"
    }

    /// One cell: neutralised when it could start a formula, quoted when it holds the separator, a quote
    /// or a line break (a quote doubles, RFC 4180 §2.7).
    static func cell(_ raw: String) -> String {
        var text = raw
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        // Scalars, not Characters: "\r\n" is one Character and would match neither line-break test.
        let needsQuotes = text.unicodeScalars.contains { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// Øre as plain kroner with a decimal comma and no grouping ("1234567,50"), which Norwegian Excel reads as a number.
    static func kroner(_ ore: Int64) -> String {
        let sign = ore < 0 ? "-" : ""
        let magnitude = ore.magnitude
        let kroner = magnitude / 100
        let rest = magnitude % 100
        return "\(sign)\(kroner),\(rest < 10 ? "0" : "")\(rest)"
    }
}
