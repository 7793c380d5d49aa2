/// AUTH-R2: a request field that names the acting person is either empty or the caller's own person.
///
/// The acting person is always `Caller.personId` (the verified token's person, or what an in-process
/// embedder put there); a request field can only repeat it. Every command whose request carries
/// `acting_person_id` passes through `CommandRunner.run(_:request:caller:_:)`, which runs this check
/// before anything is read or stored.
public protocol ActingPersonRequest: Sendable {
    /// The request id of the command (idempotency, LIM-R4).
    var requestId: String { get }
    /// The person the client says is acting; empty or equal to the caller's person (AUTH-R2).
    var actingPersonId: String { get }
}

extension Caller {
    /// The project-level rule ids of person identity (docs/security.md).
    public static let actingPersonRule: RuleID = .actingPerson

    /// Throws `notPermitted` (field + AUTH-R2) unless `value` is empty or the caller's person.
    public func checkActingPerson(_ value: String, field: String = "acting_person_id") throws {
        guard !value.isEmpty, value != personId else { return }
        let message =
            personId.isEmpty
            ? "no authenticated person is acting, so \(field) must be empty; a person is identified only by a signed token"
            : "\(field) must be empty or name the authenticated person; a caller cannot act as someone else"
        throw DomainError(
            .notPermitted,
            message,
            violations: [RuleViolation(field: field, rule: Self.actingPersonRule, message: message)]
        )
    }

    /// The acting person's id for a person-level action; throws `notPermitted` under `rule` when no
    /// person acts (a system or an organisation without a verified person).
    public func requirePerson(toDo action: String, rule: RuleID, field: String = "acting_person_id") throws -> String {
        guard let person else {
            let message = "only an authenticated person may \(action); this caller acts without one"
            throw DomainError(
                .notPermitted,
                message,
                violations: [RuleViolation(field: field, rule: rule, message: message)]
            )
        }
        return person
    }
}
