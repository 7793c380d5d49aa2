import Foundation
import KSICore
import KSITestSupport
import Testing

/// Issue 14: the contract says what each id field holds (a server-assigned UUID, a registry record id, a
/// client's request id, …), so an integrator does not assume every id is a UUID. Every `string` field named
/// `id`, `…_id` or `…_ids` in protos/ksi/v1 has a leading `// Id: …` comment, and the comment names one of
/// the kinds protos/README.md lists.
@Suite("Id fields say what they hold")
struct IdFieldCommentTests {
    static let kinds = [
        "UUID", "Registry record id", "idempotency key", "rule id", "Rule ids", "Fødselsnummer",
        "proposed measure", "Id KSI gave", "policy record",
    ]

    @Test("every id field of protos/ksi/v1 has an `// Id:` comment naming what it holds")
    func everyIdFieldIsCommented() throws {
        let folder = RepositoryPaths.root.appendingPathComponent("protos/ksi/v1")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".proto") }
            .sorted()
        #expect(files.count >= 6)
        let field = try Regex(#"^\s*(repeated )?string (id|\w+_ids?) = \d+;"#)
        var idFields = 0
        var missing: [String] = []
        for file in files {
            let lines = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).components(
                separatedBy: "\n"
            )
            for (index, line) in lines.enumerated() where line.firstMatch(of: field) != nil {
                idFields += 1
                let comment = index > 0 ? lines[index - 1].trimmingCharacters(in: .whitespaces) : ""
                let named =
                    comment.hasPrefix("// Id:") && Self.kinds.contains { comment.localizedCaseInsensitiveContains($0) }
                if !named { missing.append("\(file):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))") }
            }
        }
        #expect(idFields > 500)
        #expect(missing.isEmpty, "id fields without an `// Id:` comment: \(missing.prefix(20))")
    }

    @Test(
        "ID-R2: a request id field the contract says holds a server-assigned UUID refuses anything else, naming the field"
    )
    func uuidFieldsAreChecked() throws {
        // A slug where a needs report's UUID belongs: INVALID_ARGUMENT on `id`, and on `needs_report_id` of a command.
        #expect(
            GetNeedsReportRequest.with { $0.id = "no-such-report" }.limitCheck().violations.map {
                [$0.field, $0.rule.value]
            } == [["id", "ID-R2"]]
        )
        #expect(
            SubmitNeedsReportRequest.with {
                $0.requestId = "r"
                $0.needsReportId = "owner-4204"
            }.limitCheck().violations
                .map { [$0.field, $0.rule.value] } == [["needs_report_id", "ID-R2"]]
        )
        // A UUID in either case passes, and an empty id is left to the command (it is "not set").
        #expect(
            GetNeedsReportRequest.with { $0.id = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b" }.limitCheck().violations
                .isEmpty
        )
        #expect(
            GetNeedsReportRequest.with { $0.id = "6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B" }.limitCheck().violations
                .isEmpty
        )
        #expect(GetNeedsReportRequest().limitCheck().violations.isEmpty)
        // A registry id stays a slug: no UUID check on `governor_office_id` or `owner_id`.
        #expect(ListNeedsReportsRequest.with { $0.governorOfficeId = "agder" }.limitCheck().violations.isEmpty)
    }
}
