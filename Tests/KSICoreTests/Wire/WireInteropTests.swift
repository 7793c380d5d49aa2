import Foundation
import KSICore
import KSITestSupport
import Testing

/// Every message of protos/ goes through KSI's protobuf-c bridge and Python's `protobuf`, both ways.
@Suite("Wire interop with Python protobuf")
struct WireInteropTests {
    @Test("every message encoded by Python decodes in KSI, and every message KSI encodes decodes in Python")
    func roundTripsEveryMessageBothWays() throws {
        let dir = try RepositoryPaths.temporaryDirectory("interop")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = RepositoryPaths.root.appendingPathComponent("scripts/interop.py").path

        let written = try runProgram(RepositoryPaths.python, [script, "write", dir.path])
        #expect(written.status == 0, "interop.py write failed:\n\(written.output)")

        let swiftDir = dir.appendingPathComponent("swift")
        try FileManager.default.createDirectory(at: swiftDir, withIntermediateDirectories: true)
        var decodedFromPython = 0
        for (name, sample) in WireSamples.all {
            let pythonBytes = try Data(contentsOf: dir.appendingPathComponent("python/\(name).bin"))
            try checkDecodes(sample, [UInt8](pythonBytes), name: name)
            decodedFromPython += 1
            try Data(try sample.wireEncoded()).write(to: swiftDir.appendingPathComponent("\(name).bin"))
        }
        #expect(decodedFromPython == WireSamples.all.count)
        #expect(WireSamples.all.count > 100, "the contract should have well over a hundred messages")

        let checked = try runProgram(RepositoryPaths.python, [script, "check", dir.path])
        #expect(checked.status == 0, "Python could not decode KSI's bytes:\n\(checked.output)")
        #expect(checked.output.contains("\(WireSamples.all.count) passed, 0 failed"), "\(checked.output)")
    }

    private func checkDecodes<M: WireMessage>(_ sample: M, _ bytes: [UInt8], name: String) throws {
        let decoded = try M(wireBytes: bytes)
        #expect(decoded == sample, "\(name): KSI decoded Python's bytes to a different value")
        // Re-encoding what Python wrote gives the same bytes (fields in number order, no unknowns).
        #expect(try decoded.wireEncoded() == bytes, "\(name): KSI's re-encoding differs from Python's bytes")
    }
}
