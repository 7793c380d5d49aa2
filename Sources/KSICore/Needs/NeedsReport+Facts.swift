import Foundation

/// Issue 17: the fact row of a needs report (`needs_report_facts`), what `AggregateNeedsReports` groups
/// and sums by: scope (embete, scheme, year), status, whether it is unpublished and then who may read it
/// (PRIV-R12), lead owner, network, sectors and the requested amount.
extension NeedsReport: FactRowsEntity {
    package static let factTable = FactTable(
        name: "needs_report_facts",
        columns: [
            ("governor_office_id", .text),
            ("scheme", .integer),
            ("year", .integer),
            ("status", .integer),
            ("unpublished", .integer),
            ("readers", .text),
            ("lead_owner_id", .text),
            ("network_id", .text),
            ("sectors", .text),
            ("requested_ore", .integer),
        ],
        indexes: [["year", "governor_office_id", "scheme"]]
    )

    package var factRow: [FactValue] {
        let unpublished = isUnpublished
        return [
            .text(governorOfficeId),
            .integer(Int64(scheme.rawValue)),
            .integer(Int64(year)),
            .integer(Int64(status.rawValue)),
            .integer(unpublished ? 1 : 0),
            .text(unpublished ? readersKey : ""),
            .text(leadOwnerId),
            .text(networkId),
            .text(Self.sectorsKey(sectors)),
            .integer(requestedAmountOre),
        ]
    }

    /// PRIV-R12 (the gateway's `ViewVisibility`): a report its owner has not made public — a draft, or
    /// withdrawn without ever having been submitted.
    public var isUnpublished: Bool {
        status == .draft || (status == .withdrawn && submittedAt == 0)
    }

    /// The report reduced to what `NeedsAccess.canRead` looks at besides the embete: who may read an
    /// unpublished report. Grouped by this, the aggregate keeps drafts with different readers apart.
    public var readers: NeedsReport {
        NeedsReport.with {
            $0.leadOwnerId = leadOwnerId
            $0.coApplicantOwnerIds = coApplicantOwnerIds
            $0.uhPartnerIds = uhPartnerIds
            $0.pptOfficeIds = pptOfficeIds
            $0.participatingUnitIds = participatingUnitIds
            $0.networkId = networkId
            $0.routingTarget = routingTarget
            $0.routedToBodyId = routedToBodyId
        }
    }

    /// `readers` as a grouping key: its wire bytes in base64 (the same bytes for the same readers).
    package var readersKey: String {
        (try? readers.wireEncoded()).map { Data($0).base64EncodedString() } ?? ""
    }

    /// Sectors as a grouping key: the distinct raw values, ascending, comma-separated.
    package static func sectorsKey(_ sectors: [Sector]) -> String {
        Set(sectors.filter { $0 != .unspecified }.map(\.rawValue)).sorted().map(String.init).joined(separator: ",")
    }

    /// The sectors of a grouping key.
    package static func sectors(fromKey key: String) -> [Sector] {
        key.split(separator: ",").compactMap { Int32($0).flatMap(Sector.init(rawValue:)) }
    }
}
