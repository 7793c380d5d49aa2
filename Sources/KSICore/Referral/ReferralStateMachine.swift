/// The referral state machine of DOMAIN.md §4.4: which command may run in which status, by whom, and
/// where it leads. A value type with no I/O; the context asks it before every command.
///
/// Who acts is the caller's relation to the case (`Actor`), worked out by `ReferralAccess` from the
/// role grants, the responsible PPT office and the assigned advisers' person ids (PRIV-R3, R4).
public struct ReferralStateMachine: Sendable {
    /// A command of the referral service that the state machine knows.
    public enum Command: String, Sendable, CaseIterable {
        case create, updateDraft, addAttachment, removeAttachment, submit, withdraw
        case openWithoutApplication, notifyPpt
        case startTriage, returnForCompletion, accept, decline
        case assign, reassign, transfer
        case scheduleStartupMeeting, recordStartupMeeting
        case proposePlan, agreePlan, completePlan
        case recordConsent, withdrawConsent
        case startClosing, extendService, completeExtension, close
    }

    /// The caller's relation to a case.
    public enum Actor: String, Sendable, CaseIterable {
        /// `pptAdviser` of the responsible PPT office.
        case pptAdviser
        /// `pptLeader` of the responsible PPT office.
        case pptLeader
        case statpedIntake
        /// A `statpedAdviser` whose person id is among the assigned advisers.
        case assignedAdviser
        case statpedManager
        /// `ownerAdmin`, `pptLeader` or `uhContact` of a system request's requesting organisation.
        case requestingOrg
    }

    /// One row of the table: the statuses a command starts from (nil = no referral yet), where it
    /// leads (nil = status unchanged) and who may run it.
    public struct Rule: Sendable {
        public var from: Set<ReferralStatus?>
        public var to: ReferralStatus?
        public var actors: Set<Actor>
    }

    public let kind: ReferralKind

    public init(kind: ReferralKind) { self.kind = kind }

    static let active: Set<ReferralStatus?> = [.assigned, .startupHeld, .inService, .closing]
    static let open: Set<ReferralStatus?> = [
        .draft, .submitted, .returned, .inTriage, .accepted, .assigned, .startupHeld, .inService, .closing,
    ]

    /// The table row for a command, for this kind of referral.
    public func rule(_ command: Command) -> Rule {
        let system = kind == .system
        let ppt: Set<Actor> = system ? [.requestingOrg] : [.pptAdviser, .pptLeader]
        let leader: Set<Actor> = system ? [.requestingOrg] : [.pptLeader]
        switch command {
        case .create: return Rule(from: [nil], to: .draft, actors: ppt)
        case .updateDraft, .removeAttachment: return Rule(from: [.draft, .returned], to: nil, actors: ppt)
        case .addAttachment:
            return Rule(
                from: [.draft, .returned, .assigned, .startupHeld, .inService, .closing],
                to: nil,
                actors: ppt.union([.assignedAdviser])
            )
        case .submit: return Rule(from: [.draft, .returned], to: .submitted, actors: leader)
        case .withdraw: return Rule(from: [.draft, .submitted, .returned], to: .withdrawn, actors: leader)
        case .openWithoutApplication:
            return Rule(from: kind == .exceptionOpenedByStatped ? [nil] : [], to: .accepted, actors: [.statpedIntake])
        case .notifyPpt:
            return Rule(
                from: kind == .exceptionOpenedByStatped ? Self.active.union([.accepted]) : [],
                to: nil,
                actors: [.statpedIntake, .assignedAdviser]
            )
        case .startTriage: return Rule(from: [.submitted], to: .inTriage, actors: [.statpedIntake])
        case .returnForCompletion: return Rule(from: [.inTriage], to: .returned, actors: [.statpedIntake])
        case .accept: return Rule(from: [.inTriage], to: .accepted, actors: [.statpedIntake])
        case .decline: return Rule(from: [.inTriage], to: .declined, actors: [.statpedIntake])
        case .assign: return Rule(from: [.accepted], to: .assigned, actors: [.statpedManager])
        case .reassign: return Rule(from: Self.active, to: nil, actors: [.statpedManager])
        case .transfer:
            return Rule(from: system ? [] : Self.open, to: nil, actors: [.pptLeader, .statpedIntake])
        case .scheduleStartupMeeting: return Rule(from: [.assigned], to: nil, actors: [.assignedAdviser])
        case .recordStartupMeeting: return Rule(from: [.assigned], to: .startupHeld, actors: [.assignedAdviser])
        case .proposePlan, .agreePlan:
            return Rule(from: [.startupHeld, .inService], to: nil, actors: ppt.union([.assignedAdviser]))
        case .completePlan: return Rule(from: [.startupHeld], to: .inService, actors: ppt.union([.assignedAdviser]))
        case .recordConsent, .withdrawConsent:
            return Rule(
                from: system ? [] : Self.open.subtracting([.submitted, .inTriage]),
                to: nil,
                actors: [.pptAdviser, .pptLeader, .assignedAdviser]
            )
        case .startClosing: return Rule(from: [.inService], to: .closing, actors: [.assignedAdviser])
        case .extendService: return Rule(from: [.closing], to: nil, actors: ppt.union([.assignedAdviser]))
        case .completeExtension: return Rule(from: [.closing], to: .inService, actors: ppt.union([.assignedAdviser]))
        case .close: return Rule(from: [.closing], to: .closed, actors: [.assignedAdviser])
        }
    }

    /// The status after `command`, or the error that rejects it: `notPermitted` when the caller has
    /// no role in the command, `illegalTransition` when the status does not allow it.
    public func next(_ command: Command, from status: ReferralStatus?, actors: Set<Actor>) throws -> ReferralStatus {
        let rule = rule(command)
        guard !rule.actors.isDisjoint(with: actors) else {
            let names = rule.actors.map(Self.describe).sorted().joined(separator: " or ")
            throw DomainError.notPermitted(
                rule.actors.isEmpty
                    ? "nobody may \(command.verb) on this kind of referral" : "only \(names) may \(command.verb)"
            )
        }
        guard rule.from.contains(status) else {
            let allowed = rule.from.compactMap { $0.map(Self.describe) }.sorted()
            let found = status.map { "this referral is \(Self.describe($0))" } ?? "the referral does not exist yet"
            if allowed.isEmpty {
                throw DomainError.illegalTransition(
                    "a referral of this kind cannot \(command.phrase); \(found)",
                    state: status?.name ?? "",
                    what: "referral"
                )
            }
            throw DomainError.illegalTransition(
                "only a referral that is \(allowed.joined(separator: " or ")) can \(command.phrase); \(found)",
                state: status?.name ?? "",
                what: "referral"
            )
        }
        return rule.to ?? status ?? .draft
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
