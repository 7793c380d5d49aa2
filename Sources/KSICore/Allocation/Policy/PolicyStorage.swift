/// How the policy records (§4.5; COM-R5) and reference-data imports (COM-R6) are stored and indexed.
///
/// An embete × year × scheme record keeps its embete in `governorOfficeId` (empty = the national default).
extension GovernorPolicy: StoredEntity {
    package static let entityKind = "GovernorPolicy"
    package var storageIndex: StorageIndex {
        StorageIndex(governorOfficeId: governorOfficeId, year: year, scheme: scheme.rawValue)
    }
}

extension SchemeYearPolicy: StoredEntity {
    package static let entityKind = "SchemeYearPolicy"
    package var storageIndex: StorageIndex { StorageIndex(year: year, scheme: scheme.rawValue) }
}

extension StatpedPolicy: StoredEntity {
    package static let entityKind = "StatpedPolicy"
    package var storageIndex: StorageIndex { StorageIndex() }
}

extension GovernorAnnualReport: StoredEntity {
    package static let entityKind = "GovernorAnnualReport"
    package var storageIndex: StorageIndex {
        StorageIndex(status: status.name, governorOfficeId: governorOfficeId, year: year, scheme: scheme.rawValue)
    }
}

/// One reference-data import (COM-R6): the records an `UpsertReferenceData` changed, stored as a
/// `ReferenceDataSet` under the id `dataset-<version>`. Imports are append-only, so every earlier version
/// of a record stays for history.
struct ReferenceDataImport: StoredEntity {
    static let entityKind = "ReferenceDataImport"
    static var wireDescriptor: WireDescriptor { ReferenceDataSet.wireDescriptor }

    var data = ReferenceDataSet()
    // Imports are never updated; the stored body carries no version of its own.
    var version: Int64 = 1

    init() {}
    init(_ data: ReferenceDataSet) { self.data = data }

    var id: String { Self.id(for: data.datasetVersion) }
    var storageIndex: StorageIndex { StorageIndex() }

    /// Zero-padded, so listing by id lists imports in version order.
    static func id(for datasetVersion: Int64) -> String {
        let digits = String(datasetVersion)
        return "dataset-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    func encodeFields(to writer: borrowing WireWriter) { data.encodeFields(to: writer) }
    mutating func decodeFields(from reader: borrowing WireReader) throws(WireError) {
        try data.decodeFields(from: reader)
    }
}

extension ReferenceDataSet {
    /// The entity kind a reference-data import is stored as: the policies in force follow it (issue 17's view cache).
    package static var importEntityKind: String { ReferenceDataImport.entityKind }
}
