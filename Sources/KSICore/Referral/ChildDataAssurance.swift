import Foundation

/// AUTH-R3: the configured minimum login assurance for reading child data, from the services'
/// environment (`KSI_CHILD_DATA_MIN_ACR`). KSICore reads no variables itself: the executable passes
/// its environment in and hands the result to `ReferralContext(childDataMinimumAssurance:)`.
public enum ChildDataAssurance {
    /// The environment variable that sets the minimum.
    public static let environmentKey = "KSI_CHILD_DATA_MIN_ACR"
    /// ID-porten's level for health data.
    public static let defaultMinimum: AssuranceLevel = .substantial

    /// The configured minimum: an ID-porten `acr` value (`idporten-loa-substantial`, `Level3`, …) or a
    /// level name (`low`, `substantial`, `high`); absent or empty = `substantial`. Anything else, and
    /// `none` (which would switch AUTH-R3 off), is refused rather than guessed.
    public static func minimum(fromEnvironment environment: [String: String]) throws -> AssuranceLevel {
        guard let raw = environment[environmentKey]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            return defaultMinimum
        }
        let named = AssuranceLevel.allCases.first { "\($0)" == raw.lowercased() }
        let level = named ?? AssuranceLevel(acr: raw)
        guard level != .none else {
            throw DomainError.invalidArgument(
                field: environmentKey,
                "\(environmentKey) must be low, substantial or high (or an ID-porten acr value such as idporten-loa-substantial); got \(raw)"
            )
        }
        return level
    }
}
