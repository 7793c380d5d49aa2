/// The commands Allocation runs for itself rather than for an RPC (issue 16): the relay's reclaim proposals
/// (ALLOC-R16) and the scheduler's report deadlines (ALLOC-R15). The commands RPCs run are named by the RPC
/// (`CommandRunner+RPC.swift`).
enum AllocationSystemCommand: String, SystemCommand {
    case proposeReclaims = "ProposeReclaims"
    case remindGrantReport = "RemindGrantReport"
    case markGrantReportLate = "MarkGrantReportLate"
}
