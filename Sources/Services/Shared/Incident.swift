import Logging

/// Errors for callers, details for operators (issue 11 item 7): a failure whose detail may name hosts,
/// ports, TLS errors or another service's message is logged once with a fresh correlation id, and the
/// caller gets only a stable message carrying that id (`ksi.incident` in the log).
public enum Incident {
    /// The metadata key (gRPC trailer) and log key that carry the id.
    public static let metadataKey = "ksi-incident-id"
    public static let logKey = "ksi.incident"

    /// A new correlation id: 16 lowercase hex digits.
    public static func newId() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Logs `error` in full under a new id at `level` and returns the id.
    @discardableResult
    public static func report(
        _ error: any Error,
        _ message: Logger.Message,
        logger: Logger,
        level: Logger.Level = .warning,
        metadata: Logger.Metadata = [:]
    ) -> String {
        let id = newId()
        var all = metadata
        all[logKey] = "\(id)"
        all["ksi.error"] = "\(String(reflecting: error))"
        logger.log(level: level, message, metadata: all)
        return id
    }

    /// The caller-facing text for a failure logged under `id`.
    public static func message(_ what: String, id: String) -> String {
        "\(what) (incident \(id))"
    }
}
