/// The long-term plan RPCs (§4.3 LongTermPlan{forumId, period, goals[]}; NEED-R14 links reports to goals).
extension GovernanceContext {
    static let planWriters: [Role] = [.sfCaseworker, .forumChair]

    /// Creates a forum's plan (sfCaseworker or forumChair of the forum's embete); goals without an id get one.
    public func createLongTermPlan(_ request: CreateLongTermPlanRequest, as caller: Caller) async throws -> LongTermPlan
    {
        let content = request.content ?? LongTermPlanContent()
        let written = try await runner.run(AllocationServiceRPC.createLongTermPlan, request: request, caller: caller) {
            scope in
            try Self.validate(content)
            let forum = try await scope.store.require(
                CollaborationForum.self,
                id: content.forumId,
                what: "collaboration forum"
            )
            let role = try GovernanceAccess.role(
                caller,
                Self.planWriters,
                scope: forum.governorOfficeId,
                toDo: "make a long-term plan"
            )
            let plan = LongTermPlan.with {
                $0.id = GovernanceSupport.newId()
                $0.forumId = forum.id
                $0.period = content.period
                $0.goals = Self.identified(content.goals)
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
            }
            return try await scope.create(plan, role: role, state: SteadyState.active.rawValue)
        }
        // COM-R5 / NEED-R14: this service's own next call resolves the change; the others follow it.
        try await policy.refreshPolicyRecords()
        return written
    }

    /// Replaces a plan's period and goals; goals keep their ids so linked reports stay linked (NEED-R14).
    public func updateLongTermPlan(_ request: UpdateLongTermPlanRequest, as caller: Caller) async throws -> LongTermPlan
    {
        let content = request.content ?? LongTermPlanContent()
        let written = try await runner.run(AllocationServiceRPC.updateLongTermPlan, request: request, caller: caller) {
            scope in
            var plan = try await scope.load(
                LongTermPlan.self,
                id: request.longTermPlanId,
                expectedVersion: request.expectedVersion,
                what: "long-term plan"
            )
            let forum = try await scope.store.require(
                CollaborationForum.self,
                id: plan.forumId,
                what: "collaboration forum"
            )
            let role = try GovernanceAccess.role(
                caller,
                Self.planWriters,
                scope: forum.governorOfficeId,
                toDo: "change a long-term plan"
            )
            var checked = content
            if checked.forumId.isEmpty { checked.forumId = plan.forumId }
            guard checked.forumId == plan.forumId else {
                throw DomainError.invalidArgument(field: "content.forum_id", "a plan cannot move to another forum")
            }
            try Self.validate(checked)
            plan.period = content.period
            plan.goals = Self.identified(content.goals)
            plan.updatedAt = scope.nowMillis
            return try await scope.save(
                plan,
                role: role,
                before: SteadyState.active.rawValue,
                after: SteadyState.active.rawValue
            )
        }
        // COM-R5 / NEED-R14: this service's own next call resolves the change; the others follow it.
        try await policy.refreshPolicyRecords()
        return written
    }

    /// Reads one plan.
    public func getLongTermPlan(_ request: GetLongTermPlanRequest, as caller: Caller) async throws -> LongTermPlan {
        try GovernanceAccess.requireReader(caller)
        return try await runner.read { store in
            try await store.require(LongTermPlan.self, id: request.id, what: "long-term plan")
        }
    }

    /// Lists plans, by forum and by a year the period covers.
    public func listLongTermPlans(
        _ request: ListLongTermPlansRequest,
        as caller: Caller
    ) async throws -> ListLongTermPlansResponse {
        try GovernanceAccess.requireReader(caller)
        let pageRequest = try PageRequest(request)
        let page = try await runner.read { store in
            try await store.page(
                LongTermPlan.self,
                filter: StorageFilter(parentId: request.forumId.nonEmpty),
                pageRequest
            ) {
                guard request.year != 0 else { return true }
                guard let period = $0.period else { return false }
                return period.fromYear <= request.year && request.year <= period.toYear
            }
        }
        return ListLongTermPlansResponse.with {
            $0.items = page.items
            $0.nextPageToken = page.next
        }
    }

    static func validate(_ content: LongTermPlanContent) throws {
        var findings = Findings()
        func bad(_ field: String, _ message: String) {
            findings.reject(.malformedInput, field: field, message)
        }
        if content.forumId.isEmpty { bad("content.forum_id", "the plan needs a forum") }
        if let period = content.period {
            if period.fromYear < 2000 || period.toYear > 2100 || period.toYear < period.fromYear {
                bad("content.period", "the period must run from one budget year to the same or a later one")
            }
        } else {
            bad("content.period", "the plan needs a period")
        }
        for (index, goal) in content.goals.enumerated() where GovernanceSupport.isBlank(goal.title) {
            bad("content.goals[\(index)].title", "each goal needs a title")
        }
        let ids = content.goals.map(\.id).filter { !$0.isEmpty }
        if Set(ids).count != ids.count { bad("content.goals", "each goal id is used once") }
        if !findings.violations.isEmpty { throw GovernanceAccess.invalid(findings.violations) }
    }

    static func identified(_ goals: [LongTermPlanGoal]) -> [LongTermPlanGoal] {
        goals.map { goal in
            var goal = goal
            if goal.id.isEmpty { goal.id = GovernanceSupport.newId() }
            return goal
        }
    }
}
