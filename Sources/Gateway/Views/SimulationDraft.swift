import KSICore

/// Draft lines for the allocation simulator (V12) from the needs an embete has reported for a year:
/// one line per report that counts as requested, to the lead owner, for the requested amount, with the
/// report's themes, sectors, units and network. What the forum would start from; nothing is stored.
///
/// A report names its network as its role grants scope it (a slug such as `network-sor`), while the
/// simulator's network targets are AllocationService's networks (their ids). A line keeps its network only
/// when it is one of `networkIds`; otherwise the simulator places it by its municipalities. (Issue 15: with
/// the slug kept, no line touched any network and the needs-based method gave no sub-frames at all.)
public enum SimulationDraft {
    public static func lines(
        from reports: [NeedsReport],
        reference: ReferenceData,
        networkIds: Set<String>? = nil
    ) -> [SimulationDraftLine] {
        reports.filter(\.countsAsRequested).sorted { $0.id < $1.id }.map { report in
            SimulationDraftLine.with {
                $0.draftLineRef = report.id
                $0.recipientOrgId = report.leadOwnerId
                $0.recipientType = .owner
                $0.amountOre = report.requestedAmountOre
                $0.years = 1
                $0.themes = report.themes
                $0.sectors = report.sectors
                $0.participatingUnitIds = report.participatingUnitIds
                $0.municipalityIds = Array(
                    Set(report.participatingUnitIds.compactMap { reference.unit($0)?.municipalityId })
                ).sorted()
                $0.networkId =
                    networkIds.map { $0.contains(report.networkId) ? report.networkId : "" } ?? report.networkId
            }
        }
    }
}

extension GatewayViews {
    /// The draft lines of an embete's reported needs for a year (see `SimulationDraft`); the needs are
    /// read as for V1, so the caller must be allowed to read the simulator (V12).
    public func simulationDraftLines(
        governorOfficeId: String,
        scheme: Scheme,
        year: Int32,
        caller: Caller
    ) async throws -> [SimulationDraftLine] {
        let inputs = try await inputs(
            .allocationSimulator,
            caller: caller,
            query: query(governorOfficeId, scheme, year),
            sources: [.needs]
        )
        // The embete's networks as the simulator targets them (none when AllocationService cannot answer).
        let networkIds = Set(((try? await source.networks(governorOfficeId: governorOfficeId)) ?? []).map(\.id))
        return SimulationDraft.lines(
            from: inputs.needs.value?.reports ?? [],
            reference: reference,
            networkIds: networkIds
        )
    }

    /// The names of an embete's competence networks by id (sub-frame targets of the simulator), or
    /// none when AllocationService cannot answer.
    public func competenceNetworkNames(governorOfficeId: String, caller: Caller) async throws -> [String: String] {
        try ViewAccess.check(.allocationSimulator, caller: caller)
        let networks = (try? await source.networks(governorOfficeId: governorOfficeId)) ?? []
        return Dictionary(networks.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
