/// `GetReferenceDataChanges`: how the other services and the gateway follow the live registry (issue 12; COM-R6).
///
/// A follower holds the bootstrap data every process starts with plus the imports up to some dataset version;
/// it asks for the imports after that version and merges them in order. Imports are append-only, so the answer
/// for a version never changes while the database's epoch stays the same. The stored policy records and long-term
/// plans come whole whenever the follower's `since_policy_version` is not the current one.
extension PolicyContext {
    /// A page stops before its encoded imports reach this size (one import is always returned), so a page stays
    /// well under the 4 MiB message limit whatever `page_size` asks (LIM-R7).
    static let referenceChangesPageBytes = 2 * 1_024 * 1_024

    /// `GetReferenceDataChanges`: the imports after the follower's version, and the policy records when they moved.
    public func getReferenceDataChanges(
        _ request: GetReferenceDataChangesRequest,
        as caller: Caller
    ) async throws -> ReferenceDataChanges {
        // Persons carry national identity numbers: only the services (and the gateway) follow the registry.
        try caller.require(.system, toDo: "follow the reference data")
        guard request.sinceVersion >= 0 else {
            throw DomainError.invalidArgument(
                field: "since_version",
                "since_version cannot be negative; 0 means from the bootstrap data"
            )
        }
        let size = try PageRequest.size(request.pageSize)
        let mark = try await runner.database.dataVersion()
        return try await runner.read { store in
            // Import ids are zero-padded versions, so "after this id" is "after this version", read from the index.
            let after = request.sinceVersion > 0 ? ReferenceDataImport.id(for: request.sinceVersion) : ""
            let listed = try await store.list(ReferenceDataImport.self, pageSize: size, pageToken: after)
            // The policy records and plans (COM-R5, NEED-R14) travel whole, only when the follower holds another set;
            // they count toward the page's size, so the imports that fit are fewer.
            let records = try await Self.policyRecords(in: store)
            let sendsPolicies = records.policyVersion != request.sincePolicyVersion
            var page: [ReferenceDataSet] = []
            var bytes = sendsPolicies ? try records.wireEncoded().count : 0
            for batch in listed.items {
                let encoded = try batch.data.wireEncoded().count
                if !page.isEmpty && bytes + encoded > Self.referenceChangesPageBytes { break }
                page.append(batch.data)
                bytes += encoded
            }
            return ReferenceDataChanges.with {
                $0.epoch = mark.epoch
                $0.imports = page
                $0.throughVersion = page.last?.datasetVersion ?? request.sinceVersion
                $0.more = page.count < listed.items.count || !listed.nextPageToken.isEmpty
                if sendsPolicies { $0.policies = records }
            }
        }
    }
}
