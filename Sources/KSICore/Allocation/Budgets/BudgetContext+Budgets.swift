/// National budgets and regional frames (ALLOC-R1), and the frame totals ALLOC-R2 checks against.
extension BudgetContext {
    /// Sets the national budget for a scheme × year; udirAdmin (ALLOC-R1).
    public func setNationalBudget(_ request: SetNationalBudgetRequest, as caller: Caller) async throws -> NationalBudget
    {
        try await runner.run(AllocationServiceRPC.setNationalBudget, request: request, caller: caller) { scope in
            try caller.require(.udirAdmin, toDo: "set the national budget")
            guard request.scheme != .unspecified, request.year > 0 else {
                throw DomainError.invalidArgument(field: "scheme", "a national budget needs a scheme and a year")
            }
            var budget: NationalBudget
            if request.nationalBudgetId.isEmpty {
                let existing = try await scope.store.list(
                    NationalBudget.self,
                    filter: StorageFilter(year: request.year, scheme: request.scheme.rawValue)
                )
                if !existing.items.isEmpty {
                    throw DomainError.alreadyExists(
                        "this scheme and year already has a national budget; change it by its id",
                        what: "national budget",
                        field: "national_budget_id"
                    )
                }
                budget = NationalBudget.with {
                    $0.id = Self.makeEntityId()
                    $0.scheme = request.scheme
                    $0.year = request.year
                    $0.createdAt = scope.nowMillis
                }
            } else {
                budget = try await scope.load(
                    NationalBudget.self,
                    id: request.nationalBudgetId,
                    expectedVersion: request.expectedVersion,
                    what: "national budget"
                )
                guard budget.scheme == request.scheme, budget.year == request.year else {
                    throw DomainError.invalidArgument(
                        field: "scheme",
                        "the scheme and year of a national budget cannot change"
                    )
                }
            }
            var findings = Findings()
            WholeKronerRule.check(request.amountOre, field: "amount_ore", into: &findings)
            let frames = try await scope.store.list(
                RegionalFrame.self,
                filter: StorageFilter(year: request.year, scheme: request.scheme.rawValue)
            )
            if let framesTotal = findings.sum(frames.items, field: "amount_ore", of: \.amountOre),
                framesTotal > request.amountOre
            {
                findings.reject(
                    FramesWithinNationalBudgetRule.id,
                    field: "amount_ore",
                    "the regional frames already total \(framesTotal) øre, more than this budget"
                )
            }
            try findings.throwIfViolated()
            let before = budget.amountOre
            budget.amountOre = request.amountOre
            budget.updatedAt = scope.nowMillis
            if request.nationalBudgetId.isEmpty {
                return try await scope.create(budget, role: .udirAdmin, state: "\(budget.amountOre)")
            }
            return try await scope.save(budget, role: .udirAdmin, before: "\(before)", after: "\(budget.amountOre)")
        }
    }

    /// Reads one national budget.
    public func getNationalBudget(_ request: GetNationalBudgetRequest, as caller: Caller) async throws -> NationalBudget
    {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in
            try await store.require(NationalBudget.self, id: request.id, what: "national budget")
        }
    }

    /// Lists national budgets.
    public func listNationalBudgets(
        _ request: ListNationalBudgetsRequest,
        as caller: Caller
    ) async throws
        -> ListNationalBudgetsResponse
    {
        try Self.requireMoneyReader(caller)
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let page = try await store.page(
                NationalBudget.self,
                filter: StorageFilter(
                    year: request.year.nonZero,
                    scheme: request.scheme == .unspecified ? nil : request.scheme.rawValue
                ),
                pageRequest
            )
            return ListNationalBudgetsResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// Sets an embete's frame; udirAdmin (ALLOC-R1). A changed frame returns to draft until published again.
    public func setRegionalFrame(_ request: SetRegionalFrameRequest, as caller: Caller) async throws -> RegionalFrame {
        try await runner.run(AllocationServiceRPC.setRegionalFrame, request: request, caller: caller) { scope in
            try caller.require(.udirAdmin, toDo: "set a regional frame")
            var frame: RegionalFrame
            let isNew = request.regionalFrameId.isEmpty
            if isNew {
                guard reference.governorOffice(request.governorOfficeId) != nil else {
                    throw DomainError.notFound("governor office", request.governorOfficeId)
                }
                guard request.scheme != .unspecified, request.year > 0 else {
                    throw DomainError.invalidArgument(field: "scheme", "a frame needs a scheme and a year")
                }
                let existing = try await scope.store.list(
                    RegionalFrame.self,
                    filter: StorageFilter(
                        governorOfficeId: request.governorOfficeId,
                        year: request.year,
                        scheme: request.scheme.rawValue
                    )
                )
                if !existing.items.isEmpty {
                    throw DomainError.alreadyExists(
                        "this embete already has a frame for the scheme and year; change it by its id",
                        what: "regional frame",
                        field: "regional_frame_id"
                    )
                }
                frame = RegionalFrame.with {
                    $0.id = Self.makeEntityId()
                    $0.governorOfficeId = request.governorOfficeId
                    $0.scheme = request.scheme
                    $0.year = request.year
                    $0.createdAt = scope.nowMillis
                }
            } else {
                frame = try await scope.load(
                    RegionalFrame.self,
                    id: request.regionalFrameId,
                    expectedVersion: request.expectedVersion,
                    what: "regional frame"
                )
            }
            var findings = Findings()
            WholeKronerRule.check(request.amountOre, field: "amount_ore", into: &findings)
            findings.merge(try await frameWithinBudget(scope.store, frame: frame, amountOre: request.amountOre))
            // A frame cannot drop below what is already decided in it (ALLOC-R2).
            let totals = try await decidedTotals(scope.store, frame.governorOfficeId, frame.scheme, frame.year)
            findings.merge(
                DecisionsWithinFrameRule.check(
                    frameOre: request.amountOre,
                    approvedOre: totals.approvedOre,
                    confirmedMultiYearOre: totals.confirmedOre,
                    addedOre: 0,
                    field: "amount_ore"
                )
            )
            try findings.throwIfViolated()
            let before = frame.status.name
            frame.amountOre = request.amountOre
            frame.status = .draft
            frame.updatedAt = scope.nowMillis
            if isNew { return try await scope.create(frame, role: .udirAdmin, state: frame.status.name) }
            return try await scope.save(frame, role: .udirAdmin, before: before, after: frame.status.name)
        }
    }

    /// draft → published (ALLOC-R1); emits RegionalFramePublished.
    public func publishRegionalFrame(
        _ request: PublishRegionalFrameRequest,
        as caller: Caller
    ) async throws -> RegionalFrame {
        try await runner.run(AllocationServiceRPC.publishRegionalFrame, request: request, caller: caller) { scope in
            try caller.require(.udirAdmin, toDo: "publish a regional frame")
            var frame = try await scope.load(
                RegionalFrame.self,
                id: request.regionalFrameId,
                expectedVersion: request.expectedVersion,
                what: "regional frame"
            )
            guard frame.status == .draft else {
                throw DomainError.illegalTransition(
                    "only a draft frame can be published; this frame is \(frame.status.name)"
                )
            }
            try await frameWithinBudget(scope.store, frame: frame, amountOre: frame.amountOre).throwIfViolated()
            frame.status = .published
            frame.publishedAt = scope.nowMillis
            frame.updatedAt = scope.nowMillis
            let saved = try await scope.save(
                frame,
                role: .udirAdmin,
                before: RegionalFrameStatus.draft.name,
                after: RegionalFrameStatus.published.name
            )
            try await Self.emit(scope, .regionalFramePublished, aggregateId: saved.id) {
                $0.governorOfficeId = saved.governorOfficeId
                $0.scheme = saved.scheme
                $0.year = saved.year
                $0.regionalFrameId = saved.id
                $0.amountOre = saved.amountOre
            }
            return saved
        }
    }

    /// Reads one regional frame.
    public func getRegionalFrame(_ request: GetRegionalFrameRequest, as caller: Caller) async throws -> RegionalFrame {
        try Self.requireMoneyReader(caller)
        return try await runner.read { store in
            try await store.require(RegionalFrame.self, id: request.id, what: "regional frame")
        }
    }

    /// Lists regional frames.
    public func listRegionalFrames(
        _ request: ListRegionalFramesRequest,
        as caller: Caller
    ) async throws -> ListRegionalFramesResponse {
        try Self.requireMoneyReader(caller)
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let page = try await store.page(
                RegionalFrame.self,
                filter: StorageFilter(
                    governorOfficeId: request.governorOfficeId.nonEmpty,
                    year: request.year.nonZero,
                    scheme: request.scheme == .unspecified ? nil : request.scheme.rawValue,
                    ids: request.ids.nonEmpty
                ),
                pageRequest
            )
            return ListRegionalFramesResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }
}

// MARK: Totals

/// Frame and decision totals, read by the recommendation and grant contexts too (ALLOC-R1, ALLOC-R2).
extension AllocationContextPart {
    /// ALLOC-R1 for one frame at `amountOre`: the stored national budget (else the scheme × year policy's
    /// `nationalBudgetOre`, when above zero) against all frames of the scheme × year.
    func frameWithinBudget(_ store: StoreTransaction, frame: RegionalFrame, amountOre: Int64) async throws -> Findings {
        let budgets = try await store.list(
            NationalBudget.self,
            filter: StorageFilter(year: frame.year, scheme: frame.scheme.rawValue)
        )
        let policyBudget = try await moneyPolicy(store, "", frame.year, frame.scheme).schemeYear.nationalBudgetOre
        let budget = budgets.items.first?.amountOre ?? (policyBudget > 0 ? policyBudget : nil)
        let frames = try await store.list(
            RegionalFrame.self,
            filter: StorageFilter(year: frame.year, scheme: frame.scheme.rawValue)
        )
        let others = frames.items.filter { $0.id != frame.id }.map(\.amountOre)
        return FramesWithinNationalBudgetRule.check(
            frameOre: amountOre,
            otherFramesOre: others,
            nationalBudgetOre: budget
        )
    }

    /// The published frame of an embete × scheme × year, if any.
    func publishedFrameOre(
        _ store: StoreTransaction,
        _ governorOfficeId: String,
        _ scheme: Scheme,
        _ year: Int32
    ) async throws
        -> Int64?
    {
        let frames = try await store.list(
            RegionalFrame.self,
            filter: StorageFilter(
                status: RegionalFrameStatus.published.name,
                governorOfficeId: governorOfficeId,
                year: year,
                scheme: scheme.rawValue
            )
        )
        return frames.items.first?.amountOre
    }

    /// ALLOC-R2 totals: Σ approved on signed decisions for Y, and Σ confirmed (or reduced) multi-year amounts for Y.
    func decidedTotals(
        _ store: StoreTransaction,
        _ governorOfficeId: String,
        _ scheme: Scheme,
        _ year: Int32,
        excludingDecisionIds: Set<String> = []
    ) async throws -> (approvedOre: Int64, confirmedOre: Int64) {
        let decisions = try await store.list(
            GrantDecision.self,
            filter: StorageFilter(
                status: GrantDecisionStatus.signed.name,
                governorOfficeId: governorOfficeId,
                year: year,
                scheme: scheme.rawValue
            )
        )
        let approved = try Money.sum(
            decisions.items.filter { !excludingDecisionIds.contains($0.id) },
            field: "approved_amount_ore"
        ) { $0.approvedAmountOre }
        // The embete and scheme are the grant's, matched in the same statement (not one grant read per commitment).
        let commitments = try await store.list(
            MultiYearCommitment.self,
            filter: StorageFilter(
                statuses: [MultiYearCommitmentStatus.confirmed.name, MultiYearCommitmentStatus.reduced.name],
                year: year,
                parent: StorageFilter.ParentFilter(
                    kind: Grant.entityKind,
                    governorOfficeId: governorOfficeId,
                    scheme: scheme.rawValue
                )
            )
        )
        var confirmed = Money.Total()
        for commitment in commitments.items { confirmed.add(commitment.confirmedAmountOre) }
        return (approved, try confirmed.checked(field: "confirmed_amount_ore"))
    }
}
