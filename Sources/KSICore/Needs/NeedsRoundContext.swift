/// Needs rounds: one call per embete × scheme × year (PD), planned → open → closed → archived.
public struct NeedsRoundContext: NeedsContextPart {
    let environment: NeedsEnvironment

    /// Creates a planned round; the submission deadline defaults to the embete's configured one (NEED-R6).
    public func createNeedsRound(_ request: CreateNeedsRoundRequest, as caller: Caller) async throws -> NeedsRound {
        try await runner.run(NeedsServiceRPC.createNeedsRound, request: request, caller: caller) { scope in
            let role = try NeedsAccess.requireCaseworker(
                request.governorOfficeId,
                scope.caller,
                toDo: "create a needs round"
            )
            var findings = Findings()
            if request.scheme == .unspecified {
                findings.reject(ReportSchemeRule.id, field: "scheme", "a round must carry exactly one scheme")
            }
            if request.year < 2020 {
                findings.reject(.malformedInput, field: "year", "the year must be 2020 or later")
            }
            try findings.throwIfViolated()
            if reference.governorOffice(request.governorOfficeId) == nil {
                // NOT_FOUND on gRPC and HTTPS alike
                throw DomainError.notFound("governor office", request.governorOfficeId)
            }
            let existing = try await scope.store.list(
                NeedsRound.self,
                filter: StorageFilter(
                    governorOfficeId: request.governorOfficeId,
                    year: request.year,
                    scheme: request.scheme.rawValue
                )
            )
            if !existing.items.isEmpty {
                throw DomainError.alreadyExists(
                    "this embete already has a round for this scheme and year",
                    what: "needs round",
                    field: "year"
                )
            }
            let configured = reference.policies.resolve(
                governorOfficeId: request.governorOfficeId,
                year: request.year,
                scheme: request.scheme
            )
            let round = NeedsRound.with {
                $0.id = Self.newId()
                $0.createdAt = scope.nowMillis
                $0.updatedAt = scope.nowMillis
                $0.governorOfficeId = request.governorOfficeId
                $0.scheme = request.scheme
                $0.year = request.year
                $0.opensOn = request.opensOn
                $0.submissionDeadline = request.submissionDeadline ?? configured.governor.submissionDeadline
                $0.status = .planned
            }
            try Self.checkDates(round)
            return try await scope.create(round, role: role, state: round.status.name)
        }
    }

    /// Changes the dates of a planned round.
    public func updateNeedsRound(_ request: UpdateNeedsRoundRequest, as caller: Caller) async throws -> NeedsRound {
        try await runner.run(NeedsServiceRPC.updateNeedsRound, request: request, caller: caller) { scope in
            var round = try await scope.load(
                NeedsRound.self,
                id: request.needsRoundId,
                expectedVersion: request.expectedVersion,
                what: "needs round",
                field: "needs_round_id"
            )
            let role = try NeedsAccess.requireCaseworker(
                round.governorOfficeId,
                scope.caller,
                toDo: "change a needs round"
            )
            _ = try NeedsRoundStateMachine(round.status).apply(.update)
            round.opensOn = request.opensOn
            round.submissionDeadline = request.submissionDeadline
            round.updatedAt = scope.nowMillis
            try Self.checkDates(round)
            return try await scope.save(round, role: role, before: round.status.name, after: round.status.name)
        }
    }

    /// planned → open: requires a submission deadline (NEED-R6, Q5) and freezes the configuration (COM-R5);
    /// emits NeedsRoundOpened.
    public func openNeedsRound(_ request: OpenNeedsRoundRequest, as caller: Caller) async throws -> NeedsRound {
        try await runner.run(NeedsServiceRPC.openNeedsRound, request: request, caller: caller) { scope in
            var round = try await scope.load(
                NeedsRound.self,
                id: request.needsRoundId,
                expectedVersion: request.expectedVersion,
                what: "needs round",
                field: "needs_round_id"
            )
            let role = try NeedsAccess.requireCaseworker(
                round.governorOfficeId,
                scope.caller,
                toDo: "open a needs round"
            )
            let before = round.status
            round.status = try NeedsRoundStateMachine(round.status).apply(.open)
            guard let deadline = round.submissionDeadline else {
                throw Findings.rejection(
                    SubmissionDeadlineRule.id,
                    field: "submission_deadline",
                    "a round needs a submission deadline before it opens"
                )
            }
            var frozen = reference.policies.resolve(
                governorOfficeId: round.governorOfficeId,
                year: round.year,
                scheme: round.scheme
            )
            // The round's own deadline is the one in force; the frozen record says so too.
            frozen.governorPolicy?.submissionDeadline = deadline
            round.frozenPolicy = frozen
            round.openedAt = scope.nowMillis
            round.updatedAt = scope.nowMillis
            let saved = try await scope.save(round, role: role, before: before.name, after: round.status.name)
            try await Self.emit(.needsRoundOpened, saved, scope: scope)
            return saved
        }
    }

    /// open → closed: no new reports; the precondition for a recommendation; emits NeedsRoundClosed.
    public func closeNeedsRound(_ request: CloseNeedsRoundRequest, as caller: Caller) async throws -> NeedsRound {
        try await runner.run(NeedsServiceRPC.closeNeedsRound, request: request, caller: caller) { scope in
            var round = try await scope.load(
                NeedsRound.self,
                id: request.needsRoundId,
                expectedVersion: request.expectedVersion,
                what: "needs round",
                field: "needs_round_id"
            )
            let role = try NeedsAccess.requireCaseworker(
                round.governorOfficeId,
                scope.caller,
                toDo: "close a needs round"
            )
            let before = round.status
            round.status = try NeedsRoundStateMachine(round.status).apply(.close)
            round.closedAt = scope.nowMillis
            round.updatedAt = scope.nowMillis
            let saved = try await scope.save(round, role: role, before: before.name, after: round.status.name)
            try await Self.emit(.needsRoundClosed, saved, scope: scope)
            return saved
        }
    }

    /// closed → archived.
    public func archiveNeedsRound(_ request: ArchiveNeedsRoundRequest, as caller: Caller) async throws -> NeedsRound {
        try await runner.run(NeedsServiceRPC.archiveNeedsRound, request: request, caller: caller) { scope in
            var round = try await scope.load(
                NeedsRound.self,
                id: request.needsRoundId,
                expectedVersion: request.expectedVersion,
                what: "needs round",
                field: "needs_round_id"
            )
            let role = try NeedsAccess.requireCaseworker(
                round.governorOfficeId,
                scope.caller,
                toDo: "archive a needs round"
            )
            let before = round.status
            round.status = try NeedsRoundStateMachine(round.status).apply(.archive)
            round.archivedAt = scope.nowMillis
            round.updatedAt = scope.nowMillis
            return try await scope.save(round, role: role, before: before.name, after: round.status.name)
        }
    }

    /// Reads one round; rounds are public calls, so any authenticated caller may read them.
    public func getNeedsRound(_ request: GetNeedsRoundRequest, as caller: Caller) async throws -> NeedsRound {
        try await runner.read { store in try await store.require(NeedsRound.self, id: request.id, what: "needs round") }
    }

    /// Lists rounds by embete, scheme, year and status.
    public func listNeedsRounds(
        _ request: ListNeedsRoundsRequest,
        as caller: Caller
    ) async throws -> ListNeedsRoundsResponse {
        let pageRequest = try PageRequest(request)
        return try await runner.read { store in
            let page = try await store.page(
                NeedsRound.self,
                filter: StorageFilter(
                    status: request.status == .unspecified ? nil : request.status.name,
                    governorOfficeId: request.governorOfficeId.nonEmpty,
                    year: request.year.nonZero,
                    scheme: request.scheme == .unspecified ? nil : request.scheme.rawValue
                ),
                pageRequest
            )
            return ListNeedsRoundsResponse.with {
                $0.items = page.items
                $0.nextPageToken = page.next
            }
        }
    }

    /// The deadline may not come before the opening date.
    static func checkDates(_ round: NeedsRound) throws {
        if let opens = round.opensOn, let deadline = round.submissionDeadline, deadline < opens {
            throw DomainError.invalidArgument(
                field: "submission_deadline",
                "the submission deadline cannot come before the round opens"
            )
        }
    }
}
