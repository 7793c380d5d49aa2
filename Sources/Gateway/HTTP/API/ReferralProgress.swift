import KSICore

/// What a referring system sees of a referral over HTTP: its status, phase and milestone times, never
/// the child or the case content (PRIV-R1: identity and case data stay in ReferralService).
struct ReferralProgress: Sendable, Hashable, Codable {
    var id: String
    var version: Int64
    var kind: ReferralKind
    var status: ReferralStatus
    var phase: ServicePhase
    var governorOfficeId: String
    /// The milestones reached, as Unix epoch milliseconds (0 = not yet).
    var milestones: ReferralTimestamps
    /// REF-R10: start-up took longer than the service level.
    var startupSlaBreached: Bool
    var returnReason: String

    init(_ referral: Referral) {
        id = referral.id
        version = referral.version
        kind = referral.kind
        status = referral.status
        phase = referral.phase
        governorOfficeId = referral.governorOfficeId
        milestones = referral.timestamps ?? ReferralTimestamps()
        startupSlaBreached = referral.startupSlaBreached
        returnReason = referral.returnReason
    }

    /// The JSON Schema of the body (hand-written: this type is the gateway's, not the contract's).
    static let schemaJSON = #"""
    {"type":"object","additionalProperties":false,
     "description":"A referral's status, phase and milestone times, without child or case data (PRIV-R1).",
     "required":["id","version","kind","status","phase","governorOfficeId","milestones","startupSlaBreached","returnReason"],
     "properties":{
      "id":{"type":"string"},"version":{"type":"integer","format":"int64"},
      "kind":{"$ref":"#/components/schemas/ReferralKind"},"status":{"$ref":"#/components/schemas/ReferralStatus"},
      "phase":{"$ref":"#/components/schemas/ServicePhase"},"governorOfficeId":{"type":"string"},
      "milestones":{"$ref":"#/components/schemas/ReferralTimestamps"},"startupSlaBreached":{"type":"boolean"},
      "returnReason":{"type":"string"}}}
    """#
}
