import Foundation
import KSITestSupport
import Testing

/// AUTH-R2 has one enforcement point (`CommandRunner.run(_:request:caller:_:)` and the referral
/// `change(_:request:…)` built on it); these checks keep every acting-person field going through it.
@Suite("AUTH-R2 acting-person fields go through the shared check")
struct ActingPersonRulesTests {
    let core = RepositoryPaths.root.appendingPathComponent("Sources/KSICore")

    func swiftFiles(under folder: URL) throws -> [(path: String, text: String)] {
        var files: [(String, String)] = []
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            files.append(
                (String(url.path.dropFirst(core.path.count + 1)), try String(contentsOf: url, encoding: .utf8))
            )
        }
        return files
    }

    /// The generated request messages with an `actingPersonId` field, read from the generated code.
    func requestsWithActingPerson() throws -> Set<String> {
        var names: Set<String> = []
        for (path, text) in try swiftFiles(under: core.appendingPathComponent("Model/Generated"))
        where path.hasSuffix(".pb.swift") {
            var current: String?
            for line in text.split(separator: "\n") {
                if line.hasPrefix("public struct "),
                    let name = line.dropFirst("public struct ".count).split(separator: ":").first
                {
                    current = String(name)
                } else if line == "}" {
                    current = nil
                } else if let current, line.contains("public var actingPersonId: String") {
                    names.insert(current)
                }
            }
        }
        return names
    }

    @Test("every generated message with acting_person_id conforms to ActingPersonRequest")
    func everyRequestConforms() throws {
        let generated = try requestsWithActingPerson()
        #expect(generated.count > 40)
        let list = try String(
            contentsOf: core.appendingPathComponent("Model/ActingPersonRequests.swift"),
            encoding: .utf8
        )
        let conforming = Set(
            list.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("extension "), line.hasSuffix(": ActingPersonRequest {}") else { return nil }
                return String(line.dropFirst("extension ".count).dropLast(": ActingPersonRequest {}".count))
            }
        )
        #expect(
            conforming == generated,
            "missing: \(generated.subtracting(conforming).sorted()); extra: \(conforming.subtracting(generated).sorted())"
        )
    }

    @Test(
        "every context method taking such a request runs it through the AUTH-R2 check, and none reads the field itself"
    )
    func everyMethodChecks() throws {
        let requests = try requestsWithActingPerson()
        var checked = 0
        var unchecked: [String] = []
        var readers: [String] = []
        for (path, text) in try swiftFiles(under: core) where !path.contains("/Generated/") {
            // Split into top-level-in-extension functions (four-space indented declarations).
            for wrapped in text.components(separatedBy: "\n    public func ").dropFirst() {
                // swift-format puts a long signature's parameters on their own lines.
                let chunk = wrapped.replacingOccurrences(of: "(\n        _ request: ", with: "(_ request: ")
                guard let open = chunk.firstIndex(of: "("), chunk[open...].hasPrefix("(_ request: ") else { continue }
                let type = chunk[chunk.index(open, offsetBy: "(_ request: ".count)...].prefix {
                    $0.isLetter || $0.isNumber
                }
                guard requests.contains(String(type)) else { continue }
                let body = chunk.components(separatedBy: "\n    }\n").first ?? chunk
                if body.contains("request: request") || body.contains("checkActingPerson(request.actingPersonId)") {
                    checked += 1
                } else {
                    unchecked.append("\(path): \(type)")
                }
            }
            let allowed = [
                "Storage/CommandRunner.swift", "Model/Caller+ActingPerson.swift", "Referral/ReferralContext.swift",
            ]
            if !allowed.contains(path), text.contains("request.actingPersonId"),
                !text.contains("checkActingPerson(request.actingPersonId)")
            {
                readers.append(path)
            }
        }
        #expect(checked >= requests.count)
        #expect(unchecked.isEmpty, "\(unchecked)")
        #expect(readers.isEmpty, "acting_person_id read outside the shared check: \(readers)")
    }
}
