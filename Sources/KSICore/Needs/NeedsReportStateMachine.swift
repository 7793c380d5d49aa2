/// The commands that act on a needs report.
public enum NeedsReportCommand: String, Sendable, CaseIterable {
    /// Edits a draft or returned report; the status stays.
    case update
    /// A co-applicant confirms a joint application (NEED-R5); the status stays.
    case confirmCoApplication
    /// draft → submitted.
    case submit
    /// submitted → returned for completion.
    case returnForCompletion
    /// returned → submitted.
    case resubmit
    /// Records an extension of the submission deadline for the report (NEED-R6); the status stays.
    case recordDeadlineExtension
    /// submitted → underReview.
    case route
    /// underReview → prioritised or notPrioritised.
    case prioritise
    /// draft, submitted, returned or underReview → withdrawn.
    case withdraw
    /// Event RecommendationLineCreated: prioritised → inRecommendation (a further line keeps it there).
    case applyRecommendationLineCreated
    /// Event GrantDecided: the outcome once every line of the report is decided (NEED-R12).
    case applyGrantDecided
    /// Event AppealDecided: the outcome after revised decisions (NEED-R12).
    case applyAppealDecided
    /// Event RoundDecided: a report of the round still without an outcome becomes rejected.
    case applyRoundDecided
}

/// The report's life (DOMAIN.md §4.1 state machine), as a value: which command is allowed in which
/// status. Where a command has several possible targets (prioritise, outcomes) the command decides.
public struct NeedsReportStateMachine: Sendable, Hashable {
    /// The report's current status.
    public var status: NeedsReportStatus

    /// The machine for a report in `status`.
    public init(_ status: NeedsReportStatus) { self.status = status }

    /// The transitions (DOMAIN.md §4.1). Who may give a command is checked by the context's rules (NEED-R*), so the
    /// table checks the state only. Where a command has several targets (prioritise, the outcomes) each is an entry
    /// and the command chooses; `check` asks only whether the command may start.
    public static let table = TransitionTable<NeedsReportStatus, NeedsReportCommand, Anyone>(
        noun: "needs report",
        order: .stateFirst,
        refusals: .init(
            illegal: { refusal in
                DomainError.illegalTransition(
                    "\(requirement(refusal.command)); this report is \(describe(refusal.state ?? .unspecified))",
                    state: (refusal.state ?? .unspecified).name,
                    what: "needs report"
                )
            },
            notPermitted: { _ in DomainError.notPermitted("the needs report state machine checks the state only") }
        ),
        entries: [
            .init(.update, from: [.draft, .returned], to: .unchanged, who: [.anyone]),
            .init(.confirmCoApplication, from: [.draft, .returned], to: .unchanged, who: [.anyone]),
            .init(.submit, from: [.draft], to: .state(.submitted), who: [.anyone]),
            .init(.returnForCompletion, from: [.submitted], to: .state(.returned), who: [.anyone]),
            .init(.resubmit, from: [.returned], to: .state(.submitted), who: [.anyone]),
            .init(.recordDeadlineExtension, from: [.draft, .returned], to: .unchanged, who: [.anyone]),
            .init(.route, from: [.submitted], to: .state(.underReview), who: [.anyone]),
            .init(.prioritise, from: [.underReview], to: .state(.prioritised), who: [.anyone]),
            .init(.prioritise, from: [.underReview], to: .state(.notPrioritised), who: [.anyone]),
            .init(
                .withdraw,
                from: [.draft, .submitted, .returned, .underReview],
                to: .state(.withdrawn),
                who: [.anyone]
            ),
            // A report split over several lines (owner and UH) gets one event per line.
            .init(.applyRecommendationLineCreated, from: [.prioritised], to: .state(.inRecommendation), who: [.anyone]),
            .init(.applyRecommendationLineCreated, from: [.inRecommendation], to: .unchanged, who: [.anyone]),
            // A grant decision on one of several lines keeps the report in the recommendation until all are decided.
            .init(.applyGrantDecided, from: [.inRecommendation], to: .unchanged, who: [.anyone]),
            .init(
                .applyGrantDecided,
                from: [.inRecommendation, .notPrioritised],
                to: .state(.fundedAsRequested),
                who: [.anyone]
            ),
            .init(
                .applyGrantDecided,
                from: [.inRecommendation, .notPrioritised],
                to: .state(.fundedOtherThanRequested),
                who: [.anyone]
            ),
            .init(
                .applyGrantDecided,
                from: [.inRecommendation, .notPrioritised],
                to: .state(.rejected),
                who: [.anyone]
            ),
            .init(.applyAppealDecided, from: [.inRecommendation], to: .unchanged, who: [.anyone]),
            .init(
                .applyAppealDecided,
                from: [.inRecommendation, .fundedAsRequested, .fundedOtherThanRequested, .rejected],
                to: .state(.fundedAsRequested),
                who: [.anyone]
            ),
            .init(
                .applyAppealDecided,
                from: [.inRecommendation, .fundedAsRequested, .fundedOtherThanRequested, .rejected],
                to: .state(.fundedOtherThanRequested),
                who: [.anyone]
            ),
            .init(
                .applyAppealDecided,
                from: [.inRecommendation, .fundedAsRequested, .fundedOtherThanRequested, .rejected],
                to: .state(.rejected),
                who: [.anyone]
            ),
            // PD: a submitted report that never reached a line is rejected when the round is decided.
            .init(
                .applyRoundDecided,
                from: [.submitted, .underReview, .prioritised, .notPrioritised, .inRecommendation],
                to: .state(.rejected),
                who: [.anyone]
            ),
            .init(
                .applyRoundDecided,
                from: [.notPrioritised, .inRecommendation],
                to: .state(.fundedAsRequested),
                who: [.anyone]
            ),
            .init(
                .applyRoundDecided,
                from: [.notPrioritised, .inRecommendation],
                to: .state(.fundedOtherThanRequested),
                who: [.anyone]
            ),
        ]
    )

    /// Whether `command` is allowed now.
    public func allows(_ command: NeedsReportCommand) -> Bool {
        Self.table.allows(command, from: status)
    }

    /// Throws `illegalTransition` with a plain sentence unless `command` is allowed now.
    public func check(_ command: NeedsReportCommand) throws {
        _ = try Self.table.decide(command, from: status, by: { _ in true })
    }

    static func requirement(_ command: NeedsReportCommand) -> String {
        switch command {
        case .update: "only a draft or returned report can be edited"
        case .confirmCoApplication: "a joint application can only be confirmed while it is a draft or returned"
        case .submit: "only a draft can be submitted"
        case .returnForCompletion: "only a submitted report can be returned for completion"
        case .resubmit: "only a returned report can be resubmitted"
        case .recordDeadlineExtension: "a deadline can only be extended for a draft or returned report"
        case .route: "only a submitted report can be routed for review"
        case .prioritise: "only a report under review can be prioritised"
        case .withdraw: "only a report that is not yet prioritised can be withdrawn"
        case .applyRecommendationLineCreated: "only a prioritised report can enter a recommendation"
        case .applyGrantDecided: "a grant decision applies only to a report in a recommendation or not prioritised"
        case .applyAppealDecided: "an appeal decision applies only to a report in a recommendation or with an outcome"
        case .applyRoundDecided: "the round decision applies only to a report still being considered"
        }
    }

    static func describe(_ status: NeedsReportStatus) -> String {
        switch status {
        case .unspecified: "in no known state"
        case .draft: "a draft"
        case .submitted: "submitted"
        case .returned: "returned for completion"
        case .underReview: "under review"
        case .prioritised: "prioritised"
        case .notPrioritised: "not prioritised"
        case .inRecommendation: "in a recommendation"
        case .fundedAsRequested: "funded as requested"
        case .fundedOtherThanRequested: "funded other than requested"
        case .rejected: "rejected"
        case .withdrawn: "withdrawn"
        }
    }
}
