import Foundation

/// Issue 17: the fact row of a partnership (`partnership_facts`), what `AggregatePartnerships` groups by:
/// scope (embete, scheme), status, the years that decide in which years it was active (`activityYears`),
/// its owners, and for a draft who may read it (PRIV-R12).
extension Partnership: FactRowsEntity {
    package static let factTable = FactTable(
        name: "partnership_facts",
        columns: [
            ("governor_office_id", .text),
            ("scheme", .integer),
            ("status", .integer),
            ("activated_year", .integer),
            ("ended_year", .integer),
            ("agreements", .text),
            ("owners", .text),
            ("readers", .text),
        ],
        indexes: [["governor_office_id", "scheme"]]
    )

    package var factRow: [FactValue] {
        let years = activityYears
        return [
            .text(governorOfficeId),
            .integer(Int64(scheme.rawValue)),
            .integer(Int64(status.rawValue)),
            .integer(Int64(years.activated)),
            .integer(Int64(years.ended)),
            .text(FactKeys.spans(years.agreements)),
            .text(FactKeys.ids(ownerIds)),
            .text(status == .draft ? readersKey : ""),
        ]
    }

    /// What decides in which years a partnership was active (the gateway's `YearActivity.wasActive`): the Oslo
    /// year it was activated (0 = not recorded), the earliest Oslo year it terminated or expired (9999 = neither
    /// recorded), and the distinct validity years of every agreement it has had (in force and previous; a
    /// missing start is 0, a missing end 9999), ascending.
    package var activityYears: (activated: Int32, ended: Int32, agreements: [YearSpan]) {
        func yearOf(_ millis: Int64) -> Int32? {
            millis > 0 ? OsloCalendar.localDate(atMillis: millis).year : nil
        }
        let ended = [terminatedAt, expiredAt].compactMap(yearOf).min() ?? FactKeys.noEnd
        let agreements = (agreement.map { [$0] } ?? []) + previousAgreements
        let spans = Set(
            agreements.map { FactKeys.Span(from: $0.validFrom?.year ?? 0, to: $0.validTo?.year ?? FactKeys.noEnd) }
        )
        return (
            yearOf(activatedAt) ?? 0,
            ended,
            spans.sorted().map { span in
                YearSpan.with {
                    $0.fromYear = span.from
                    $0.toYear = span.to
                }
            }
        )
    }

    /// The partnership reduced to what PRIV-R12's read rule (`isReadable(by:)`) looks at: id, embete, owners,
    /// UH institutions, PPT offices, and its status.
    public var readers: Partnership {
        Partnership.with {
            $0.id = id
            $0.governorOfficeId = governorOfficeId
            $0.ownerIds = ownerIds
            $0.uhInstitutionIds = uhInstitutionIds
            $0.pptOfficeIds = pptOfficeIds
            $0.status = status
        }
    }

    /// `readers` as stored: its wire bytes in base64.
    package var readersKey: String {
        (try? readers.wireEncoded()).map { Data($0).base64EncodedString() } ?? ""
    }
}

/// Issue 17: the fact row of a measure (`measure_facts`), what `AggregatePartnerships` groups its measures
/// by: scope (embete, scheme), status, the years of its start and end dates, its partnership (to know, when
/// read, whether that is a draft), its participating units and its sectors.
extension Measure: FactRowsEntity {
    package static let factTable = FactTable(
        name: "measure_facts",
        columns: [
            ("governor_office_id", .text),
            ("scheme", .integer),
            ("status", .integer),
            ("start_year", .integer),
            ("end_year", .integer),
            ("partnership_id", .text),
            ("units", .text),
            ("sectors", .text),
        ],
        indexes: [["governor_office_id", "scheme"], ["partnership_id"]]
    )

    package var factRow: [FactValue] {
        [
            .text(governorOfficeId),
            .integer(Int64(scheme.rawValue)),
            .integer(Int64(status.rawValue)),
            .integer(Int64(startYear)),
            .integer(Int64(endYear)),
            .text(partnershipId),
            .text(FactKeys.ids(participatingUnitIds)),
            .text(NeedsReport.sectorsKey(sectors)),
        ]
    }

    /// The year of the start date; 0 without one (a measure runs in year Y when `startYear` ≤ Y ≤ `endYear`,
    /// the gateway's `YearActivity.runs`, for every Y from 1 to 9999).
    package var startYear: Int32 { startDate?.year ?? 0 }

    /// The year of the end date; 9999 without one.
    package var endYear: Int32 { endDate?.year ?? FactKeys.noEnd }
}
