/// The committee RPCs (§4.3 Committee{forumId, kind, sector?}).
extension GovernanceContext {
    static let committeeWriters: [Role] = [.sfCaseworker, .forumChair]

    /// Creates a working or subject committee of a forum (sfCaseworker or forumChair of the forum's embete).
    public func createCommittee(_ request: CreateCommitteeRequest, as caller: Caller) async throws -> Committee {
        let content = request.content ?? CommitteeContent()
        return try await runner.run(AllocationServiceRPC.createCommittee, request: request, caller: caller) { scope in
            try Self.validate(content)
            let forum = try await scope.store.require(
                CollaborationForum.self,
                id: content.forumId,
                what: "collaboration forum"
            )
            let role = try GovernanceAccess.role(
                caller,
                Self.committeeWriters,
                scope: forum.governorOfficeId,
                toDo: "set up a committee"
            )
            let committee = Committee.with {
                $0.id = GovernanceSupport.newId()
                $0.forumId = forum.id
                $0.kind = content.kind
                $0.sector = content.sector
                $0.name = content.name
                $0.memberPersonIds = content.memberPersonIds
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
            }
            return try await scope.create(committee, role: role, state: SteadyState.active.rawValue)
        }
    }

    /// Replaces a committee's kind, sector, name and members; it stays with its forum.
    public func updateCommittee(_ request: UpdateCommitteeRequest, as caller: Caller) async throws -> Committee {
        let content = request.content ?? CommitteeContent()
        return try await runner.run(AllocationServiceRPC.updateCommittee, request: request, caller: caller) { scope in
            var committee = try await scope.load(
                Committee.self,
                id: request.committeeId,
                expectedVersion: request.expectedVersion,
                what: "committee"
            )
            let forum = try await scope.store.require(
                CollaborationForum.self,
                id: committee.forumId,
                what: "collaboration forum"
            )
            let role = try GovernanceAccess.role(
                caller,
                Self.committeeWriters,
                scope: forum.governorOfficeId,
                toDo: "change a committee"
            )
            var checked = content
            if checked.forumId.isEmpty { checked.forumId = committee.forumId }
            guard checked.forumId == committee.forumId else {
                throw DomainError.invalidArgument(field: "content.forum_id", "a committee cannot move to another forum")
            }
            try Self.validate(checked)
            committee.kind = content.kind
            committee.sector = content.sector
            committee.name = content.name
            committee.memberPersonIds = content.memberPersonIds
            committee.updatedAt = scope.nowMillis
            return try await scope.save(
                committee,
                role: role,
                before: SteadyState.active.rawValue,
                after: SteadyState.active.rawValue
            )
        }
    }

    /// Reads one committee.
    public func getCommittee(_ request: GetCommitteeRequest, as caller: Caller) async throws -> Committee {
        try GovernanceAccess.requireReader(caller)
        return try await runner.read { store in
            try await store.require(Committee.self, id: request.id, what: "committee")
        }
    }

    /// Lists committees, by forum.
    public func listCommittees(
        _ request: ListCommitteesRequest,
        as caller: Caller
    ) async throws -> ListCommitteesResponse {
        try GovernanceAccess.requireReader(caller)
        let pageRequest = try PageRequest(request)
        let page = try await runner.read { store in
            try await store.page(
                Committee.self,
                filter: StorageFilter(parentId: request.forumId.nonEmpty),
                pageRequest
            )
        }
        return ListCommitteesResponse.with {
            $0.items = page.items
            $0.nextPageToken = page.next
        }
    }

    static func validate(_ content: CommitteeContent) throws {
        var findings = Findings()
        func bad(_ field: String, _ message: String) {
            findings.reject(.malformedInput, field: field, message)
        }
        if content.forumId.isEmpty { bad("content.forum_id", "the committee needs a forum") }
        if content.kind == .unspecified {
            bad("content.kind", "the committee must be a working or a subject committee")
        }
        if GovernanceSupport.isBlank(content.name) { bad("content.name", "the committee needs a name") }
        if content.memberPersonIds.contains(where: GovernanceSupport.isBlank) {
            bad("content.member_person_ids", "a member id cannot be empty")
        }
        if !findings.violations.isEmpty { throw GovernanceAccess.invalid(findings.violations) }
    }
}
