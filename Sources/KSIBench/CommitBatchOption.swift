import ArgumentParser
import KSICore

/// `--commit-batch N` (issue 17 group commit), shared by `ksi-bench rpc` and `ksi-bench serve`: the most write
/// transactions one commit holds in every database the command opens.
struct CommitBatchOption: ParsableArguments {
    @Option(
        help:
            "Group commit (issue 17): the most write transactions one commit holds; 1 commits each alone, as before group commit. Default: the standard bound (64)."
    )
    var commitBatch: Int?

    /// Sets the batch bound of the databases opened from now on, when the option was given; refuses a bound
    /// below one. Call it before the stack opens its databases.
    func apply() throws {
        guard let commitBatch else { return }
        guard commitBatch >= 1 else {
            throw ValidationError("--commit-batch: \(commitBatch) is not a positive number")
        }
        KSIDatabase.defaultCommitLimits.maxCommands = commitBatch
    }
}
