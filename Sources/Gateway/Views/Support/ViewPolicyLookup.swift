import KSICore

/// The governor policy keys the views V4–V6 and V10 read from `AllocationData.policies` (the policy in force
/// per embete × scheme × year, COM-R5).
///
/// PD: a key is read from the policies of the embete (empty = the national default record) and year; with
/// scheme "all", every scheme's policy must agree on the value, otherwise the key counts as unset.
public enum ViewPolicyLookup {
    /// ALLOC-R9 built-in default when no policy sets `microGrantThresholdOre` (10 000 000 øre).
    public static let defaultMicroGrantThresholdOre: Int64 = 10_000_000

    /// The governor policies in force for the embete, year and scheme.
    public static func governorPolicies(
        _ policies: [PolicyConfig],
        governorOfficeId: String,
        year: Int32,
        scheme: Scheme
    ) -> [GovernorPolicy] {
        policies.compactMap(\.governorPolicy).filter {
            $0.governorOfficeId == governorOfficeId && $0.year == year
                && (scheme == .unspecified || $0.scheme == scheme)
        }
    }

    /// The one value the matching policies agree on, or nil (none, or they differ).
    static func agreed<T: Hashable>(
        _ policies: [PolicyConfig],
        governorOfficeId: String,
        year: Int32,
        scheme: Scheme,
        _ key: (GovernorPolicy) -> T
    ) -> T? {
        let values = Set(
            governorPolicies(policies, governorOfficeId: governorOfficeId, year: year, scheme: scheme).map(key)
        )
        return values.count == 1 ? values.first : nil
    }

    /// ALLOC-R19: the reserved special-needs share, nil when off or unknown.
    public static func reservedSpecialNeedsShareBp(
        _ policies: [PolicyConfig],
        governorOfficeId: String,
        year: Int32,
        scheme: Scheme
    ) -> Int32? {
        agreed(policies, governorOfficeId: governorOfficeId, year: year, scheme: scheme) {
            $0.reservedSpecialNeedsShareBp
        } ?? nil
    }

    /// ALLOC-R19: the reserved kindergarten share, nil when off or unknown.
    public static func reservedKindergartenShareBp(
        _ policies: [PolicyConfig],
        governorOfficeId: String,
        year: Int32,
        scheme: Scheme
    ) -> Int32? {
        agreed(policies, governorOfficeId: governorOfficeId, year: year, scheme: scheme) {
            $0.reservedKindergartenShareBp
        } ?? nil
    }

    /// ALLOC-R9: the micro-grant threshold, the built-in default when unset, zero or unknown.
    public static func microGrantThresholdOre(
        _ policies: [PolicyConfig],
        governorOfficeId: String,
        year: Int32,
        scheme: Scheme
    ) -> Int64 {
        let value = agreed(policies, governorOfficeId: governorOfficeId, year: year, scheme: scheme) {
            $0.microGrantThresholdOre
        }
        guard let value, value > 0 else { return defaultMicroGrantThresholdOre }
        return value
    }

    /// An embete × scheme whose governor policy publishes the transparency page (ALLOC-R23).
    public struct PublishedScope: Sendable, Hashable {
        public var governorOfficeId: String
        public var scheme: Scheme
    }

    /// ALLOC-R23: the embete × scheme pairs whose policy for the year publishes the transparency page.
    /// `governorOfficeId` empty = every embete; `scheme` unspecified = every scheme. Only what one of these
    /// pairs covers may be shown on V10.
    public static func publishedScopes(
        _ policies: [PolicyConfig],
        governorOfficeId: String,
        year: Int32,
        scheme: Scheme
    ) -> Set<PublishedScope> {
        let published = policies.compactMap(\.governorPolicy).filter {
            $0.publishTransparencyPage && !$0.governorOfficeId.isEmpty && $0.year == year
                && (governorOfficeId.isEmpty || $0.governorOfficeId == governorOfficeId)
                && (scheme == .unspecified || $0.scheme == scheme)
        }
        return Set(published.map { PublishedScope(governorOfficeId: $0.governorOfficeId, scheme: $0.scheme) })
    }
}
