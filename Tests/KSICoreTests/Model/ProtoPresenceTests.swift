import KSICore
import Testing

/// Protobuf defaults read as "not given" (issue 16): the list filters rely on `""`, `0` and `[]` being absent
/// and every other value passing through unchanged.
@Suite("Protobuf defaults as absent values")
struct ProtoPresenceTests {
    @Test("an empty string is absent; any other string, blanks included, is kept")
    func strings() {
        #expect("".nonEmpty == nil)
        #expect("agder".nonEmpty == "agder")
        #expect(" ".nonEmpty == " ")
    }

    @Test("0 is absent; negative and positive numbers are kept")
    func numbers() {
        #expect(Int32(0).nonZero == nil)
        #expect(Int32(2025).nonZero == 2025)
        #expect(Int64(-1).nonZero == -1)
    }

    @Test("an empty repeated field is absent; a non-empty one is kept in order")
    func arrays() {
        #expect([NeedsReportStatus]().nonEmpty == nil)
        #expect([NeedsReportStatus.submitted, .draft].nonEmpty == [.submitted, .draft])
    }
}
