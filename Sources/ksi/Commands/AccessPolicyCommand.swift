import ArgumentParser
import KSICore

/// `ksi access-policy`: prints docs/access.md, the declared access policy of every RPC (AUTH-R5).
struct AccessPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access-policy",
        abstract: "Print the declared access policy of every RPC as Markdown (docs/access.md is this output)."
    )

    func run() throws {
        print(AccessPolicyDocument.markdown(), terminator: "")
    }
}
