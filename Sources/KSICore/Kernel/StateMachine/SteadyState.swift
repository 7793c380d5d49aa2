/// The audit state of the entities that have no lifecycle of their own (issue 16): what their audit records
/// name as the state before and after a change. The raw value is stored in `audit_log` and is byte for byte
/// the text these records always had (`AuditCommandNamesTests` pins it).
package enum SteadyState: String, CaseIterable, Sendable {
    /// A needs assessment: recorded once, then corrected in place.
    case recorded
    /// A governor, scheme-year or Statped policy: set, and set again by every change.
    case set
    /// A samarbeidsforum or competence network: active while it exists.
    case active
    /// A reference-data import batch.
    case imported
}
