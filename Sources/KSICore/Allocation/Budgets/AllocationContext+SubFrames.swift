import Foundation

extension SubFrame: StoredEntity {
    public static let entityKind = "SubFrame"
    public var storageIndex: StorageIndex { StorageIndex(parentId: regionalFrameId) }
}

extension AllocationContext {
    /// `ComputeSubFrames`: indicative sub-frames of a regional frame by an allocation method (COM-R3
    /// largest remainder; the pro-rata methods shape sub-frames only, ALLOC-R8). Replaces the frame's
    /// earlier sub-frames of the same target kind. The embete's `sfCaseworker` computes them.
    public func computeSubFrames(_ request: ComputeSubFramesRequest, as caller: Caller) async throws -> ComputeSubFramesResponse {
        let reference = self.reference
        return try await runner.run("ComputeSubFrames", requestId: request.requestId, caller: caller) { scope in
            let frame = try await scope.load(RegionalFrame.self, id: request.regionalFrameId, expectedVersion: request.expectedVersion, what: "regional frame")
            try scope.caller.require(.sfCaseworker, scope: frame.governorOfficeId, toDo: "compute sub-frames for this embete")
            let method = request.method ?? SimulationMethodInput.with { $0.method = .needsBased }
            let kind = method.targetKind == .unspecified ? SubFrameCalculator.defaultTargetKind(for: method.method) : method.targetKind
            let networks = try await scope.store.list(CompetenceNetwork.self, filter: StorageFilter(governorOfficeId: frame.governorOfficeId)).items
            var targets = SubFrameCalculator.targets(
                kind: kind, governorOfficeId: frame.governorOfficeId, on: LocalDate(year: frame.year, month: 1, day: 1),
                reference: reference, networks: networks)
            if !request.targetIds.isEmpty { targets = targets.filter { request.targetIds.contains($0.id) } }
            guard !targets.isEmpty else {
                throw DomainError.invalidArgument(field: "target_ids", "no county or network of this embete matches the requested targets")
            }
            let computed = SubFrameCalculator.compute(
                frameOre: frame.amountOre, method: method, targets: targets, on: LocalDate(year: frame.year, month: 1, day: 1),
                reference: reference, lines: [])
            let previous = try await scope.store.list(SubFrame.self, filter: StorageFilter(parentId: frame.id)).items
            var stored: [SubFrame] = []
            for part in computed {
                var subFrame = previous.first { $0.targetKind == part.targetKind && $0.targetId == part.targetId } ?? SubFrame.with {
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
            return ComputeSubFramesResponse.with { $0.subFrames = stored }
        }
    }

    /// `ListSubFrames`: the sub-frames of a frame, for anyone who may read the frame.
    public func listSubFrames(_ request: ListSubFramesRequest, as caller: Caller) async throws -> ListSubFramesResponse {
        guard !caller.has(.public) || caller.grants.count > 1 else {
            throw DomainError.notPermitted("sub-frames are read by the embete, the forum and the owners, not the public")
        }
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let page = try await store.page(
                SubFrame.self, filter: StorageFilter(parentId: request.regionalFrameId.isEmpty ? nil : request.regionalFrameId),
                pageRequest)
            return ListSubFramesResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }
}
