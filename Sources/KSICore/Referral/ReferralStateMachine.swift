/// The referral state machine of DOMAIN.md §4.4: which command may run in which status, by whom, and
/// where it leads. A value type with no I/O; the context asks it before every command.
///
/// Who acts is the caller's relation to the case (`Actor`), worked out by `ReferralAccess` from the
/// role grants, the responsible PPT office and the assigned advisers' person ids (PRIV-R3, R4).
public struct ReferralStateMachine: Sendable {
    /// A command of the referral service that the state machine knows.
    public enum Command: String, Sendable, CaseIterable {
        /// — → draft; the responsible PPT (the requesting organisation for a system request).
        case create
        /// Edits a draft or returned referral; the responsible PPT (the requesting organisation for a system request).
        case updateDraft
        /// Adds an attachment to a draft, returned or active referral; the PPT or an assigned adviser.
        case addAttachment
        /// Removes an attachment from a draft or returned referral; the responsible PPT (the requesting organisation for a system request).
        case removeAttachment
        /// draft or returned → submitted; the PPT leader (the requesting organisation for a system request).
        case submit
        /// draft, submitted or returned → withdrawn; the PPT leader (the requesting organisation for a system request).
        case withdraw
        /// — → accepted without an application (exception cases only, REF-R2); statpedIntake.
        case openWithoutApplication
        /// Records that the responsible PPT was told of an exception case (REF-R2); statpedIntake or an assigned adviser.
        case notifyPpt
        /// submitted → inTriage; statpedIntake.
        case startTriage
        /// inTriage → returned, with a reason; statpedIntake.
        case returnForCompletion
        /// inTriage → accepted (REF-R7); statpedIntake.
        case accept
        /// inTriage → declined, with a reason and a redirect (REF-R7); statpedIntake.
        case decline
        /// accepted → assigned to division, location and advisers (REF-R9); statpedManager.
        case assign
        /// Changes the assignment of an active case; statpedManager.
        case reassign
        /// Moves an open individual referral to another responsible PPT office; pptLeader or statpedIntake.
        case transfer
        /// Schedules the startup meeting of an assigned case; the assigned adviser.
        case scheduleStartupMeeting
        /// assigned → startupHeld (REF-R10); the assigned adviser.
        case recordStartupMeeting
        /// Proposes a collaboration plan (REF-R11); the PPT or an assigned adviser.
        case proposePlan
        /// Records one party's agreement to the plan; the PPT or an assigned adviser.
        case agreePlan
        /// startupHeld → inService once both parties agreed the plan (REF-R6b, REF-R11); the PPT or an assigned adviser.
        case completePlan
        /// Records a guardian's consent on an open case outside intake (not for system requests); PPT or an assigned adviser.
        case recordConsent
        /// Records that a guardian withdrew a consent (not for system requests); PPT or an assigned adviser.
        case withdrawConsent
        /// inService → closing, with the plan's evaluation; the assigned adviser.
        case startClosing
        /// Proposes or agrees an extension of a closing case (REF-R13); the PPT or an assigned adviser.
        case extendService
        /// closing → inService once the extension is agreed (REF-R13); the PPT or an assigned adviser.
        case completeExtension
        /// closing → closed, with the closure summary sent to PPT; the assigned adviser.
        case close
    }

    /// The caller's relation to a case.
    public enum Actor: String, Sendable, CaseIterable {
        /// `pptAdviser` of the responsible PPT office.
        case pptAdviser
        /// `pptLeader` of the responsible PPT office.
        case pptLeader
        /// `statpedIntake`: triages and opens exception cases.
        case statpedIntake
        /// A `statpedAdviser` whose person id is among the assigned advisers.
        case assignedAdviser
        /// `statpedManager`: assigns and reassigns cases.
        case statpedManager
        /// `ownerAdmin`, `pptLeader` or `uhContact` of a system request's requesting organisation.
        case requestingOrg
    }

    /// One row of the table: the statuses a command starts from (nil = no referral yet), where it
    /// leads (nil = status unchanged) and who may run it.
    public struct Rule: Sendable {
        /// The statuses the command starts from; nil = no referral yet.
        public var from: Set<ReferralStatus?>
        /// Where it leads; nil = the status is unchanged.
        public var to: ReferralStatus?
        /// Who may run it.
        public var actors: Set<Actor>
    }

    /// The transition table of one kind of referral.
    public typealias Table = TransitionTable<ReferralStatus, Command, Actor>

    /// The kind of referral the machine is for.
    public let kind: ReferralKind
    /// The table for this kind of referral.
    public let table: Table

    /// The state machine of one kind of referral.
    public init(kind: ReferralKind) {
        self.kind = kind
        self.table = Self.tables[kind] ?? Self.table(for: kind)
    }

    static let active: [ReferralStatus?] = [.assigned, .startupHeld, .inService, .closing]
    static let open: [ReferralStatus?] = [
        .draft, .submitted, .returned, .inTriage, .accepted, .assigned, .startupHeld, .inService, .closing,
    ]
    static let tables = Dictionary(uniqueKeysWithValues: ReferralKind.allCases.map { ($0, table(for: $0)) })

    /// The table of a kind: `system` requests are made by the requesting organisation and have no consent or
    /// transfer; only exception cases are opened by Statped without an application (DOMAIN.md §4.4).
    static func table(for kind: ReferralKind) -> Table {
        let system = kind == .system
        let exception = kind == .exceptionOpenedByStatped
        let ppt: [Actor] = system ? [.requestingOrg] : [.pptAdviser, .pptLeader]
        let leader: [Actor] = system ? [.requestingOrg] : [.pptLeader]
        let pptOrAdviser = ppt + [.assignedAdviser]
        return Table(
            noun: "referral",
            order: .whoFirst,
            refusals: refusals,
            entries: [
                .init(.create, from: [nil], to: .state(.draft), who: ppt),
                .init(.updateDraft, from: [.draft, .returned], to: .unchanged, who: ppt),
                .init(.removeAttachment, from: [.draft, .returned], to: .unchanged, who: ppt),
                .init(.addAttachment, from: [.draft, .returned] + active, to: .unchanged, who: pptOrAdviser),
                .init(.submit, from: [.draft, .returned], to: .state(.submitted), who: leader),
                .init(.withdraw, from: [.draft, .submitted, .returned], to: .state(.withdrawn), who: leader),
                .init(
                    .openWithoutApplication,
                    from: exception ? [nil] : [],
                    to: .state(.accepted),
                    who: [.statpedIntake]
                ),
                .init(
                    .notifyPpt,
                    from: exception ? active + [.accepted] : [],
                    to: .unchanged,
                    who: [.statpedIntake, .assignedAdviser]
                ),
                .init(.startTriage, from: [.submitted], to: .state(.inTriage), who: [.statpedIntake]),
                .init(.returnForCompletion, from: [.inTriage], to: .state(.returned), who: [.statpedIntake]),
                .init(.accept, from: [.inTriage], to: .state(.accepted), who: [.statpedIntake]),
                .init(.decline, from: [.inTriage], to: .state(.declined), who: [.statpedIntake]),
                .init(.assign, from: [.accepted], to: .state(.assigned), who: [.statpedManager]),
                .init(.reassign, from: active, to: .unchanged, who: [.statpedManager]),
                .init(.transfer, from: system ? [] : open, to: .unchanged, who: [.pptLeader, .statpedIntake]),
                .init(.scheduleStartupMeeting, from: [.assigned], to: .unchanged, who: [.assignedAdviser]),
                .init(.recordStartupMeeting, from: [.assigned], to: .state(.startupHeld), who: [.assignedAdviser]),
                .init(.proposePlan, from: [.startupHeld, .inService], to: .unchanged, who: pptOrAdviser),
                .init(.agreePlan, from: [.startupHeld, .inService], to: .unchanged, who: pptOrAdviser),
                .init(.completePlan, from: [.startupHeld], to: .state(.inService), who: pptOrAdviser),
                .init(
                    .recordConsent,
                    from: system ? [] : consentable,
                    to: .unchanged,
                    who: [.pptAdviser, .pptLeader, .assignedAdviser]
                ),
                .init(
                    .withdrawConsent,
                    from: system ? [] : consentable,
                    to: .unchanged,
                    who: [.pptAdviser, .pptLeader, .assignedAdviser]
                ),
                .init(.startClosing, from: [.inService], to: .state(.closing), who: [.assignedAdviser]),
                .init(.extendService, from: [.closing], to: .unchanged, who: pptOrAdviser),
                .init(.completeExtension, from: [.closing], to: .state(.inService), who: pptOrAdviser),
                .init(.close, from: [.closing], to: .state(.closed), who: [.assignedAdviser]),
            ]
        )
    }

    /// Consent is recorded on an open case outside Statped's intake.
    static let consentable = open.filter { $0 != .submitted && $0 != .inTriage }

    /// The sentences: who may act is checked first (`notPermitted`), then the status (`illegalTransition`).
    static let refusals = Table.Refusals(
        illegal: { refusal in
            let allowed = refusal.from.compactMap { $0.map(describe) }.sorted()
            let found = refusal.state.map { "this referral is \(describe($0))" } ?? "the referral does not exist yet"
            let phrase = refusal.command.phrase
            return DomainError.illegalTransition(
                allowed.isEmpty
                    ? "a referral of this kind cannot \(phrase); \(found)"
                    : "only a referral that is \(allowed.joined(separator: " or ")) can \(phrase); \(found)",
                state: refusal.state?.name ?? "",
                what: "referral"
            )
        },
        notPermitted: { refusal in
            let names = refusal.who.map(describe).sorted().joined(separator: " or ")
            return DomainError.notPermitted(
                refusal.who.isEmpty
                    ? "nobody may \(refusal.command.verb) on this kind of referral"
                    : "only \(names) may \(refusal.command.verb)"
            )
        }
    )

    /// The table row for a command, for this kind of referral.
    public func rule(_ command: Command) -> Rule {
        let to = table.entries.first { $0.command == command }.flatMap { entry -> ReferralStatus? in
            if case .state(let next) = entry.to { return next }
            return nil
        }
        return Rule(from: Set(table.from(command)), to: to, actors: Set(table.who(command)))
    }

    /// The status after `command`, or the error that rejects it: `notPermitted` when the caller has
    /// no role in the command, `illegalTransition` when the status does not allow it.
    public func next(_ command: Command, from status: ReferralStatus?, actors: Set<Actor>) throws -> ReferralStatus {
        try table.decide(command, from: status, by: actors).to ?? .draft
    }

    static func describe(_ status: ReferralStatus) -> String {
        switch status {
        case .draft: "a draft"
        case .submitted: "submitted"
        case .returned: "returned for completion"
        case .inTriage: "in triage"
        case .accepted: "accepted"
        case .declined: "declined"
        case .assigned: "assigned"
        case .startupHeld: "past its startup meeting"
        case .inService: "in service"
        case .closing: "closing"
        case .closed: "closed"
        case .withdrawn: "withdrawn"
        default: "in an unknown status"
        }
    }

    static func describe(_ actor: Actor) -> String {
        switch actor {
        case .pptAdviser: "a PPT adviser of the responsible office"
        case .pptLeader: "the PPT leader of the responsible office"
        case .statpedIntake: "Statped intake"
        case .assignedAdviser: "an assigned Statped adviser"
        case .statpedManager: "a Statped manager"
        case .requestingOrg: "the requesting organisation"
        }
    }
}

extension ReferralStateMachine.Command {
    /// The command as a verb phrase for error sentences.
    var phrase: String {
        switch self {
        case .create: "create a referral"
        case .updateDraft: "edit the referral"
        case .addAttachment: "add an attachment"
        case .removeAttachment: "remove an attachment"
        case .submit: "be submitted"
        case .withdraw: "be withdrawn"
        case .openWithoutApplication: "open a case without an application"
        case .notifyPpt: "record that the PPT office was informed"
        case .startTriage: "go into triage"
        case .returnForCompletion: "be returned for completion"
        case .accept: "be accepted"
        case .decline: "be declined"
        case .assign: "be assigned"
        case .reassign: "be reassigned"
        case .transfer: "be transferred to another PPT office"
        case .scheduleStartupMeeting: "have its startup meeting scheduled"
        case .recordStartupMeeting: "record its startup meeting"
        case .proposePlan: "have a collaboration plan proposed"
        case .agreePlan: "have its collaboration plan agreed"
        case .completePlan: "go into service"
        case .recordConsent: "record a consent"
        case .withdrawConsent: "withdraw a consent"
        case .startClosing: "start closing"
        case .extendService: "be extended"
        case .completeExtension: "return to service after an extension"
        case .close: "be closed"
        }
    }
}

extension ReferralStateMachine.Command {
    /// The command as an active verb phrase, for "only … may …" sentences.
    var verb: String {
        switch self {
        case .create: "create a referral"
        case .updateDraft: "edit a referral draft"
        case .addAttachment: "add an attachment"
        case .removeAttachment: "remove an attachment"
        case .submit: "submit a referral"
        case .withdraw: "withdraw a referral"
        case .openWithoutApplication: "open a case without an application"
        case .notifyPpt: "record that the PPT office was informed"
        case .startTriage: "start triage"
        case .returnForCompletion: "return a referral for completion"
        case .accept: "accept a referral"
        case .decline: "decline a referral"
        case .assign: "assign a referral"
        case .reassign: "reassign a referral"
        case .transfer: "transfer a referral to another PPT office"
        case .scheduleStartupMeeting: "schedule the startup meeting"
        case .recordStartupMeeting: "record the startup meeting"
        case .proposePlan: "propose a collaboration plan"
        case .agreePlan: "agree to the collaboration plan"
        case .completePlan: "agree to the collaboration plan"
        case .recordConsent: "record a consent"
        case .withdrawConsent: "withdraw a consent"
        case .startClosing: "start closing a referral"
        case .extendService: "extend the service"
        case .completeExtension: "agree to an extension"
        case .close: "close a referral"
        }
    }
}
