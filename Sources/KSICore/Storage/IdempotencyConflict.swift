import Foundation
import Synchronization

/// IDEM-R1 (issue 14): a request id names one request. A retry replays the first response only when it
/// is the same command with the same payload; anything else is refused with `alreadyExists` naming the
/// first request (its command, when it ran, what it created or changed), so a client never mistakes
/// another request's result for its own.
package enum IdempotencyConflict {
    package static let rule: RuleID = .idempotentReplay

    /// Throws unless `prior` may be replayed for this request. A record without a digest (stored before
    /// IDEM-R1, or by a system step) replays for the same command, as before.
    static func check(_ prior: IdempotencyRecord, method: String, requestId: String, payloadDigest: String?) throws {
        let sameCommand = prior.method == method
        let samePayload = prior.payloadDigest == nil || payloadDigest == nil || prior.payloadDigest == payloadDigest
        guard !(sameCommand && samePayload) else { return }
        let what = sameCommand ? "with different contents" : "for \(method)"
        let message =
            "request id '\(requestId)' was already used by \(describe(prior)); this request is \(what), so it needs a new request id"
        throw DomainError(
            .alreadyExists,
            message,
            violations: [RuleViolation(field: "request_id", rule: rule, message: message)]
        )
    }

    /// "CreateNeedsReport at 2026-03-01T09:00:00Z, which created or changed needs_report 6f1c…".
    static func describe(_ prior: IdempotencyRecord) -> String {
        let at = Date(timeIntervalSince1970: Double(prior.createdAt) / 1000)
        var text = "\(prior.method) at \(at.formatted(.iso8601))"
        if let kind = prior.entityKind, let id = prior.entityId {
            text += ", which created or changed \(kind) \(id)"
        }
        return text
    }
}

/// The entities a running command audited, in order (thread-safe: a command body may run child tasks).
final class CommandEffects: Sendable {
    private let entities = Mutex<[(kind: String, id: String)]>([])

    func audited(kind: String, id: String) {
        entities.withLock { list in
            if list.count < 1 { list.append((kind, id)) }
        }
    }

    /// The first entity the command audited.
    var first: (kind: String, id: String)? { entities.withLock { $0.first } }
}
