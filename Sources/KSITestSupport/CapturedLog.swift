import Foundation
import Logging
import Synchronization

/// A logger whose records a test can read back (what an operator would find in the log).
public final class CapturedLog: Sendable {
    public struct Record: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]
    }

    private let records = Mutex<[Record]>([])

    public init() {}

    /// A logger that writes here (at debug and above).
    public func logger(_ label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(log: self) }
        logger.logLevel = .debug
        return logger
    }

    /// Everything logged so far.
    public var all: [Record] { records.withLock { $0 } }

    /// Everything logged so far, one line a record: `level message key=value…` (keys sorted), for
    /// tests that look for a text anywhere in a record.
    public var lines: [String] {
        all.map { record in
            "\(record.level) \(record.message) "
                + record.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
    }

    fileprivate func append(_ record: Record) { records.withLock { $0.append(record) } }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var all: [String: String] = [:]
            for (key, value) in metadata { all[key] = "\(value)" }
            for (key, value) in event.metadata ?? [:] { all[key] = "\(value)" }
            log.append(Record(level: event.level, message: "\(event.message)", metadata: all))
        }
    }
}
