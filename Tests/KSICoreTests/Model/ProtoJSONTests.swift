import Foundation
import KSICore
import KSITestSupport
import Testing

/// The generated Codable is protobuf's canonical proto3 JSON mapping (https://protobuf.dev/programming-guides/json/).
/// The expected JSON texts are written out by hand from that specification, not produced by the code under test.
@Suite("Canonical proto3 JSON of the generated messages")
struct ProtoJSONTests {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    /// The refusal `json` gets: "<field> <rule>" of its one violation (nil when accepted or refused otherwise).
    static func refusal<T: Decodable>(_ type: T.Type, _ json: String) -> String? {
        do {
            _ = try decode(T.self, json)
            return nil
        } catch let error as DomainError {
            guard error.code == .invalidArgument, let violation = error.violations.first, error.violations.count == 1
            else { return nil }
            return "\(violation.field) \(violation.rule.value)"
        } catch {
            return nil
        }
    }

    @Test(
        "output: json_name keys, enums by proto value name, int64 as a string, int32 as a number, Date as an object, wrappers bare, bytes base64, defaults omitted"
    )
    func output() throws {
        var line = SimulationDraftLine()
        line.draftLineRef = "a"
        line.recipientType = .owner
        line.amountOre = 9_007_199_254_740_993  // beyond a double's exact range: only a string keeps it
        line.years = 2
        line.themes = [.inclusivePractice]
        #expect(
            try Self.encode(line)
                == #"{"amountOre":"9007199254740993","draftLineRef":"a","recipientType":"RECIPIENT_TYPE_OWNER","themes":["THEME_CODE_INCLUSIVE_PRACTICE"],"years":2}"#
        )

        var child = ChildInput()
        child.birthDate = LocalDate(year: 2016, month: 3, day: 14)
        #expect(try Self.encode(child) == #"{"birthDate":{"day":14,"month":3,"year":2016}}"#)

        var request = SimulateAllocationRequest()
        request.reservedSpecialNeedsShareBp = 0  // a wrapper: present even when zero, as its bare value
        #expect(try Self.encode(request) == #"{"reservedSpecialNeedsShareBp":0}"#)
        #expect(try Self.encode(SimulateAllocationRequest()) == "{}")

        var content = ReferralAttachmentContent()
        content.content = [0, 255, 1, 2]
        #expect(try Self.encode(content) == #"{"content":"AP8BAg=="}"#)
    }

    @Test(
        "input: proto names as well as json_names, enum numbers, numbers or strings for every integer, null as the default, URL-safe base64"
    )
    func lenientInput() throws {
        let camel = try Self.decode(
            SimulationDraftLine.self,
            #"{"draftLineRef":"a","recipientType":"RECIPIENT_TYPE_OWNER","amountOre":"12","years":"3","themes":[1]}"#
        )
        let snake = try Self.decode(
            SimulationDraftLine.self,
            #"{"draft_line_ref":"a","recipient_type":1,"amount_ore":12,"years":3,"themes":["THEME_CODE_INCLUSIVE_PRACTICE"]}"#
        )
        #expect(camel == snake)
        #expect(
            camel.amountOre == 12 && camel.years == 3 && camel.recipientType == .owner
                && camel.themes == [.inclusivePractice]
        )
        let nulls = try Self.decode(
            SimulationDraftLine.self,
            #"{"draftLineRef":null,"amountOre":null,"themes":null,"recipientType":null}"#
        )
        #expect(nulls == SimulationDraftLine())
        #expect(try Self.decode(ReferralAttachmentContent.self, #"{"content":"AP-_"}"#).content == [0, 255, 191])
        #expect(
            try Self.decode(ChildInput.self, #"{"birth_date":{"year":"2016","month":3,"day":14}}"#).birthDate
                == LocalDate(year: 2016, month: 3, day: 14)
        )
        #expect(
            try Self.decode(SimulateAllocationRequest.self, #"{"reservedSpecialNeedsShareBp":null}"#)
                .reservedSpecialNeedsShareBp == nil
        )
    }

    @Test(
        "refused input names the field by the JSON path the client sent: unknown keys, fractions, out-of-range, wrong types, unknown enum values, impossible dates (LIM-R3)"
    )
    func refusals() {
        let request = SimulateAllocationRequest.self
        #expect(Self.refusal(request, #"{"colour":"red"}"#) == "colour COM-INPUT")
        // A key that is no plain name still gets a path that points at it (schemathesis sent `"": 1`).
        #expect(Self.refusal(request, #"{"":1}"#) == #"[""] COM-INPUT"#)
        #expect(Self.refusal(request, #"{"draftLines":[{"a.b":1}]}"#) == #"draftLines[0]["a.b"] COM-INPUT"#)
        #expect(Self.refusal(request, #"{"round_idx":1}"#) == #"["round_idx"] COM-INPUT"#)
        #expect(Self.refusal(request, #"{"frameOre":"1","frame_ore":"2"}"#) == "frameOre COM-INPUT")
        #expect(
            Self.refusal(request, #"{"draft_lines":[{},{"amountOre":1,"colour":1}]}"#)
                == "draft_lines[1].colour COM-INPUT"
        )
        #expect(Self.refusal(request, #"{"year":2025.5}"#) == "year COM-INPUT")
        #expect(Self.refusal(request, #"{"year":"2025.0"}"#) == "year COM-INPUT")
        #expect(Self.refusal(request, #"{"year":2147483648}"#) == "year COM-INPUT")
        #expect(Self.refusal(request, #"{"frameOre":"9223372036854775808"}"#) == "frameOre COM-INPUT")
        #expect(Self.refusal(request, #"{"frameOre":true}"#) == "frameOre COM-INPUT")
        #expect(Self.refusal(request, #"{"scheme":"ksi"}"#) == "scheme COM-INPUT")
        #expect(Self.refusal(request, #"{"scheme":99}"#) == "scheme COM-INPUT")
        #expect(Self.refusal(request, #"{"draftLines":{}}"#) == "draftLines COM-INPUT")
        #expect(Self.refusal(request, #"[]"#) == " COM-INPUT")
        #expect(Self.refusal(ChildInput.self, #"{"birthDate":{"year":2023,"month":2,"day":29}}"#) == "birthDate LIM-R3")
        #expect(Self.refusal(ChildInput.self, #"{"birthDate":"2016-03-14"}"#) == "birthDate COM-INPUT")
        #expect(
            Self.refusal(ChildInput.self, #"{"birthDate":{"year":2016,"month":3,"day":14,"hour":1}}"#)
                == "birthDate.hour COM-INPUT"
        )
    }

    @Test("every generated message and enum sample survives encode → decode (the wire samples set every field)")
    func everySampleRoundTrips() throws {
        var checked = 0
        for (name, sample) in WireSamples.all {
            guard let codable = sample as? any Codable else { continue }
            func roundTrip<T: Codable & Equatable>(_ value: T) throws -> Bool {
                try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value)) == value
            }
            if let equatable = codable as? any (Codable & Equatable) {
                #expect(try roundTrip(equatable), "\(name)")
                checked += 1
            }
        }
        #expect(checked == WireSamples.all.count)
    }
}

/// Every contract message, with every field set (the wire samples), written by the generated Codable and read
/// back by protobuf's own JSON library: Python `json_format.Parse(…, ignore_unknown_fields=False)` into classes
/// generated from protos/, then `MessageToJson` must give the same JSON (scripts/protojson_check.py).
@Suite("Canonical proto3 JSON of every message against Python json_format")
struct ProtoJSONEveryMessageTests {
    @Test("every ksi.v1 message sample round-trips through json_format unchanged")
    func everySampleThroughJSONFormat() throws {
        let dir = try RepositoryPaths.temporaryDirectory("protojson-samples")
        defer { try? FileManager.default.removeItem(at: dir) }
        var arguments = ["roundtrip"]
        for (index, (name, sample)) in WireSamples.all.enumerated() where name.hasPrefix("ksi.v1.") {
            let file = dir.appendingPathComponent("\(index).json")
            func encoded<T: Encodable>(_ value: T) throws -> Data { try JSONEncoder().encode(value) }
            let encodable = try #require(sample as? any Encodable, "\(name)")
            try encoded(encodable).write(to: file)
            arguments += [name, file.path]
        }
        #expect(arguments.count > 400)
        let script = RepositoryPaths.root.appendingPathComponent("scripts/protojson_check.py").path
        let run = try runProgram(RepositoryPaths.python, [script] + arguments)
        #expect(run.status == 0 && run.output.hasSuffix("ok\n"), "\(run.output.prefix(4000))")
    }
}
