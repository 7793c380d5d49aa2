/// How the stored policy records (COM-R5; §4.5) and the forums' long-term plans (NEED-R14) reach every process:
/// AllocationService is their system of record; its own registry takes them after each write, and the other
/// services and the gateway follow them with the reference-data imports (`GetReferenceDataChanges`).
extension PolicyContext {
    /// Every stored policy record and long-term plan, with the version that grows with each write to them: each
    /// record counts its version plus one, and records are never deleted, so a create or a change always raises
    /// the sum.
    static func policyRecords(in store: StoreTransaction) async throws -> PolicyRecords {
        let governor = try await store.list(GovernorPolicy.self).items
        let schemeYear = try await store.list(SchemeYearPolicy.self).items
        let statped = try await store.list(StatpedPolicy.self).items
        let plans = try await store.list(LongTermPlan.self).items
        let forums = Dictionary(try await store.list(CollaborationForum.self).items.map { ($0.id, $0) }) { first, _ in
            first
        }
        func weight<E: StoredEntity>(_ records: [E]) -> Int64 { records.reduce(0) { $0 + $1.version + 1 } }
        // A plan's embete and schemes are its forum's; a forum change re-scopes its plans.
        let planForums = plans.compactMap { forums[$0.forumId] }
        return PolicyRecords.with {
            $0.policyVersion =
                weight(governor) + weight(schemeYear) + weight(statped) + weight(plans) + weight(planForums)
            $0.governorPolicies = governor.sorted { $0.id < $1.id }
            $0.schemeYearPolicies = schemeYear.sorted { $0.id < $1.id }
            $0.statpedPolicy = statped.max { $0.updatedAt < $1.updatedAt }
            $0.longTermPlans = plans.sorted { $0.id < $1.id }.compactMap { plan in
                guard let forum = forums[plan.forumId] else { return nil }
                return ForumLongTermPlan.with {
                    $0.governorOfficeId = forum.governorOfficeId
                    $0.schemes = forum.schemes
                    $0.plan = plan
                }
            }
        }
    }

    /// Puts the stored policy records and plans in this service's registry, so its own next call resolves them
    /// (after `SetPolicyConfig`, a plan or a forum change).
    public func refreshPolicyRecords() async throws {
        let records = try await runner.read { store in try await Self.policyRecords(in: store) }
        registry.applyPolicies(records)
    }
}
