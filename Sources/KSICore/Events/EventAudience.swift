/// An outbox event message that knows its audience: the organisations whose feed shows it (issue 13,
/// docs/services.md "Event feeds"). `StoreTransaction.appendEvent` stores the audience with the event, in
/// the same transaction, so a feed page reads one organisation's rows by index.
///
/// Events name organisations by registry id (owner, UH institution, PPT office, embete, Statped division);
/// feeds are read by organisation number, so the audience maps each id through the org registry
/// (`Organisation.record_id`), never by string surgery.
public protocol FeedEvent: WireMessage {
    /// The outbox sequence (set when read back).
    var sequence: Int64 { get set }
    /// The organisation numbers this event concerns, from its own fields (nothing else is read).
    func audience(in reference: ReferenceData) -> Set<String>
}

extension ReferenceData {
    /// The organisation numbers of the registry entries of these entity ids (empty ids skipped).
    func audience(ofRecords ids: [String]) -> Set<String> {
        Set(ids.flatMap { orgNumbers(ofRecord: $0) })
    }
}

extension NeedsEvent: FeedEvent {
    /// A report's lead owner and co-applicants and the statsforvalter; a round event (NeedsRoundOpened,
    /// NeedsRoundClosingSoon, NeedsRoundClosed, which name no report) goes to every owner of the embete too:
    /// they are the ones who may report needs in it (NEED-R1).
    public func audience(in reference: ReferenceData) -> Set<String> {
        var records = [leadOwnerId, governorOfficeId] + coApplicantOwnerIds
        if needsReportId.isEmpty, eventType?.isRoundEvent == true {
            records += reference.set.owners.filter { $0.governorOfficeId == governorOfficeId }.map(\.id)
        }
        return reference.audience(ofRecords: records)
    }
}

extension AllocationEvent: FeedEvent {
    /// The recipient, the UH recipient of the line, the recipients of the decisions it carries, and the
    /// statsforvalter. The owners of the cited needs reports hear of the outcome on their Needs feed
    /// (NeedsService applies GrantDecided/RoundDecided as an outcome event with lead owner and
    /// co-applicants, NEED-R12): AllocationService does not hold the reports' owners.
    public func audience(in reference: ReferenceData) -> Set<String> {
        reference.audience(
            ofRecords: [recipientOrgId, uhRecipientOrgId, governorOfficeId] + decisions.map(\.recipientOrgId)
        )
    }
}

extension PartnershipEvent: FeedEvent {
    /// The partnership's owners and UH institutions and the statsforvalter.
    public func audience(in reference: ReferenceData) -> Set<String> {
        reference.audience(ofRecords: ownerIds + uhInstitutionIds + [governorOfficeId])
    }
}

extension ReferralMilestoneReached: FeedEvent {
    /// The referring PPT office and Statped (its intake, and the division's own entry when the registry has
    /// one). The event is pseudonymous (REF-R16, PRIV-R1), so a feed never carries child data.
    public func audience(in reference: ReferenceData) -> Set<String> {
        reference.audience(ofRecords: [referringPptOfficeId, divisionId]).union(
            reference.orgNumbers(ofRecordKind: .statped)
        )
    }
}

/// The audience of a stored payload, by the context whose outbox holds it (the backfill of events stored
/// before feeds existed). Unknown contexts have no audience.
enum StoredEventAudience {
    static func audience(context: String, payload: [UInt8], reference: ReferenceData) throws -> Set<String> {
        switch BoundedContext(rawValue: context) {
        case .needs: try NeedsEvent(wireBytes: payload).audience(in: reference)
        case .allocation: try AllocationEvent(wireBytes: payload).audience(in: reference)
        case .partnerships: try PartnershipEvent(wireBytes: payload).audience(in: reference)
        case .referral: try ReferralMilestoneReached(wireBytes: payload).audience(in: reference)
        case nil: []
        }
    }
}
