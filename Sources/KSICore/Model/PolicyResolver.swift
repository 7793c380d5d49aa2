/// COM-R5: resolves configuration in the order (embete, year, scheme) → scheme × year national
/// default → built-in default. Each level is a whole record; the result says which level it came from.
public struct PolicyResolver: Sendable {
    struct GovernorKey: Hashable { var governorOfficeId: String, year: Int32, scheme: Scheme }
    struct SchemeKey: Hashable { var year: Int32, scheme: Scheme }

    var governorPolicies: [GovernorKey: GovernorPolicy] = [:]
    var schemeYearPolicies: [SchemeKey: SchemeYearPolicy] = [:]
    var statpedPolicy: StatpedPolicy?

    /// A resolver over the stored records given (none: every answer is the built-in default).
    public init(
        governorPolicies: [GovernorPolicy] = [],
        schemeYearPolicies: [SchemeYearPolicy] = [],
        statpedPolicy: StatpedPolicy? = nil
    ) {
        for policy in governorPolicies {
            set(policy)
        }
        for policy in schemeYearPolicies {
            self.schemeYearPolicies[SchemeKey(year: policy.year, scheme: policy.scheme)] = policy
        }
        self.statpedPolicy = statpedPolicy
    }

    /// Adds or replaces a policy record.
    public mutating func set(_ policy: GovernorPolicy) {
        governorPolicies[
            GovernorKey(governorOfficeId: policy.governorOfficeId, year: policy.year, scheme: policy.scheme)
        ] = policy
    }
    /// Adds or replaces a scheme × year record.
    public mutating func set(_ policy: SchemeYearPolicy) {
        schemeYearPolicies[SchemeKey(year: policy.year, scheme: policy.scheme)] = policy
    }
    /// Replaces the Statped record.
    public mutating func set(_ policy: StatpedPolicy) { statpedPolicy = policy }

    /// This resolver with stored records over it (COM-R5: a stored record replaces the one of its key).
    public func with(_ records: PolicyRecords) -> PolicyResolver {
        var resolver = self
        for policy in records.governorPolicies { resolver.set(policy) }
        for policy in records.schemeYearPolicies { resolver.set(policy) }
        if let statped = records.statpedPolicy { resolver.set(statped) }
        return resolver
    }

    /// The configuration in force for an embete × year × scheme.
    public func resolve(governorOfficeId: String, year: Int32, scheme: Scheme) -> PolicyConfig {
        var config = PolicyConfig()
        if let own = governorPolicies[GovernorKey(governorOfficeId: governorOfficeId, year: year, scheme: scheme)] {
            config.governorPolicy = own
            config.governorPolicySource = .governorOffice
        } else if let national = governorPolicies[GovernorKey(governorOfficeId: "", year: year, scheme: scheme)] {
            config.governorPolicy = national
            config.governorPolicySource = .nationalDefault
        } else {
            config.governorPolicy = BuiltInPolicy.governor(
                governorOfficeId: governorOfficeId,
                year: year,
                scheme: scheme
            )
            config.governorPolicySource = .builtIn
        }
        if let national = schemeYearPolicies[SchemeKey(year: year, scheme: scheme)] {
            config.schemeYearPolicy = national
            config.schemeYearPolicySource = .nationalDefault
        } else {
            config.schemeYearPolicy = BuiltInPolicy.schemeYear(scheme: scheme, year: year)
            config.schemeYearPolicySource = .builtIn
        }
        if let statped = statpedPolicy {
            config.statpedPolicy = statped
            config.statpedPolicySource = .nationalDefault
        } else {
            config.statpedPolicy = BuiltInPolicy.statped
            config.statpedPolicySource = .builtIn
        }
        return config
    }
}

/// The built-in defaults of DOMAIN.md §4.5 and §3.6.
public enum BuiltInPolicy {
    /// The built-in embete × year × scheme record (§4.5 defaults).
    public static func governor(governorOfficeId: String, year: Int32, scheme: Scheme) -> GovernorPolicy {
        // The resolver answers for any year a request names (GetPolicyConfig, the simulator, over gRPC and HTTPS):
        // Int32.max has no next year, and `year + 1` would trap and take the service down (found by schemathesis).
        let nextYear = year < Int32.max ? year + 1 : year
        return GovernorPolicy.with {
            $0.governorOfficeId = governorOfficeId
            $0.year = year
            $0.scheme = scheme
            $0.allocationMethod = .needsBased
            $0.minimumForAll = false
            $0.recipientMode = .ownerAndUh
            $0.ownerUhSplitRule = OwnerUhSplitRule.with { $0.kind = .caseByCase }
            $0.pptInvolvementRequirement = .warnOnly
            $0.pptAffiliationRequiredForGrant = false
            $0.submissionDeadline = nil  // Q5: must be set before a round opens (NEED-R6).
            $0.recommendationDeadline = LocalDate(year: year, month: 3, day: 15)
            $0.reportDeadline = LocalDate(year: nextYear, month: 1, day: 31)
            $0.maxCommitmentYears = 3
            $0.microGrantThresholdOre = 10_000_000
            $0.microGrantShareWarnBp = 5000
            $0.recommendationAuthor = skkMode(year: year) ? .governor : .forum
            $0.appealDeadlineDays = 21
            $0.appealBody = .directorate
            $0.publishTransparencyPage = false
        }
    }

    /// §3.6 national budgets (KSI 2021–2025) and co-financing; SKK from 2026 (ALLOC-R18).
    public static func schemeYear(scheme: Scheme, year: Int32) -> SchemeYearPolicy {
        SchemeYearPolicy.with {
            $0.scheme = scheme
            $0.year = year
            $0.nationalBudgetOre = nationalBudgetOre(scheme: scheme, year: year)
            $0.coFinancingBp = scheme == .dekom ? 3000 : 0
            $0.coFinancingBase = .ownerGrant
            $0.skkMode = skkMode(year: year)
            $0.allowUhWithoutTeacherEducation = skkMode(year: year)
            $0.staffInvolvementRequired = scheme == .dekom
        }
    }

    /// The built-in Statped record (§4.5 Statped defaults).
    public static let statped = StatpedPolicy.with {
        $0.startupMeetingMaxDays = 14
        $0.defaultPhysicalMeetings = 1
        $0.smallCellThreshold = 5
        $0.retentionYearsAfterClosure = 5
        $0.startupMeetingWarnDay = 10
        $0.seadRoutingEnabled = true
    }

    /// SKK mode by default from 2026 (§4.5).
    public static func skkMode(year: Int32) -> Bool { year >= 2026 }

    static func nationalBudgetOre(scheme: Scheme, year: Int32) -> Int64 {
        switch (scheme, year) {
        case (.ksi, 2021): 5_700_000_000
        case (.ksi, 2022): 10_200_000_000
        case (.ksi, 2023): 13_500_000_000
        case (.ksi, 2024): 15_000_000_000
        case (.ksi, 2025...): 16_000_000_000
        case (.dekom, 2021): 27_500_000_000
        default: 0
        }
    }
}

extension PolicyConfig {
    /// How a POLICY rule acts here: an explicit override, else `defaultKind`.
    public func kind(of rule: RuleID, default defaultKind: RuleKind) -> RuleKind {
        governorPolicy?.ruleKindOverrides.first { $0.ruleId == rule.value }?.kind ?? defaultKind
    }

    /// The governor policy, or the built-in one when absent.
    public var governor: GovernorPolicy { governorPolicy ?? GovernorPolicy() }
    /// The scheme × year policy, or an empty one when absent.
    public var schemeYear: SchemeYearPolicy { schemeYearPolicy ?? SchemeYearPolicy() }
    /// The Statped policy, or the built-in one when absent.
    public var statped: StatpedPolicy { statpedPolicy ?? BuiltInPolicy.statped }
}
