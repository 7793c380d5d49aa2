import KSICore
import Testing

/// One (state, command, actor) combination for the state-machine sweeps.
struct PartnershipSweepCase<Status: NamedEnum, Command: Hashable & Sendable>: Sendable, CustomStringConvertible {
    var status: Status
    var command: Command
    var actor: PartnershipActor
    var description: String { "\(command) from \(status.name) by \(actor)" }
}

/// Every combination of `statuses × commands × actors` not in `allowed`.
func partnershipSweep<Status: NamedEnum, Command: Hashable & Sendable & CaseIterable>(
    allowed: [(Command, Status, Status, PartnershipActor)]
) -> [PartnershipSweepCase<Status, Command>] {
    var cases: [PartnershipSweepCase<Status, Command>] = []
    for status in Status.allCases {
        for command in Command.allCases {
            for actor in PartnershipActor.allCases
            where !allowed.contains(where: { $0.0 == command && $0.1 == status && $0.3 == actor }) {
                cases.append(PartnershipSweepCase(status: status, command: command, actor: actor))
            }
        }
    }
    return cases
}

/// Expects `body` to throw a DomainError with `code`; returns it.
@discardableResult
func expectPartnershipError(
    _ code: DomainError.Code,
    _ body: () async throws -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
) async -> DomainError? {
    do {
        try await body()
        Issue.record("expected a \(code) error, but the command succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let error as DomainError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a DomainError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Expects `body` to throw a rule violation naming `rule`.
func expectPartnershipViolation(
    _ rule: RuleID,
    _ body: () async throws -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    let error = await expectPartnershipError(.ruleViolation, body, sourceLocation: sourceLocation)
    #expect(
        error?.violations.contains { $0.rule == rule } == true,
        "\(String(describing: error))",
        sourceLocation: sourceLocation
    )
}

extension Array where Element == RuleWarning {
    func carriesPartnershipRule(_ rule: RuleID) -> Bool { contains { $0.ruleId == rule.value } }
}
