/// The four bounded contexts' databases (one per service, as deployed), open, running and migrated:
/// what seeding, benchmarks and tests that load the whole domain in process work with.
package struct ContextDatabases: Sendable {
    package let needs: KSIDatabase
    package let partnerships: KSIDatabase
    package let allocation: KSIDatabase
    package let referral: KSIDatabase

    package init(needs: KSIDatabase, partnerships: KSIDatabase, allocation: KSIDatabase, referral: KSIDatabase) {
        self.needs = needs
        self.partnerships = partnerships
        self.allocation = allocation
        self.referral = referral
    }

    /// The contexts in the order `running` takes their databases.
    package static let contextNames = BoundedContext.allCases.map(\.rawValue)

    /// Runs and migrates four opened databases (in `contextNames` order) for the scope of `body`.
    package static func running<R: Sendable>(
        _ opened: [KSIDatabase],
        _ body: @Sendable (ContextDatabases) async throws -> R
    ) async throws -> R {
        precondition(opened.count == 4, "needs, partnerships, allocation and referral")
        return try await opened[0].withRunning { needs in
            try await opened[1].withRunning { partnerships in
                try await opened[2].withRunning { allocation in
                    try await opened[3].withRunning { referral in
                        for database in [needs, partnerships, allocation, referral] {
                            try await CoreSchema.migrate(database)
                        }
                        return try await body(
                            ContextDatabases(
                                needs: needs,
                                partnerships: partnerships,
                                allocation: allocation,
                                referral: referral
                            )
                        )
                    }
                }
            }
        }
    }

    /// How many entities each context's database holds, by context name.
    package func entityCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for (name, database) in zip(Self.contextNames, [needs, partnerships, allocation, referral]) {
            counts[name] = try await database.read { sql in
                try await StoreTransaction(sql: sql, context: name).entityCount()
            }
        }
        return counts
    }
}
