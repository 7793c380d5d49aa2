/// The one check of a command's `expected_version` against the stored version (protos/README.md, "Versions").
///
/// A command that changes an existing entity names the version it read: 0 (the proto default, i.e. absent)
/// is refused with INVALID_ARGUMENT on `expected_version` (COM-INPUT), a different version is a version
/// conflict (ABORTED). Only the event-applying `Apply*` commands, whose contract says
/// "expected_version 0 = unconditional", treat 0 as "apply whatever the version" (`.zeroIsUnconditional`).
package enum ExpectedVersion: Sendable {
    /// 0 is refused; every other value must equal the stored version.
    case required
    /// 0 applies unconditionally (event relays); any other value must equal the stored version.
    case zeroIsUnconditional

    /// Throws unless `expected` allows a change of an entity stored at `stored`.
    /// `what` and `id` name the entity in a conflict (the PreconditionFailure subject, type VERSION).
    package func check(
        _ expected: Int64,
        stored: Int64,
        field: String = "expected_version",
        what: String = "",
        id: String = ""
    ) throws(DomainError) {
        if expected < 0 {
            throw DomainError.invalidArgument(
                field: field,
                "expected_version is the version the change was based on; it cannot be negative"
            )
        }
        if expected == 0 {
            if self == .zeroIsUnconditional { return }
            throw DomainError.invalidArgument(
                field: field,
                "a change of an existing entity must carry expected_version, the version it was based on (read the entity first)"
            )
        }
        if expected != stored {
            throw DomainError.versionConflict(expected: expected, actual: stored, what: what, id: id)
        }
    }
}
