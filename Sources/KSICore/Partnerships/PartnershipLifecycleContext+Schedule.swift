/// The scheduled work on partnerships (issue 13): expiry when the agreement has run out (DOMAIN.md
/// §4.2: active → expired, system, final report accepted), and the refresh of the time-based WARNs
/// (PART-R11 on measures, PART-R12 on partnerships) that otherwise change only with an unrelated write.
extension PartnershipLifecycleContext {
    /// Expires every active partnership whose agreement ran out by `today` and whose final annual report
    /// is accepted (a partnership still waiting for its final report stays active); returns what it did.
    public func runPartnershipExpiry(today: LocalDate) async throws -> String {
        let due = try await runner.read { store in
            var due: [Partnership] = []
            for partnership in try await store.list(
                Partnership.self,
                filter: StorageFilter(status: PartnershipStatus.active.name)
            ).items {
                guard let validTo = partnership.agreement?.validTo, validTo <= today,
                    try await Self.finalReportAccepted(partnership, validTo: validTo, store: store)
                else { continue }
                due.append(partnership)
            }
            return due
        }
        var sweep = ScheduledSweep()
        for partnership in due {
            await sweep.attempt("partnerships expired", entity: partnership.id) {
                let request = ExpirePartnershipRequest.with {
                    $0.requestId =
                        "scheduler:ExpirePartnership:\(partnership.id):\(partnership.agreement?.validTo.map { "\($0)" } ?? "")"
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                }
                _ = try await expirePartnership(request, as: ScheduledSweep.caller)
                return true
            }
        }
        return try sweep.finish()
    }

    /// Whether the final annual report, the one for the agreement's last year, is accepted.
    static func finalReportAccepted(
        _ partnership: Partnership,
        validTo: LocalDate,
        store: StoreTransaction
    ) async throws -> Bool {
        let finals = try await store.list(
            PartnershipReport.self,
            filter: StorageFilter(
                status: PartnershipReportStatus.accepted.name,
                year: validTo.year,
                parentId: partnership.id
            ),
            pageSize: 1
        )
        return !finals.items.isEmpty
    }

    /// Re-evaluates PART-R12 on running partnerships and every WARN of their measures (PART-R11 among
    /// them) on `today`, and stores those whose warnings changed (audited as the system); returns what it did.
    public func refreshTimeBasedWarnings(today: LocalDate) async throws -> String {
        let running: [PartnershipStatus] = [.active, .suspended, .terminating]
        let partnerships = try await runner.read { store in
            try await store.list(Partnership.self, filter: StorageFilter(statuses: running.map(\.name))).items
        }
        var sweep = ScheduledSweep()
        for partnership in partnerships {
            await sweep.attempt("partnerships with refreshed warnings", entity: partnership.id) {
                try await refreshPartnershipWarnings(partnership.id).version != partnership.version
            }
            let measures = try await runner.read { store in
                try await store.list(Measure.self, filter: StorageFilter(parentId: partnership.id)).items
            }
            for measure in measures where measure.status != .aborted {
                await sweep.attempt("measures with refreshed warnings", entity: measure.id) {
                    try await refreshMeasureWarnings(measure.id).version != measure.version
                }
            }
        }
        return try sweep.finish()
    }

    /// Stores the partnership's PART-R12 warnings as of now, if they changed (a new version then).
    func refreshPartnershipWarnings(_ id: String) async throws -> Partnership {
        try await runner.run(
            PartnershipSystemCommand.refreshPartnershipWarnings,
            systemRequestId: "",
            caller: ScheduledSweep.caller
        ) {
            scope in
            var partnership = try await scope.store.require(Partnership.self, id: id, what: "partnership")
            let fresh = Self.replacing(
                partnership.warnings,
                of: [RequiredRolesRule.id],
                with: Self.roleWarnings(partnership, today: scope.today)
            )
            guard Set(fresh) != Set(partnership.warnings) else { return partnership }
            partnership.warnings = fresh
            partnership.updatedAt = scope.nowMillis
            return try await scope.save(
                partnership,
                role: .system,
                before: partnership.status.name,
                after: partnership.status.name,
                reason: "PART-R12: time-based warnings refreshed"
            )
        }
    }

    /// Stores the measure's warnings (PART-R11 among them) as of now, if they changed (a new version then).
    func refreshMeasureWarnings(_ id: String) async throws -> Measure {
        try await runner.run(
            PartnershipSystemCommand.refreshMeasureWarnings,
            systemRequestId: "",
            caller: ScheduledSweep.caller
        ) { scope in
            var measure = try await scope.store.require(Measure.self, id: id, what: "measure")
            let partnership = try await scope.store.require(
                Partnership.self,
                id: measure.partnershipId,
                what: "partnership"
            )
            let fresh = measureContext.measureWarnings(measure, partnership: partnership, today: scope.today)
            guard Set(fresh) != Set(measure.warnings) else { return measure }
            measure.warnings = fresh
            measure.updatedAt = scope.nowMillis
            return try await scope.save(
                measure,
                role: .system,
                before: measure.status.name,
                after: measure.status.name,
                reason: "PART-R11: time-based warnings refreshed"
            )
        }
    }
}
