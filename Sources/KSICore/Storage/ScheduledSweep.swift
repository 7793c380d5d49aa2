/// One pass of a scheduled job over the entities it may change (issue 13): each entity's command runs
/// on its own (its own transaction), a failing one does not stop the others, and the pass reports what
/// it did. When any entity failed, the pass throws `ScheduledSweep.Failures` after trying them all,
/// so the scheduler records the job as failed and retries it on its next tick.
package struct ScheduledSweep: Sendable {
    /// The system caller every scheduled command runs as.
    package static let caller = Caller.system("scheduler")

    package struct Failures: Error, CustomStringConvertible {
        package let done: String
        package let errors: [String]
        package var description: String {
            "\(errors.count) failed (\(errors.prefix(3).joined(separator: "; "))); \(done)"
        }
    }

    private var counts: [(String, Int)] = []
    private var errors: [String] = []

    package init() {}

    /// Runs `body` for one entity; true when it changed something (counted under `what`).
    package mutating func attempt(_ what: String, entity: String, _ body: () async throws -> Bool) async {
        do {
            if try await body() { count(what) }
        } catch {
            errors.append("\(entity): \(error)")
        }
    }

    mutating func count(_ what: String) {
        if let index = counts.firstIndex(where: { $0.0 == what }) {
            counts[index].1 += 1
        } else {
            counts.append((what, 1))
        }
    }

    /// "2 reminders, 1 report due", or "nothing to do".
    package var summary: String {
        counts.isEmpty ? "nothing to do" : counts.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
    }

    /// The summary, or `Failures` when an entity failed.
    package func finish() throws -> String {
        if !errors.isEmpty { throw Failures(done: summary, errors: errors) }
        return summary
    }
}

extension CommandRunner {
    /// Whether a command with `requestId` already ran for `caller` (its response is remembered): a
    /// scheduled "once per entity and deadline" step checks this to report only what it did now.
    package func alreadyRan(_ requestId: String, caller: Caller) async throws -> Bool {
        try await read { store in
            try await store.idempotencyRecord(callerOrg: Self.idempotencyScope(caller), requestId: requestId) != nil
        }
    }
}
