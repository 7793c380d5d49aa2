/// The commands Partnerships runs for itself rather than for an RPC (issue 16): the scheduler's sweeps that
/// refresh the rule warnings of partnerships and measures.
enum PartnershipSystemCommand: String, SystemCommand {
    case refreshPartnershipWarnings = "RefreshPartnershipWarnings"
    case refreshMeasureWarnings = "RefreshMeasureWarnings"
}
