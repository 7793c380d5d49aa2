import KSICore
import KSIWire
import SwiftProtobufModels

/// The three messages of issue 6 item 1, each checked on creation (see `CodecCase`).
public struct CodecCases: Sendable {
    public let needsReport: CodecCase<NeedsReport, Ksi_V1_NeedsReport>
    public let recommendation: CodecCase<Recommendation, Ksi_V1_Recommendation>
    public let referralMilestone: CodecCase<ReferralMilestoneReached, Ksi_V1_ReferralMilestoneReached>

    public init() {
        needsReport = CodecCase(
            name: "NeedsReport",
            value: KSIMessages.needsReport(),
            descriptor: ksi_wire_descriptor__needs_report()
        )
        recommendation = CodecCase(
            name: "Recommendation50",
            value: KSIMessages.recommendation(lineCount: 50),
            descriptor: ksi_wire_descriptor__recommendation()
        )
        referralMilestone = CodecCase(
            name: "ReferralMilestone",
            value: KSIMessages.referralMilestone(),
            descriptor: ksi_wire_descriptor__referral_milestone_reached()
        )
    }

    /// One line per message: size and whether the three encoders wrote identical bytes.
    public var agreement: [String] {
        [needsReport.agreement, recommendation.agreement, referralMilestone.agreement]
    }
}
