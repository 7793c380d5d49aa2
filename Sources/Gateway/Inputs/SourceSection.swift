import KSICore

/// The services a view draws on. Each is fetched independently; a failure marks only its sections.
public enum ViewSource: String, Sendable, CaseIterable, Hashable {
    case allocation, needs, partnerships, referral
}

/// What one service contributed to a view: its data, or why it could not be had (§5: a partial
/// answer is marked, the rest stays complete).
public enum SourceSection<Value: Sendable>: Sendable {
    case available(Value)
    case unavailable(reason: String)

    /// The data, or nil when the service could not be reached.
    public var value: Value? {
        if case .available(let value) = self { return value }
        return nil
    }

    /// The same section with its data transformed (an unavailable section stays as it is).
    public func map<Other: Sendable>(_ transform: (Value) -> Other) -> SourceSection<Other> {
        switch self {
        case .available(let value): .available(transform(value))
        case .unavailable(let reason): .unavailable(reason: reason)
        }
    }

    /// Whether the view asked for the section at all (`ViewInputs` marks the others "not requested").
    public var wasRequested: Bool {
        if case .unavailable(let reason) = self { return reason != "not requested" }
        return true
    }

    /// The `SectionStatus` to put on the view.
    public var status: SectionStatus {
        switch self {
        case .available: SectionStatus.with { $0.available = true }
        case .unavailable(let reason):
            SectionStatus.with {
                $0.available = false
                $0.reason = reason
            }
        }
    }
}

/// The status of a section that needs nothing from a service (the gateway's own reference data).
public let availableSection = SectionStatus.with { $0.available = true }
