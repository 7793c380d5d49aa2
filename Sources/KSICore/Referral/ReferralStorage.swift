/// How the Referral context's entities are stored and indexed.
///
/// A `Referral` is stored in its sealed form (`ReferralSealing`): every child-data slot holds a
/// ciphertext, never plaintext. `owner_id` is the organisation responsible for the case (the PPT
/// office, or the requesting organisation of a system request), so lists can filter by it.
extension Referral: StoredEntity {
    package static let entityKind = "Referral"
    package var storageIndex: StorageIndex {
        StorageIndex(
            status: status.name,
            governorOfficeId: governorOfficeId.nonEmpty,
            year: Int32(OsloCalendar.localDate(atMillis: createdAt).year),
            ownerId: kind == .system ? requestingOrgId : referringPptOfficeId,
            parentId: assignment?.divisionId
        )
    }
}

/// The sealed content of one attachment, kept apart from the referral so the referral stays small.
///
/// The body is a `ReferralAttachmentContent` whose header names the attachment and its referral
/// (`file_ref` = referral id) and whose `content` is the binary sealed value. Content is written once;
/// removal and retention overwrite it with an empty tombstone (the store has no delete), so its
/// version is not tracked.
struct SealedAttachment: StoredEntity {
    static let entityKind = "ReferralAttachmentContent"
    static var wireDescriptor: WireDescriptor { ReferralAttachmentContent.wireDescriptor }

    var body = ReferralAttachmentContent()
    var version: Int64 = 1

    init() {}

    init(
        attachmentId: String,
        referralId: String,
        kind: AttachmentKind,
        sealedContent: [UInt8],
        plaintextSize: Int64,
        at: Int64
    ) {
        body.attachment = Attachment.with {
            $0.id = attachmentId
            $0.fileRef = referralId
            $0.kind = kind
            $0.sizeBytes = plaintextSize
            $0.addedAt = at
        }
        body.content = sealedContent
    }

    var id: String { body.attachment?.id ?? "" }
    var referralId: String { body.attachment?.fileRef ?? "" }
    var isDeleted: Bool { body.content.isEmpty }

    var storageIndex: StorageIndex { StorageIndex(status: isDeleted ? "deleted" : "sealed", parentId: referralId) }

    func encodeFields(to writer: borrowing WireWriter) { body.encodeFields(to: writer) }

    mutating func decodeFields(from reader: borrowing WireReader) throws(WireError) {
        try body.decodeFields(from: reader)
    }
}
