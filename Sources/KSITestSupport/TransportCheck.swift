import Foundation

/// Runs `scripts/grpc_transport_check.py` (grpcio and Python's ssl, an independent client) and decodes
/// its JSON answer. The child runs on a thread of its own: blocking one of the cooperative pool's few
/// threads while the server under test needs them would slow the very thing being measured.
public enum TransportCheck {
    public static func run(_ arguments: [String]) async throws -> [String: Any] {
        let script = RepositoryPaths.root.appendingPathComponent("scripts/grpc_transport_check.py").path
        let result = try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try runProgram(RepositoryPaths.python, [script] + arguments) })
            }.start()
        }
        guard result.status == 0, let line = result.output.split(separator: "\n").last,
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw CheckFailed(output: result.output)
        }
        return object
    }

    public struct CheckFailed: Error, CustomStringConvertible {
        let output: String
        public var description: String { "grpc_transport_check.py failed: \(output)" }
    }
}
