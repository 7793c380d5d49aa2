import Synchronization

/// The live registry of organisations, people and the rest of the reference data in one process (§3; issue 12).
///
/// It starts from the bootstrap data (the bundled files plus the start-up file) and takes the imports that
/// AllocationService, the system of record, has stored, in dataset-version order (later imports win; COM-R6
/// keeps every dated version, so lookups on a date still see the version valid then). AllocationService
/// replaces the data itself after each import; every other process follows it (`ReferenceFollower`).
///
/// The registry also holds the stored policy records (COM-R5) and the forums' long-term plans (NEED-R14), whose
/// system of record is AllocationService too: `data.policies` is the bootstrap policies with the stored records over
/// them, `data.longTermPlans` the stored plans. They travel with the imports (`ReferenceDataChanges.policies`) and are
/// replaced whole when their `policyVersion` grows.
///
/// Readers take the whole `ReferenceData` value once (`current`): a swap never blocks a request and a request
/// never sees half an import.
public final class ReferenceRegistry: Sendable {
    /// The data in force, the dataset version of the last import it holds (0: the bootstrap alone) and the
    /// `PolicyRecords.policyVersion` of the policy records it holds (0: the bootstrap policies alone).
    public struct Snapshot: Sendable {
        /// The reference data in force.
        public let data: ReferenceData
        /// The dataset version of the last import it holds (0: the bootstrap alone).
        public let importVersion: Int64
        /// The policy records' `policyVersion` (0: the bootstrap policies alone).
        public let policyVersion: Int64
    }

    /// What the process started with; a follower that finds its source reset starts again from here.
    public let bootstrap: ReferenceData
    private let state: Mutex<Snapshot>

    /// A registry holding `bootstrap` until the first import.
    public init(_ bootstrap: ReferenceData) {
        self.bootstrap = bootstrap
        self.state = Mutex(Snapshot(data: bootstrap, importVersion: 0, policyVersion: 0))
    }

    /// The reference data in force now.
    public var current: ReferenceData { state.withLock { $0.data } }

    /// The data and the dataset version of the last import applied, read together.
    public var snapshot: Snapshot { state.withLock { $0 } }

    /// The dataset version of the last import applied (0: none).
    public var importVersion: Int64 { state.withLock { $0.importVersion } }

    /// The version of the policy records held (0: the bootstrap policies alone).
    public var policyVersion: Int64 { state.withLock { $0.policyVersion } }

    /// Replaces the data (AllocationService after reading its stored imports and policy records; `data.policies`
    /// holds the records of `policyVersion`). Data older than the data held is passed over, so two refreshes
    /// finishing out of order cannot put an earlier registry back; newer policies held are kept.
    public func replace(_ data: ReferenceData, importVersion: Int64, policyVersion: Int64) {
        state.withLock { snapshot in
            guard importVersion >= snapshot.importVersion else { return }
            var data = data
            var policyVersion = policyVersion
            if snapshot.policyVersion > policyVersion {
                data.policies = snapshot.data.policies
                data.longTermPlans = snapshot.data.longTermPlans
                policyVersion = snapshot.policyVersion
            }
            snapshot = Snapshot(data: data, importVersion: importVersion, policyVersion: policyVersion)
        }
    }

    /// Puts stored policy records and long-term plans in force (COM-R5, NEED-R14): the bootstrap policies with the
    /// records over them, replacing the records held. Records of an older `policyVersion` than the ones held are
    /// passed over (a version never falls while the source's database stays the same; `reset` starts from 0).
    public func applyPolicies(_ records: PolicyRecords) {
        let policies = bootstrap.policies.with(records)
        let plans = LongTermPlansInForce(records.longTermPlans)
        state.withLock { snapshot in
            guard records.policyVersion >= snapshot.policyVersion else { return }
            var data = snapshot.data
            data.policies = policies
            data.longTermPlans = plans
            snapshot = Snapshot(data: data, importVersion: snapshot.importVersion, policyVersion: records.policyVersion)
        }
    }

    /// Applies imports newer than the ones held, in version order; older or repeated ones are passed over, so a
    /// page fetched twice changes nothing. The merge runs outside the lock, so readers never wait for it; when
    /// the data changed meanwhile, nothing is applied (the next poll asks again). Returns the version now held.
    @discardableResult
    public func apply(_ imports: [ReferenceDataSet]) -> Int64 {
        let before = snapshot
        let newer = imports.filter { $0.datasetVersion > before.importVersion }.sorted {
            $0.datasetVersion < $1.datasetVersion
        }
        guard let last = newer.last else { return before.importVersion }
        let merged = Self.applying(newer, to: before.data)
        return state.withLock { current in
            guard current.importVersion == before.importVersion else { return current.importVersion }
            // Policies applied meanwhile stay: the merge only replaces the imported records.
            var data = merged
            data.policies = current.data.policies
            data.longTermPlans = current.data.longTermPlans
            current = Snapshot(data: data, importVersion: last.datasetVersion, policyVersion: current.policyVersion)
            return last.datasetVersion
        }
    }

    /// Goes back to the bootstrap data (the source's imports were replaced, e.g. a restored database).
    public func reset() {
        state.withLock { $0 = Snapshot(data: bootstrap, importVersion: 0, policyVersion: 0) }
    }

    /// `base` with `imports` merged over it in the order given, without superseded copies of a record (COM-R6).
    public static func applying(_ imports: [ReferenceDataSet], to base: ReferenceData) -> ReferenceData {
        guard !imports.isEmpty else { return base }
        var merged = base
        for batch in imports { merged = merged.merging(batch) }
        return ReferenceData(
            ReferenceDataVersioning.deduplicated(merged.set),
            policies: base.policies,
            longTermPlans: base.longTermPlans
        )
    }
}
