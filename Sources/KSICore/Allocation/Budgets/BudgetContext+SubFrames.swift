import Foundation

extension SubFrame: StoredEntity {
    package static let entityKind = "SubFrame"
    package var storageIndex: StorageIndex { StorageIndex(parentId: regionalFrameId) }
}

extension BudgetContext {
    /// `ComputeSubFrames`: indicative sub-frames of a regional frame by an allocation method (COM-R3
    /// largest remainder; the pro-rata methods shape sub-frames only, ALLOC-R8). Replaces the frame's
    /// earlier sub-frames of the same target kind. The embete's `sfCaseworker` computes them.
    public func computeSubFrames(
        _ request: ComputeSubFramesRequest,
        as caller: Caller
    ) async throws -> ComputeSubFramesResponse {
        let reference = self.reference
        return try await runner.run(AllocationServiceRPC.computeSubFrames, request: request, caller: caller) { scope in
            let frame = try await scope.load(
                RegionalFrame.self,
                id: request.regionalFrameId,
                expectedVersion: request.expectedVersion,
                what: "regional frame",
                field: "regional_frame_id"
            )
            try scope.caller.require(
                .sfCaseworker,
                scope: frame.governorOfficeId,
                toDo: "compute sub-frames for this embete"
            )
            let method = request.method ?? SimulationMethodInput.with { $0.method = .needsBased }
            let kind =
                method.targetKind == .unspecified
                ? SubFrameCalculator.defaultTargetKind(for: method.method) : method.targetKind
            let networks = try await scope.store.list(
                CompetenceNetwork.self,
                filter: StorageFilter(governorOfficeId: frame.governorOfficeId)
            ).items
            var targets = SubFrameCalculator.targets(
                kind: kind,
                governorOfficeId: frame.governorOfficeId,
                on: LocalDate(year: frame.year, month: 1, day: 1),
                reference: reference,
                networks: networks
            )
            if !request.targetIds.isEmpty { targets = targets.filter { request.targetIds.contains($0.id) } }
            guard !targets.isEmpty else {
                throw DomainError.invalidArgument(
                    field: "target_ids",
                    "no county or network of this embete matches the requested targets"
                )
            }
            // needsBased (and previousParticipation) follow the frame's recommendation lines, by the municipalities
            // of the needs reports they cite (the line snapshot).
            let lines = try await Self.subFrameLines(scope.store, of: frame)
            let computed = SubFrameCalculator.compute(
                frameOre: frame.amountOre,
                method: method,
                targets: targets,
                on: LocalDate(year: frame.year, month: 1, day: 1),
                reference: reference,
                lines: lines
            )
            guard !computed.isEmpty else {
                // No silent equal split (COM-R3 needs a basis): say why nothing can be divided.
                throw DomainError.illegalTransition(
                    method.method == .needsBased
                        ? "needs-based sub-frames follow the recommendation lines of the frame's embete, scheme and year, and no line "
                            + "names a municipality of these targets; add lines or choose a pro-rata method"
                        : "the method's factors are 0 for every target, so there is nothing to divide the frame by"
                )
            }
            var warnings: [RuleWarning] = []
            if method.method == .needsBased {
                let unplaced = SubFrameCalculator.needsBasis(lines: lines, targets: targets).unplaced
                if !unplaced.isEmpty {
                    warnings.append(
                        Findings.warning(
                            .basisPointSplit,
                            field: "method",
                            "\(unplaced.count) of \(lines.count) recommendation lines name no municipality of these targets "
                                + "and are not in the basis: \(unplaced.map(\.draftLineRef).joined(separator: ", "))"
                        )
                    )
                }
            }
            let previous = try await scope.store.list(SubFrame.self, filter: StorageFilter(parentId: frame.id)).items
            var stored: [SubFrame] = []
            for part in computed {
                var subFrame =
                    previous.first { $0.targetKind == part.targetKind && $0.targetId == part.targetId }
                    ?? SubFrame.with {
                        $0.id = UUID().uuidString
                        $0.createdAt = scope.nowMillis
                    }
                subFrame.regionalFrameId = frame.id
                subFrame.targetKind = part.targetKind
                subFrame.targetId = part.targetId
                subFrame.amountOre = part.amountOre
                subFrame.method = method.method
                subFrame.updatedAt = scope.nowMillis
                let role = Role.sfCaseworker
                if subFrame.version == 0 {
                    stored.append(try await scope.create(subFrame, role: role, state: "\(part.amountOre)"))
                } else {
                    stored.append(try await scope.save(subFrame, role: role, before: nil, after: "\(part.amountOre)"))
                }
            }
            return ComputeSubFramesResponse.with {
                $0.subFrames = stored
                $0.warnings = warnings
            }
        }
    }

    /// The recommendation lines of a frame's embete, scheme and year (every recommendation of the year, drafts
    /// included: sub-frames are indicative) as the sub-frame calculator reads them: amount and municipalities.
    static func subFrameLines(_ store: StoreTransaction, of frame: RegionalFrame) async throws -> [SimulationDraftLine]
    {
        let recommendations = try await store.list(
            Recommendation.self,
            filter: StorageFilter(
                governorOfficeId: frame.governorOfficeId,
                year: frame.year,
                scheme: frame.scheme.rawValue
            )
        ).items
        return recommendations.flatMap(\.lines).map { line in
            SimulationDraftLine.with {
                $0.draftLineRef = line.id
                $0.recipientOrgId = line.recipientOrgId
                $0.recipientType = line.recipientType
                $0.amountOre = line.amountOre
                $0.municipalityIds = line.municipalityIds
            }
        }
    }

    /// `ListSubFrames`: the sub-frames of a frame, for anyone who may read the frame.
    public func listSubFrames(_ request: ListSubFramesRequest, as caller: Caller) async throws -> ListSubFramesResponse
    {
        guard !caller.has(.public) || caller.grants.count > 1 else {
            throw DomainError.notPermitted(
                "sub-frames are read by the embete, the forum and the owners, not the public"
            )
        }
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let page = try await store.page(
                SubFrame.self,
                filter: StorageFilter(parentId: request.regionalFrameId.nonEmpty),
                pageRequest
            )
            return ListSubFramesResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }
}
