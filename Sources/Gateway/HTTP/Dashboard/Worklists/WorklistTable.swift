import KSICore

/// One worklist as columns and rows, the single source of both its HTML table and its CSV export, so the
/// two always show the same rows in the same order.
struct WorklistTable {
    struct Column {
        var title: String
        /// Right-aligned numbers.
        var numeric = false
        /// Only in the CSV (an id a spreadsheet needs to join on; the page links it instead).
        var csvOnly = false
    }

    /// A cell: what the page shows, what the CSV holds (plain numbers in kroner), and an optional link.
    struct Cell {
        var text: String
        var csv: String
        var href: String? = nil

        init(_ text: String, csv: String? = nil, href: String? = nil) {
            self.text = text
            self.csv = csv ?? text
            self.href = href
        }

        static func kroner(_ ore: Int64) -> Cell { Cell(NorwegianFormat.kroner(ore), csv: CSVDocument.kroner(ore)) }
        static func integer(_ value: Int64) -> Cell { Cell(NorwegianFormat.integer(value), csv: String(value)) }
    }

    var columns: [Column]
    var rows: [[Cell]]

    var csv: String {
        CSVDocument.text(header: columns.map(\.title), rows: rows.map { $0.map(\.csv) })
    }

    /// The Mustache context of rows `range` (one page of the page view).
    func context(rows range: Range<Int>) -> [String: Any] {
        let clamped = range.clamped(to: 0..<rows.count)
        return [
            "columns": columns.filter { !$0.csvOnly }.map { ["title": $0.title, "numeric": $0.numeric] },
            "rows": rows[clamped].map { row in
                [
                    "cells": zip(columns, row).filter { !$0.0.csvOnly }.enumerated().map {
                        index,
                        pair -> [String: Any] in
                        [
                            "text": pair.1.text, "href": pair.1.href ?? "", "hasHref": pair.1.href != nil,
                            "numeric": pair.0.numeric, "first": index == 0,
                        ]
                    }
                ]
            },
        ]
    }
}
