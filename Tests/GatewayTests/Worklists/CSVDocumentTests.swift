import Testing

@testable import Gateway

/// The CSV writer of the worklists (issue 15) on its own: RFC 4180 quoting, the semicolon separator,
/// the byte-order mark and CSV-injection protection (OWASP: a leading = + - @ tab or CR).
@Suite("Worklists: CSV writer")
struct CSVDocumentTests {
    @Test(
        "a cell that could start a formula gets a leading apostrophe; separators, quotes and line breaks are quoted with quotes doubled; lines end in CRLF after a BOM"
    )
    func quotingAndInjection() {
        #expect(CSVDocument.cell("=SUM(A1:A9)") == "'=SUM(A1:A9)")
        #expect(CSVDocument.cell("+47 22 00 00 00") == "'+47 22 00 00 00")
        #expect(CSVDocument.cell("-1") == "'-1")
        #expect(CSVDocument.cell("@cmd") == "'@cmd")
        #expect(CSVDocument.cell("\tx") == "'\tx")
        #expect(CSVDocument.cell("\rx") == "\"'\rx\"")
        #expect(CSVDocument.cell("Ål; og \"sånn\"") == "\"Ål; og \"\"sånn\"\"\"")
        #expect(CSVDocument.cell("to\nlinjer") == "\"to\nlinjer\"")
        #expect(CSVDocument.cell("to\r\nlinjer") == "\"to\r\nlinjer\"")
        #expect(CSVDocument.cell("vanlig tekst") == "vanlig tekst")
        let text = CSVDocument.text(header: ["Navn", "Beløp"], rows: [["Æøå", "12,50"]])
        #expect(text == "\u{FEFF}Navn;Beløp\r\nÆøå;12,50\r\n")
        #expect(Array(text.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
    }

    @Test("amounts are plain kroner with a decimal comma and no grouping")
    func kroner() {
        #expect(CSVDocument.kroner(123_456_789) == "1234567,89")
        #expect(CSVDocument.kroner(5) == "0,05")
        #expect(CSVDocument.kroner(0) == "0,00")
        #expect(CSVDocument.kroner(-150) == "-1,50")
    }
}
