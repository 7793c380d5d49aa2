/// The scheduled work on needs rounds (issue 13): NeedsRoundClosingSoon once per round and deadline,
/// within `closingSoonDays` of the submission deadline (NEED-R6).
///
/// The system neither opens nor closes a round: DOMAIN.md §4.1 gives the round's transitions no system
/// trigger, opening freezes the configuration (COM-R5, a caseworker's act), and NEED-R6 lets a
/// caseworker record an extension past the deadline, which an automatic close would cut off. The
/// caseworker's OpenNeedsRound and CloseNeedsRound emit NeedsRoundOpened and NeedsRoundClosed.
extension NeedsRoundContext {
    /// How many days before the submission deadline the round's "closing soon" notice goes out.
    public static let closingSoonDays: Int64 = 7

    /// Emits the notices due on `today`; returns what it did.
    public func runNeedsRoundDeadlines(today: LocalDate) async throws -> String {
        let rounds = try await runner.read { store in
            try await store.list(NeedsRound.self, filter: StorageFilter(status: NeedsRoundStatus.open.name)).items
        }
        var sweep = ScheduledSweep()
        for round in rounds {
            guard let deadline = round.submissionDeadline else { continue }
            let daysLeft = today.days(until: deadline)
            guard daysLeft >= 0 && daysLeft <= Self.closingSoonDays else { continue }
            await sweep.attempt("closing-soon notices", entity: round.id) {
                try await announceRoundClosingSoon(round.id, deadline: deadline)
            }
        }
        return try sweep.finish()
    }

    /// NeedsRoundClosingSoon, once per round and deadline (the request id); true when emitted now.
    func announceRoundClosingSoon(_ roundId: String, deadline: LocalDate) async throws -> Bool {
        let caller = ScheduledSweep.caller
        let requestId = "scheduler:NeedsRoundClosingSoon:\(roundId):\(deadline)"
        if try await runner.alreadyRan(requestId, caller: caller) { return false }
        _ = try await runner.run(
            NeedsSystemCommand.announceNeedsRoundClosingSoon,
            systemRequestId: requestId,
            caller: caller
        ) { scope in
            let round = try await scope.store.require(NeedsRound.self, id: roundId, what: "needs round")
            guard round.status == .open, round.submissionDeadline == deadline else { return round }
            try await scope.audit(
                kind: NeedsRound.entityKind,
                id: round.id,
                role: .system,
                before: round.status.name,
                after: round.status.name,
                reason: "NEED-R6: the round closes for submissions on \(deadline)"
            )
            try await Self.emit(.needsRoundClosingSoon, round, scope: scope)
            return round
        }
        return true
    }

    /// Appends an outbox event about a round.
    static func emit(_ type: NeedsEventType, _ round: NeedsRound, scope: CommandScope) async throws {
        try await scope.store.appendEvent(
            type: type,
            aggregateId: round.id,
            at: scope.nowMillis,
            payload: NeedsEvent(type, round: round, at: scope.nowMillis)
        )
    }
}
