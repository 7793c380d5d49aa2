/// The commands Needs runs for itself rather than for an RPC (issue 16): the scheduler's notice that a
/// needs round closes soon.
enum NeedsSystemCommand: String, SystemCommand {
    case announceNeedsRoundClosingSoon = "AnnounceNeedsRoundClosingSoon"
}
