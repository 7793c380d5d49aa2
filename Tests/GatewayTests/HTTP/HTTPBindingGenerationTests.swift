import Foundation
import KSITestSupport
import Testing

/// scripts/generate-protos refuses HTTP bindings the transcoder could not serve (issue 14): an RPC of a context
/// service without `google.api.http`, a path variable that is not a field of the request, and two bindings one
/// request could match. Each case edits one line of a copy of protos/ and runs the real generator on it.
@Suite("HTTP bindings are validated when the code is generated")
struct HTTPBindingGenerationTests {
    /// Runs scripts/generate-protos over protos/ with `needs.proto` changed by `edit`; returns (exit status, output).
    func generate(editing edit: (String) -> String) throws -> ProcessResult {
        let dir = try RepositoryPaths.temporaryDirectory("http-bindings")
        defer { try? FileManager.default.removeItem(at: dir) }
        let protos = dir.appendingPathComponent("protos")
        try FileManager.default.copyItem(at: RepositoryPaths.root.appendingPathComponent("protos"), to: protos)
        let needs = protos.appendingPathComponent("ksi/v1/needs.proto")
        let original = try String(contentsOf: needs, encoding: .utf8)
        let changed = edit(original)
        #expect(changed != original, "the edit changed nothing")
        try changed.write(to: needs, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["KSI_PROTOS_DIR"] = protos.path
        return try runProgram(
            URL(fileURLWithPath: "/bin/bash"),
            [RepositoryPaths.root.appendingPathComponent("scripts/generate-protos").path, out.path],
            environment: environment
        )
    }

    @Test(
        "an RPC without an annotation, a path variable that is no request field, and two colliding bindings each fail generation, naming the RPC"
    )
    func invalidBindingsFail() throws {
        let missing = try generate {
            $0.replacingOccurrences(
                of:
                    #"    option (google.api.http) = {post: "/api/v1/needsReports/{needs_report_id}:submit" body: "*"};"#
                    + "\n",
                with: ""
            )
        }
        #expect(missing.status != 0)
        #expect(missing.output.contains("SubmitNeedsReport has no option (google.api.http)"), "\(missing.output)")

        let unknownVariable = try generate {
            $0.replacingOccurrences(
                of: #"/api/v1/needsReports/{needs_report_id}:submit"#,
                with: #"/api/v1/needsReports/{report_id}:submit"#
            )
        }
        #expect(unknownVariable.status != 0)
        #expect(
            unknownVariable.output.contains("path variable {report_id} is not a field of SubmitNeedsReportRequest"),
            "\(unknownVariable.output)"
        )

        let collision = try generate {
            $0.replacingOccurrences(
                of: #"/api/v1/needsReports/{needs_report_id}:resubmit"#,
                with: #"/api/v1/needsReports/{needs_report_id}:submit"#
            )
        }
        #expect(collision.status != 0)
        #expect(collision.output.contains("collides with NeedsService.SubmitNeedsReport"), "\(collision.output)")
    }
}
