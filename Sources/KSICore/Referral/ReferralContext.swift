import Foundation

/// The Referral bounded context (DOMAIN.md §4.4, §7): referrals from PPT to Statped, system requests
/// and cases Statped opens itself, with child data sealed field by field (PRIV-R2).
///
/// One method per `ReferralService` rpc, on one of the contexts this root vends (issue 16: each context has one
/// job and at most 30 public methods); the feed and the data version stay here. Write methods return the
/// referral without child data (`ReferralSealing.redact`): KSICore remembers every write response for
/// idempotent retries, and that table must hold no child data. Child data is read with `getReferral`, which
/// logs the read (PRIV-R8).
public struct ReferralContext: ReferralContextPart {
    let environment: ReferralEnvironment
    /// The context's database.
    public var database: KSIDatabase { environment.database }
    /// The live registry this context reads (issue 12): `reference` is the data in force at each access.
    public var registry: ReferenceRegistry { environment.registry }
    /// The reference data in force now.
    public var reference: ReferenceData { registry.current }
    /// The clock the context's commands read.
    public var time: any TimeSource { environment.time }
    /// AUTH-R3: the lowest login assurance at which a person reads child data (default `substantial`,
    /// ID-porten's level for health data; `KSI_CHILD_DATA_MIN_ACR` in the services).
    public var childDataMinimumAssurance: AssuranceLevel { environment.childDataMinimumAssurance }
    /// The check of the child's national identity number; synthetic (Tenor) numbers only in a test
    /// environment (ID-R1; `KSI_ENVIRONMENT` in the services).
    public var nationalIds: NationalIdentityValidator { environment.nationalIds }

    /// The context name of this service's outbox events.
    public static let contextName = BoundedContext.referral.rawValue
    /// The wire name of the milestone events (REF-R16), from `ReferralEventType`.
    public static let milestoneEventType = ReferralEventType.referralMilestoneReached.name

    /// `keyRing` seals child data; load it with `ReferralKeyRing(contentsOfFile:)` or
    /// `ReferralKeyRing.fromEnvironment(_:)`, never from the database.
    /// A context over `database` with a registry of its own, started from `reference`.
    public init(
        database: KSIDatabase,
        reference: ReferenceData,
        time: any TimeSource,
        keyRing: ReferralKeyRing,
        childDataMinimumAssurance: AssuranceLevel = .substantial,
        environment: DeploymentEnvironment = .production
    ) {
        self.init(
            database: database,
            registry: ReferenceRegistry(reference),
            time: time,
            keyRing: keyRing,
            childDataMinimumAssurance: childDataMinimumAssurance,
            environment: environment
        )
    }

    /// A context over `database` that reads the live `registry`.
    public init(
        database: KSIDatabase,
        registry: ReferenceRegistry,
        time: any TimeSource,
        keyRing: ReferralKeyRing,
        childDataMinimumAssurance: AssuranceLevel = .substantial,
        environment deployment: DeploymentEnvironment = .production
    ) {
        self.environment = ReferralEnvironment(
            database: database,
            registry: registry,
            time: time,
            runner: CommandRunner(database: database, context: Self.contextName, time: time, registry: registry),
            sealing: ReferralSealing(crypto: ReferralFieldCrypto(keyRing: keyRing)),
            childDataMinimumAssurance: childDataMinimumAssurance,
            nationalIds: NationalIdentityValidator(environment: deployment)
        )
    }

    /// Referrals from the PPT office's draft through Statped's intake: drafting, attachments, submission,
    /// triage, acceptance or decline, and the intake queue.
    public var intake: ReferralIntakeContext { ReferralIntakeContext(environment: environment) }
    /// An accepted referral's service: assignment, start-up meeting and its deadline, collaboration plan,
    /// consent, extension, closing, and the progress a referring system polls.
    public var service: ReferralServiceContext { ReferralServiceContext(environment: environment) }
    /// The referral record: reads with their access log (PRIV-R8), the data subject's export, milestones,
    /// the audit log and the retention purge (PRIV-R10).
    public var records: ReferralRecordsContext { ReferralRecordsContext(environment: environment) }
}

extension ReferralContextPart {
    /// The Statped policy in force for a referral's region (COM-R5; Statped settings are national).
    func policy(_ referral: Referral, on date: LocalDate) -> PolicyConfig {
        reference.policies.resolve(governorOfficeId: referral.governorOfficeId, year: date.year, scheme: .ksi)
    }
}

extension ReferralContext {
    /// What a command body reports back to `change`.
    struct Outcome: Sendable {
        var milestone: ReferralMilestone?
        var reason: String?
        init(_ milestone: ReferralMilestone? = nil, reason: String? = nil) {
            self.milestone = milestone
            self.reason = reason
        }
    }
}

extension ReferralContextPart {
    /// Runs a command on an existing referral: loads it (checking the expected version), asks the
    /// state machine (caller's relation and status), lets `body` change it, refreshes the REF-R10 SLA,
    /// checks REF-R16, saves with an audit record, emits the milestone and returns the redacted view.
    func change<Request: ActingPersonRequest & WireMessage>(
        _ method: ReferralServiceRPC,
        request: Request,
        referralId: String,
        expectedVersion: Int64,
        caller: Caller,
        _ command: ReferralStateMachine.Command,
        _ body:
            @escaping @Sendable (inout Referral, CommandScope, Set<ReferralStateMachine.Actor>) async throws -> Outcome
    ) async throws -> Referral {
        try caller.checkActingPerson(request.actingPersonId)  // AUTH-R2
        return try await changeReferral(
            method,
            request: request,
            referralId: referralId,
            expectedVersion: expectedVersion,
            caller: caller,
            command,
            body
        )
    }

    /// `change` for a request without an acting-person field.
    func change<Request: WireMessage>(
        _ method: ReferralServiceRPC,
        request: Request,
        referralId: String,
        expectedVersion: Int64,
        caller: Caller,
        _ command: ReferralStateMachine.Command,
        _ body:
            @escaping @Sendable (inout Referral, CommandScope, Set<ReferralStateMachine.Actor>) async throws -> Outcome
    ) async throws -> Referral {
        try await changeReferral(
            method,
            request: request,
            referralId: referralId,
            expectedVersion: expectedVersion,
            caller: caller,
            command,
            body
        )
    }

    private func changeReferral<Request: WireMessage>(
        _ method: ReferralServiceRPC,
        request: Request,
        referralId: String,
        expectedVersion: Int64,
        caller: Caller,
        _ command: ReferralStateMachine.Command,
        _ body:
            @escaping @Sendable (inout Referral, CommandScope, Set<ReferralStateMachine.Actor>) async throws -> Outcome
    ) async throws -> Referral {
        try await runner.run(method, request: request, caller: caller) { scope in
            var referral = try await scope.load(
                Referral.self,
                id: referralId,
                expectedVersion: expectedVersion,
                what: "referral"
            )
            let actors = ReferralAccess.actors(of: caller, on: referral)
            let before = referral
            referral.status = try ReferralStateMachine(kind: referral.kind).next(
                command,
                from: referral.status,
                actors: actors
            )
            let outcome = try await body(&referral, scope, actors)
            try MilestoneTimestampRule.check(before: before.timestamps, after: referral.timestamps).throwIfViolated()
            StartupMeetingSlaRule.refresh(
                &referral,
                today: scope.today,
                policy: policy(referral, on: scope.today).statped
            )
            referral.updatedAt = scope.nowMillis
            let saved = try await scope.save(
                referral,
                role: ReferralAccess.role(of: caller, on: before),
                before: before.status.name,
                after: referral.status.name,
                reason: outcome.reason
            )
            if let milestone = outcome.milestone { try await emit(milestone, for: saved, scope: scope) }
            return ReferralSealing.redact(saved)
        }
    }

    /// Appends a pseudonymous milestone event: no child identifiers (REF-R16, PRIV-R1).
    func emit(_ milestone: ReferralMilestone, for referral: Referral, scope: CommandScope) async throws {
        let division = try referral.assignment?.divisionId ?? ageBandDivision(of: referral, on: scope.today)
        let event = ReferralMilestoneReached.with {
            $0.type = ReferralEventType.referralMilestoneReached.name
            $0.aggregateId = referral.id
            $0.occurredAt = scope.nowMillis
            $0.referralId = referral.id
            $0.region = referral.governorOfficeId
            $0.divisionId = division
            $0.subjectAreas = referral.subjectAreas
            $0.milestone = milestone
            $0.at = scope.nowMillis
            $0.kind = referral.kind
            $0.municipalityId = referral.child?.residenceMunicipalityId ?? ""
            $0.assignmentReason = referral.assignment?.reason ?? .unspecified
            // Who hears of the milestone on its feed (issue 13): an organisation, not a child identifier.
            $0.referringPptOfficeId = referral.referringPptOfficeId
        }
        try await scope.store.appendEvent(
            type: ReferralEventType.referralMilestoneReached,
            aggregateId: referral.id,
            at: scope.nowMillis,
            payload: event
        )
    }

    /// The non-SEAD division whose age band holds the child's age (the milestone's division before
    /// assignment). The birth date is opened for this computation only; only the division id leaves.
    func ageBandDivision(of referral: Referral, on date: LocalDate) throws -> String {
        guard referral.kind != .system, let child = referral.child,
            let birth = try sealing.openChild(child, referralId: referral.id).child.birthDate
        else { return "" }
        var age = date.year - birth.year
        if (date.month, date.day) < (birth.month, birth.day) { age -= 1 }
        return reference.set.statpedDivisions.first {
            !$0.isSead && $0.ageFrom <= age && age <= $0.ageTo
                && ReferenceData.inForce($0.validFrom, $0.validTo, on: date)
        }?.id ?? ""
    }

    /// A new random id.
    static func newId() -> String { UUID().uuidString.lowercased() }

    /// A new random child pseudonym (PRIV-R7).
    static func newChildRef() throws -> String {
        "child-" + (try FieldCipher.randomBytes(8)).map { String($0, radix: 16).leftPadded(2) }.joined()
    }

    /// The embete of a municipality on a date (V8 region).
    func governorOffice(ofMunicipality id: String, on date: LocalDate) -> String {
        reference.municipality(id, on: date)?.governorOfficeId ?? ""
    }

    /// The embete of a system request's requesting organisation (national for UH).
    func governorOffice(ofRequestingOrg id: String) -> String {
        if let owner = reference.owner(id) { return owner.governorOfficeId }
        if let office = reference.pptOffice(id), let host = reference.owner(office.hostOwnerId) {
            return host.governorOfficeId
        }
        return ""
    }

    /// The child's Sámi language, opened from the sealed identity (REF-R8 routing; not a user read).
    func samiLanguage(of referral: Referral) throws -> SamiLanguage {
        guard referral.kind != .system, let child = referral.child else { return .unspecified }
        return try sealing.openChild(child, referralId: referral.id).child.samiLanguage
    }

    /// Overwrites an attachment's sealed content with an empty tombstone.
    func tombstone(attachmentId: String, scope: CommandScope) async throws {
        guard var stored = try await scope.store.get(SealedAttachment.self, id: attachmentId) else { return }
        stored.body.content = []
        stored.body.attachment?.sizeBytes = 0
        try await scope.store.update(stored, at: scope.nowMillis)
    }
}

extension String {
    // fileprivate: a helper of this file, not API.
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
