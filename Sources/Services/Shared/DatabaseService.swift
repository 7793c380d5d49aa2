import KSICore
import Logging
import ServiceLifecycle

/// The database as a lifecycle `Service`: listed first in a group, so it starts first and closes
/// last, after the listeners have finished their in-flight calls.
public struct DatabaseService: Service {
    public let database: KSIDatabase
    let logger: Logger

    public init(database: KSIDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    public func run() async throws {
        switch database.engine {
        case .sqlite:
            try? await gracefulShutdown()
        case .postgres:
            await cancelWhenGracefulShutdown { await database.run() }
        }
        do {
            try await database.close()
            logger.info("Database closed", metadata: ["ksi.database": "\(database.location)"])
        } catch {
            logger.error(
                "Database did not close cleanly",
                metadata: ["ksi.database": "\(database.location)", "ksi.error": "\(error)"]
            )
        }
    }
}
