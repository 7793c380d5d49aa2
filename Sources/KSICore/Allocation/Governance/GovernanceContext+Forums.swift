/// The collaboration forum RPCs (§4.3; ALLOC-R18, ALLOC-R20).
extension GovernanceContext {
    /// Sets up a forum (sfCaseworker of the embete); ALLOC-R20 and ALLOC-R18 warnings are stored on it.
    public func createCollaborationForum(
        _ request: CreateCollaborationForumRequest,
        as caller: Caller
    ) async throws -> CollaborationForum {
        let content = request.content ?? CollaborationForumContent()
        let reference = self.reference
        return try await runner.run(AllocationServiceRPC.createCollaborationForum, request: request, caller: caller) {
            scope in
            try caller.require(.sfCaseworker, scope: content.governorOfficeId, toDo: "set up a collaboration forum")
            var forum = CollaborationForum.with {
                $0.id = GovernanceSupport.newId()
                $0.governorOfficeId = content.governorOfficeId
                $0.name = content.name
                $0.schemes = content.schemes
                $0.model = content.model
                $0.members = content.members
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
            }
            forum.warnings = try await Self.forumRules(forum, scope: scope, reference: reference).throwIfViolated()
            return try await scope.create(forum, role: .sfCaseworker, state: SteadyState.active.rawValue)
        }
    }

    /// Replaces a forum's name, schemes, model and members (sfCaseworker of the embete).
    ///
    /// COM-R6: a member in force before who is missing from the new list stays on record with `to` set to
    /// yesterday, so the forum's past composition remains; a member added today and removed today is dropped.
    public func updateCollaborationForum(
        _ request: UpdateCollaborationForumRequest,
        as caller: Caller
    ) async throws -> CollaborationForum {
        let content = request.content ?? CollaborationForumContent()
        let reference = self.reference
        let written = try await runner.run(
            AllocationServiceRPC.updateCollaborationForum,
            request: request,
            caller: caller
        ) { scope in
            var forum = try await scope.load(
                CollaborationForum.self,
                id: request.collaborationForumId,
                expectedVersion: request.expectedVersion,
                what: "collaboration forum"
            )
            try caller.require(.sfCaseworker, scope: forum.governorOfficeId, toDo: "change a collaboration forum")
            if !content.governorOfficeId.isEmpty && content.governorOfficeId != forum.governorOfficeId {
                throw DomainError.invalidArgument(
                    field: "content.governor_office_id",
                    "a forum cannot move to another embete"
                )
            }
            let yesterday = scope.today.adding(days: -1)
            var members = content.members
            for old in forum.members where ForumCompositionRule.inForce(old, on: scope.today) {
                let kept = members.contains { $0.personId == old.personId && $0.orgId == old.orgId }
                guard !kept, old.from.map { $0 <= yesterday } ?? true else { continue }
                var closed = old
                closed.to = yesterday
                members.append(closed)
            }
            for old in forum.members
            where !ForumCompositionRule.inForce(old, on: scope.today) && (old.to.map { $0 < scope.today } ?? false) {
                if !members.contains(old) { members.append(old) }
            }
            forum.name = content.name
            forum.schemes = content.schemes
            forum.model = content.model
            forum.members = members
            forum.updatedAt = scope.nowMillis
            forum.warnings = try await Self.forumRules(forum, scope: scope, reference: reference).throwIfViolated()
            return try await scope.save(
                forum,
                role: .sfCaseworker,
                before: SteadyState.active.rawValue,
                after: SteadyState.active.rawValue
            )
        }
        // COM-R5 / NEED-R14: this service's own next call resolves the change; the others follow it.
        try await policy.refreshPolicyRecords()
        return written
    }

    /// Reads one forum.
    public func getCollaborationForum(
        _ request: GetCollaborationForumRequest,
        as caller: Caller
    ) async throws -> CollaborationForum {
        try GovernanceAccess.requireReader(caller)
        return try await runner.read { store in
            try await store.require(CollaborationForum.self, id: request.id, what: "collaboration forum")
        }
    }

    /// Lists forums, by embete and scheme.
    public func listCollaborationForums(
        _ request: ListCollaborationForumsRequest,
        as caller: Caller
    ) async throws -> ListCollaborationForumsResponse {
        try GovernanceAccess.requireReader(caller)
        let pageRequest = try PageRequest(request)
        let page = try await runner.read { store in
            let filter = StorageFilter(
                governorOfficeId: request.governorOfficeId.nonEmpty
            )
            return try await store.page(CollaborationForum.self, filter: filter, pageRequest) {
                request.scheme == .unspecified || $0.schemes.contains(request.scheme)
            }
        }
        return ListCollaborationForumsResponse.with {
            $0.items = page.items
            $0.nextPageToken = page.next
        }
    }

    /// The rules of a forum's content: input checks (thrown), ALLOC-R20 and ALLOC-R18 (stored or thrown as configured).
    static func forumRules(
        _ forum: CollaborationForum,
        scope: CommandScope,
        reference: ReferenceData
    ) async throws -> Findings {
        var input = Findings()
        func bad(_ field: String, _ message: String) {
            input.reject(.malformedInput, field: field, message)
        }
        if reference.governorOffice(forum.governorOfficeId, on: scope.today) == nil {
            bad("content.governor_office_id", "the embete is not in the reference data")
        }
        if GovernanceSupport.isBlank(forum.name) { bad("content.name", "the forum needs a name") }
        if forum.schemes.isEmpty || forum.schemes.contains(.unspecified) {
            bad("content.schemes", "the forum needs at least one scheme")
        }
        if Set(forum.schemes).count != forum.schemes.count { bad("content.schemes", "each scheme is listed once") }
        if forum.model == .unspecified { bad("content.model", "the forum model must be set") }
        for (index, member) in forum.members.enumerated() {
            if GovernanceSupport.isBlank(member.personId) {
                bad("content.members[\(index)].person_id", "each member needs a person")
            }
            if member.organisationKind == .unspecified {
                bad(
                    "content.members[\(index)].organisation_kind",
                    "each member needs the kind of organisation it represents"
                )
            }
            if let from = member.from, let to = member.to, to < from {
                bad("content.members[\(index)].to", "a membership cannot end before it starts")
            }
        }
        if !input.violations.isEmpty { throw GovernanceAccess.invalid(input.violations) }

        let resolver = try await PolicyContext.policyResolver(in: scope.store, base: reference.policies)
        let year = scope.today.year
        let configs = forum.schemes.map {
            resolver.resolve(governorOfficeId: forum.governorOfficeId, year: year, scheme: $0)
        }
        let skkSchemes = Set(zip(forum.schemes, configs).filter { $0.1.schemeYear.skkMode }.map(\.0))
        var findings = ForumCompositionRule.check(
            members: forum.members,
            schemes: forum.schemes,
            reference: reference,
            on: scope.today,
            skkModeSchemes: skkSchemes
        )
        if let skkConfig = zip(forum.schemes, configs).first(where: { skkSchemes.contains($0.0) })?.1 {
            findings.merge(
                SkkForumMembershipRule.check(
                    members: forum.members,
                    skkMode: true,
                    kind: skkConfig.kind(of: SkkForumMembershipRule.id, default: SkkForumMembershipRule.defaultKind),
                    on: scope.today
                )
            )
        }
        return findings
    }
}
