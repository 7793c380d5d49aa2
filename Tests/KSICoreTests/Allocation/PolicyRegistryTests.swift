import KSICore
import KSITestSupport
import Testing

/// The policy records and long-term plans in the live registry (issue 13; COM-R5, NEED-R14): AllocationService puts
/// a `SetPolicyConfig` in its own registry at once; `GetReferenceDataChanges` carries the records only when the
/// follower holds another `policy_version`; a follower's registry keeps them across imports and drops them on reset.
@Suite("Policy records in the live registry")
struct PolicyRegistryTests {
    static let today = LocalDate(year: 2025, month: 3, day: 3)
    static let office = TestRegion.governorOfficeId

    static func statped(threshold: Int32) -> SetPolicyConfigRequest {
        .with {
            $0.requestId = "statped-\(threshold)"
            $0.statpedPolicy = StatpedPolicy.with { $0.smallCellThreshold = threshold }
        }
    }

    static func resolvedThreshold(_ registry: ReferenceRegistry) -> Int32 {
        registry.current.policies.resolve(governorOfficeId: office, year: today.year, scheme: .ksi).statped
            .smallCellThreshold
    }

    @Test(
        "SetPolicyConfig reaches AllocationService's own registry at once; the changes answer carries the records only to a follower that lacks them"
    )
    func allocationRegistryAndChanges() async throws {
        let reference = try TestRegion.reference()
        try await TestDatabase.with(.sqlite) { database in
            let allocation = AllocationContext(
                database: database,
                reference: reference,
                time: FixedTimeSource(date: Self.today),
                needsReports: NeedsContext(
                    database: database,
                    reference: reference,
                    time: FixedTimeSource(date: Self.today)
                )
            )
            let system = Caller.system("needs")
            let empty = try await allocation.policy.getReferenceDataChanges(.init(), as: system)
            #expect(empty.policies == nil)

            let threshold: Int32 = 9
            _ = try await allocation.policy.setPolicyConfig(
                Self.statped(threshold: threshold),
                as: TestRegion.caller(.udirAdmin)
            )
            #expect(Self.resolvedThreshold(allocation.registry) == threshold)
            let version = allocation.registry.policyVersion
            #expect(version > 0)

            let changes = try await allocation.policy.getReferenceDataChanges(.init(), as: system)
            let records = try #require(changes.policies)
            #expect(records.policyVersion == version)
            #expect(records.statpedPolicy?.smallCellThreshold == threshold)
            // A follower holding this version gets no records again.
            let again = try await allocation.policy.getReferenceDataChanges(
                .with { $0.sincePolicyVersion = version },
                as: system
            )
            #expect(again.policies == nil)

            // A refused change stores nothing: the version and the threshold stay.
            await #expect(throws: DomainError.self) {
                try await allocation.policy.setPolicyConfig(
                    Self.statped(threshold: -1),
                    as: TestRegion.caller(.udirAdmin)
                )
            }
            #expect(allocation.registry.policyVersion == version)
            #expect(Self.resolvedThreshold(allocation.registry) == threshold)

            // A follower takes the records, keeps them across an import and drops them on reset (another epoch).
            let follower = ReferenceRegistry(reference)
            follower.applyPolicies(records)
            #expect(Self.resolvedThreshold(follower) == threshold)
            let orgNumber = OrgNumber.fictitious(8_810_090).value
            follower.apply([
                ReferenceDataSet.with {
                    $0.datasetVersion = 2
                    $0.organisations = [
                        Organisation.with {
                            $0.id = "org-p"
                            $0.version = 2
                            $0.orgNumber = orgNumber
                            $0.name = "Ny"
                        }
                    ]
                }
            ])
            #expect(follower.current.organisation(orgNumber: orgNumber) != nil)
            #expect(Self.resolvedThreshold(follower) == threshold)
            // Records older than the ones held are passed over.
            var older = records
            older.policyVersion = version - 1
            older.statpedPolicy?.smallCellThreshold = 3
            follower.applyPolicies(older)
            #expect(Self.resolvedThreshold(follower) == threshold)
            follower.reset()
            #expect(follower.policyVersion == 0)
            #expect(Self.resolvedThreshold(follower) == BuiltInPolicy.statped.smallCellThreshold)
        }
    }
}
