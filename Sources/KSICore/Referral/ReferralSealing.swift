/// Turns a referral into its stored, sealed form and back (PRIV-R2; docs/referral.md).
///
/// Sealed (AES-256-GCM, one value per field, bound to the referral id and field name):
/// the national id (in `child.national_id_masked`), the child's name, birth date and Sámi language
/// (one `Child` value in `child.name`), each guardian (a whole `Guardian` value in its `name`),
/// `need_description`, `tried_measures`, attachment titles and contents, evaluation summaries,
/// the closure summary and consent notes, and the case-handling free texts that can hold health data
/// (issue 12): the triage reason and redirect note, the return and withdrawal reasons, the assignment
/// note, the startup-meeting note, the collaboration plan's goals and responsibility tasks (current
/// plan and history), extension reasons, the note on how PPT was informed and transfer reasons. Plain: the pseudonym `child_ref`, the home municipality
/// and unit (REF-R1 routing and V2 aggregates), ids, enums, dates and the process record.
package struct ReferralSealing: Sendable {
    package let crypto: ReferralFieldCrypto

    package init(crypto: ReferralFieldCrypto) { self.crypto = crypto }

    enum Field {
        static let nationalId = "child.national_id"
        static let identity = "child.identity"
        static let needDescription = "need_description"
        static let triedMeasures = "tried_measures"
        static let closureSummary = "closure.summary"
        static func guardian(_ id: String) -> String { "guardians/\(id)" }
        static func attachmentTitle(_ id: String) -> String { "attachments/\(id)/title" }
        static func attachmentContent(_ id: String) -> String { "attachments/\(id)/content" }
        static func evaluationSummary(_ id: String) -> String { "evaluations/\(id)/summary" }
        static func consentNote(_ id: String) -> String { "consents/\(id)/note" }
        static let triageReason = "triage.reason"
        static let triageRedirectNote = "triage.redirect.note"
        static let returnReason = "return_reason"
        static let withdrawalReason = "withdrawal_reason"
        static let assignmentNote = "assignment.note"
        static let startupMeetingNote = "startup_meeting.note"
        static func planGoal(_ version: Int32, _ index: Int) -> String { "plans/\(version)/goals/\(index)" }
        static func planTask(_ version: Int32, _ index: Int) -> String {
            "plans/\(version)/responsibilities/\(index)/task"
        }
        static func extensionReason(_ id: String) -> String { "extensions/\(id)/reason" }
        static let pptNotificationNote = "ppt_notification_note"
        /// A transfer's reason, bound to its place in `transfers` (append-only, so the place never changes).
        static func transferReason(_ index: Int) -> String { "transfers/\(index)/reason" }
    }

    /// The plaintext child as read from storage.
    struct OpenedChild: Sendable {
        var nationalId: String
        var child: Child
    }

    func text(_ value: String, _ referralId: String, _ field: String) throws -> String {
        try crypto.sealText(value, referralId: referralId, field: field)
    }

    func plain(_ value: String, _ referralId: String, _ field: String) throws -> String {
        try crypto.openText(value, referralId: referralId, field: field)
    }

    // MARK: Child and guardians

    /// The stored child: pseudonym and routing fields in clear, everything else sealed.
    package func sealChild(_ input: ChildInput, childRef: String, referralId: String) throws -> Child {
        let identity = Child.with {
            $0.name = input.name
            $0.birthDate = input.birthDate
            $0.samiLanguage = input.samiLanguage
        }
        return try Child.with {
            $0.childRef = childRef
            $0.nationalIdMasked = try text(input.nationalId, referralId, Field.nationalId)
            $0.name = try crypto.seal(try identity.wireEncoded(), referralId: referralId, field: Field.identity).text
            $0.residenceMunicipalityId = input.residenceMunicipalityId
            $0.unitId = input.unitId
        }
    }

    /// Opens a stored child; the view carries the masked national id only (PRIV-R7).
    func openChild(_ stored: Child, referralId: String) throws -> OpenedChild {
        let nationalId = try plain(stored.nationalIdMasked, referralId, Field.nationalId)
        var child = Child.with {
            $0.childRef = stored.childRef
            $0.nationalIdMasked = Self.mask(nationalId)
            $0.residenceMunicipalityId = stored.residenceMunicipalityId
            $0.unitId = stored.unitId
        }
        if !stored.name.isEmpty {
            let identity = try Child(
                wireBytes: try crypto.open(
                    SealedValue(text: stored.name),
                    referralId: referralId,
                    field: Field.identity
                )
            )
            child.name = identity.name
            child.birthDate = identity.birthDate
            child.samiLanguage = identity.samiLanguage
        }
        return OpenedChild(nationalId: nationalId, child: child)
    }

    /// The birth-date part of a national id, the rest starred (PRIV-R7).
    static func mask(_ nationalId: String) -> String {
        nationalId.isEmpty ? "" : String(nationalId.prefix(6)) + "*****"
    }

    func sealGuardian(_ guardian: Guardian, referralId: String) throws -> Guardian {
        try Guardian.with {
            $0.id = guardian.id
            $0.name = try crypto.seal(
                try guardian.wireEncoded(),
                referralId: referralId,
                field: Field.guardian(guardian.id)
            ).text
        }
    }

    func openGuardian(_ stored: Guardian, referralId: String) throws -> Guardian {
        guard !stored.name.isEmpty else { return Guardian.with { $0.id = stored.id } }
        var guardian = try Guardian(
            wireBytes: try crypto.open(
                SealedValue(text: stored.name),
                referralId: referralId,
                field: Field.guardian(stored.id)
            )
        )
        guardian.id = stored.id
        return guardian
    }

    // MARK: Case-handling free texts

    /// Opens a case text. These texts were stored in clear before issue 12; such a legacy value (no
    /// `ksi1:` prefix) is returned as it is, so old cases stay readable. It is sealed the next time the
    /// field is written and erased by retention (docs/referral.md "Field-level encryption").
    func caseText(_ value: String, _ referralId: String, _ field: String) throws -> String {
        value.hasPrefix(SealedValue.textPrefix) ? try plain(value, referralId, field) : value
    }

    /// A plan with its goals and responsibility tasks sealed, bound to its plan version.
    func sealPlan(_ plan: CollaborationPlan, referralId: String) throws -> CollaborationPlan {
        try mapPlanTexts(plan) { try text($0, referralId, $1) }
    }

    func openPlan(_ plan: CollaborationPlan, referralId: String) throws -> CollaborationPlan {
        try mapPlanTexts(plan) { try caseText($0, referralId, $1) }
    }

    /// The plan with `transform(text, field)` applied to each goal and responsibility task.
    private func mapPlanTexts(
        _ plan: CollaborationPlan,
        _ transform: (String, String) throws -> String
    ) rethrows -> CollaborationPlan {
        var mapped = plan
        for (index, goal) in plan.goals.enumerated() {
            mapped.goals[index] = try transform(goal, Field.planGoal(plan.planVersion, index))
        }
        for (index, responsibility) in plan.responsibilities.enumerated() {
            mapped.responsibilities[index].task = try transform(
                responsibility.task,
                Field.planTask(plan.planVersion, index)
            )
        }
        return mapped
    }

    /// A triage record with its reason and redirect note sealed.
    func sealTriage(_ triage: Triage, referralId: String) throws -> Triage {
        var sealed = triage
        sealed.reason = try text(triage.reason, referralId, Field.triageReason)
        if let redirect = triage.redirect {
            sealed.redirect?.note = try text(redirect.note, referralId, Field.triageRedirectNote)
        }
        return sealed
    }

    /// Opens the case-handling texts in place (the `open` part after child and request data).
    func openCaseTexts(_ referral: inout Referral) throws {
        let id = referral.id
        if var triage = referral.triage {
            triage.reason = try caseText(triage.reason, id, Field.triageReason)
            if let redirect = triage.redirect {
                triage.redirect?.note = try caseText(redirect.note, id, Field.triageRedirectNote)
            }
            referral.triage = triage
        }
        referral.returnReason = try caseText(referral.returnReason, id, Field.returnReason)
        referral.withdrawalReason = try caseText(referral.withdrawalReason, id, Field.withdrawalReason)
        if let note = referral.assignment?.note {
            referral.assignment?.note = try caseText(note, id, Field.assignmentNote)
        }
        if let note = referral.startupMeeting?.note {
            referral.startupMeeting?.note = try caseText(note, id, Field.startupMeetingNote)
        }
        if let plan = referral.collaborationPlan { referral.collaborationPlan = try openPlan(plan, referralId: id) }
        referral.collaborationPlanHistory = try referral.collaborationPlanHistory.map {
            try openPlan($0, referralId: id)
        }
        for index in referral.extensions.indices {
            let item = referral.extensions[index]
            referral.extensions[index].reason = try caseText(item.reason, id, Field.extensionReason(item.id))
        }
        referral.pptNotificationNote = try plain(referral.pptNotificationNote, id, Field.pptNotificationNote)
        for index in referral.transfers.indices {
            referral.transfers[index].reason = try plain(
                referral.transfers[index].reason,
                id,
                Field.transferReason(index)
            )
        }
    }

    /// Empties the case-handling texts (redacted and metadata views).
    static func redactCaseTexts(_ referral: inout Referral) {
        referral.triage?.reason = ""
        referral.triage?.redirect?.note = ""
        referral.returnReason = ""
        referral.withdrawalReason = ""
        referral.assignment?.note = ""
        referral.startupMeeting?.note = ""
        referral.collaborationPlan = referral.collaborationPlan.map(redactPlan)
        referral.collaborationPlanHistory = referral.collaborationPlanHistory.map(redactPlan)
        for index in referral.extensions.indices { referral.extensions[index].reason = "" }
        referral.pptNotificationNote = ""
        for index in referral.transfers.indices { referral.transfers[index].reason = "" }
    }

    /// A plan's structure without its texts: the goals' count stays visible, their words do not.
    static func redactPlan(_ plan: CollaborationPlan) -> CollaborationPlan {
        var redacted = plan
        redacted.goals = plan.goals.map { _ in "" }
        for index in redacted.responsibilities.indices { redacted.responsibilities[index].task = "" }
        return redacted
    }

    // MARK: Whole referrals

    /// The full plaintext view of a stored referral, and the national id in clear (for exports only).
    func open(_ stored: Referral) throws -> (referral: Referral, nationalId: String) {
        var referral = stored
        let id = stored.id
        var nationalId = ""
        if let child = stored.child {
            let opened = try openChild(child, referralId: id)
            referral.child = opened.child
            nationalId = opened.nationalId
        }
        referral.guardians = try stored.guardians.map { try openGuardian($0, referralId: id) }
        referral.needDescription = try plain(stored.needDescription, id, Field.needDescription)
        referral.triedMeasures = try plain(stored.triedMeasures, id, Field.triedMeasures)
        for index in referral.attachments.indices {
            let attachment = referral.attachments[index]
            referral.attachments[index].title = try plain(attachment.title, id, Field.attachmentTitle(attachment.id))
        }
        for index in referral.evaluations.indices {
            let evaluation = referral.evaluations[index]
            referral.evaluations[index].summary = try plain(
                evaluation.summary,
                id,
                Field.evaluationSummary(evaluation.id)
            )
        }
        for index in referral.consents.indices {
            let consent = referral.consents[index]
            referral.consents[index].note = try plain(consent.note, id, Field.consentNote(consent.id))
        }
        if var closure = referral.closure {
            closure.summary = try plain(closure.summary, id, Field.closureSummary)
            referral.closure = closure
        }
        try openCaseTexts(&referral)
        return (referral, nationalId)
    }

    /// The stored referral with every sealed slot emptied: what write responses carry (they are
    /// remembered for idempotent retries, so they must hold no child data).
    static func redact(_ stored: Referral) -> Referral {
        var referral = stored
        if let child = stored.child {
            referral.child = Child.with {
                $0.childRef = child.childRef
                $0.residenceMunicipalityId = child.residenceMunicipalityId
                $0.unitId = child.unitId
            }
        }
        referral.guardians = stored.guardians.map { guardian in Guardian.with { $0.id = guardian.id } }
        referral.needDescription = ""
        referral.triedMeasures = ""
        for index in referral.attachments.indices { referral.attachments[index].title = "" }
        for index in referral.evaluations.indices { referral.evaluations[index].summary = "" }
        for index in referral.consents.indices { referral.consents[index].note = "" }
        if referral.closure != nil { referral.closure?.summary = "" }
        redactCaseTexts(&referral)
        return referral
    }

    /// The manager's view (PRIV-R4): metadata only, the child reduced to its pseudonym, no sealed text.
    static func metadata(_ stored: Referral) -> Referral {
        var referral = redact(stored)
        if let child = stored.child { referral.child = Child.with { $0.childRef = child.childRef } }
        referral.guardians = []
        referral.attachments = []
        return referral
    }
}
