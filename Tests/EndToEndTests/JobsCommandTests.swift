import Foundation
import KSICore
import KSITestSupport
import Testing

/// `ksi serve` runs its scheduler on its own (KSI_SCHEDULER_INTERVAL_MS), and `ksi jobs --admin` reads
/// the jobs from the service's admin server (issue 13, docs/operations.md).
@Suite("ksi jobs")
struct JobsCommandTests {
    static let ksi = RepositoryPaths.root.appendingPathComponent(".build/debug/ksi")

    @Test("ksi jobs lists a running service's jobs with their last outcome")
    func listsJobsOfARunningService() async throws {
        let dir = try RepositoryPaths.temporaryDirectory("ksi-jobs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pki = dir.appendingPathComponent("pki").path
        let certs = try runProgram(Self.ksi, ["certs", "--out", pki])
        try #require(certs.status == 0, "\(certs.output)")
        let grpcPort = try freeLoopbackPort()
        let adminPort = try freeLoopbackPort()
        var env = ProcessInfo.processInfo.environment
        env["KSI_SCHEDULER_INTERVAL_MS"] = "100"
        let log = dir.appendingPathComponent("serve.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let serve = try ChildProcess.spawn(
            Self.ksi.path,
            [
                "serve", "allocation", "--port", String(grpcPort), "--admin-port", String(adminPort), "--cert-dir", pki,
                "--data-dir", dir.appendingPathComponent("data").path,
            ],
            environment: env,
            output: handle.fileDescriptor
        )
        try handle.close()
        defer {
            serve.terminate()
            serve.waitUntilExit()
        }
        var attempt: ProcessResult?
        for _ in 0..<150 {
            attempt = try runProgram(Self.ksi, ["jobs", "--admin", "http://127.0.0.1:\(adminPort)"])
            if attempt?.status == 0 && attempt?.output.contains("succeeded") == true { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let listed = try #require(attempt)
        let output = listed.output
        #expect(listed.status == 0, "\(output)\n\((try? String(contentsOf: log, encoding: .utf8))?.suffix(1500) ?? "")")
        #expect(output.hasPrefix("grant-report-deadlines  last "), "\(output)")
        #expect(output.contains("succeeded  next "), "\(output)")
        #expect(output.contains("runs 1"), "\(output)")
        #expect(output.contains("nothing to do"), "\(output)")
    }
}
