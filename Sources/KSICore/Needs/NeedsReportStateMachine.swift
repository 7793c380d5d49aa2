/// The commands that act on a needs report.
public enum NeedsReportCommand: String, Sendable, CaseIterable {
    case update, confirmCoApplication, submit, returnForCompletion, resubmit, recordDeadlineExtension
    case route, prioritise, withdraw
    case applyRecommendationLineCreated, applyGrantDecided, applyAppealDecided, applyRoundDecided
}

/// The report's life (DOMAIN.md §4.1 state machine), as a value: which command is allowed in which
/// status. Where a command has several possible targets (prioritise, outcomes) the command decides.
public struct NeedsReportStateMachine: Sendable, Hashable {
    public var status: NeedsReportStatus

    public init(_ status: NeedsReportStatus) { self.status = status }

    /// The statuses in which each command is allowed.
    public static let allowed: [NeedsReportCommand: Set<NeedsReportStatus>] = [
        .update: [.draft, .returned],
        .confirmCoApplication: [.draft, .returned],
        .submit: [.draft],
        .returnForCompletion: [.submitted],
        .resubmit: [.returned],
        .recordDeadlineExtension: [.draft, .returned],
        .route: [.submitted],
        .prioritise: [.underReview],
        .withdraw: [.draft, .submitted, .returned, .underReview],
        // A report split over several lines (owner and UH) gets one event per line.
        .applyRecommendationLineCreated: [.prioritised, .inRecommendation],
        .applyGrantDecided: [.inRecommendation, .notPrioritised],
        .applyAppealDecided: [.inRecommendation, .fundedAsRequested, .fundedOtherThanRequested, .rejected],
        // PD: a submitted report that never reached a line is rejected when the round is decided.
        .applyRoundDecided: [.submitted, .underReview, .prioritised, .notPrioritised, .inRecommendation],
    ]

    /// Whether `command` is allowed now.
    public func allows(_ command: NeedsReportCommand) -> Bool {
        Self.allowed[command]?.contains(status) ?? false
    }

    /// Throws `illegalTransition` with a plain sentence unless `command` is allowed now.
    public func check(_ command: NeedsReportCommand) throws {
        guard allows(command) else {
            throw DomainError.illegalTransition(
                "\(Self.requirement(command)); this report is \(Self.describe(status))",
                state: status.name,
                what: "needs report"
            )
        }
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
