/// Assignment and case movement: assign, reassign, transfer (REF-R1, R8, R9; PRIV-R3, R4).
extension ReferralServiceContext {
    /// accepted → assigned: `statpedManager` (REF-R8 SEAD routing, REF-R9).
    public func assignReferral(_ request: AssignReferralRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.assignReferral,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .assign
        ) { referral, scope, _ in
            try self.assign(
                &referral,
                division: request.divisionId,
                location: request.locationId,
                advisers: request.adviserIds,
                reason: request.reason,
                note: request.note,
                caller: caller,
                scope: scope
            )
            return Outcome(.assigned)
        }
    }

    /// Changes division, location or advisers of an assigned case; access moves with it (PRIV-R4).
    public func reassignReferral(_ request: ReassignReferralRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.reassignReferral,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .reassign
        ) { referral, scope, _ in
            try self.assign(
                &referral,
                division: request.divisionId,
                location: request.locationId,
                advisers: request.adviserIds,
                reason: request.reason,
                note: request.note,
                caller: caller,
                scope: scope
            )
            return Outcome(reason: "reassigned")
        }
    }

    /// Moves the case to another responsible PPT office, which must serve the child (REF-R1); the
    /// old office loses access at once (PRIV-R3). The move is kept in `transfers`, its reason sealed.
    public func transferReferral(_ request: TransferReferralRequest, as caller: Caller) async throws -> Referral {
        try await change(
            ReferralServiceRPC.transferReferral,
            request: request,
            referralId: request.referralId,
            expectedVersion: request.expectedVersion,
            caller: caller,
            .transfer
        ) { referral, scope, _ in
            guard request.newPptOfficeId != referral.referringPptOfficeId else {
                throw DomainError.invalidArgument(
                    field: "new_ppt_office_id",
                    "the case is already with this PPT office"
                )
            }
            let child = referral.child ?? Child()
            try ResponsiblePptOfficeRule.check(
                officeId: request.newPptOfficeId,
                municipalityId: child.residenceMunicipalityId,
                unitId: child.unitId,
                reference: self.reference,
                on: scope.today
            ).throwIfViolated()
            referral.transfers.append(
                ReferralTransfer.with {
                    $0.fromPptOfficeId = referral.referringPptOfficeId
                    $0.toPptOfficeId = request.newPptOfficeId
                    $0.transferredAt = scope.nowMillis
                    $0.transferredByPersonId = caller.personId
                }
            )
            let index = referral.transfers.count - 1
            referral.transfers[index].reason = try self.sealing.text(
                request.reason,
                referral.id,
                ReferralSealing.Field.transferReason(index)
            )
            referral.referringPptOfficeId = request.newPptOfficeId
            return Outcome(reason: "transferred to another PPT office")
        }
    }

    func assign(
        _ referral: inout Referral,
        division: String,
        location: String,
        advisers: [String],
        reason: AssignmentReason,
        note: String,
        caller: Caller,
        scope: CommandScope
    ) throws {
        var findings = AssignmentRule.check(
            divisionId: division,
            locationId: location,
            adviserIds: advisers,
            reason: reason,
            reference: reference,
            on: scope.today
        )
        findings.merge(
            SeadRoutingRule.checkAssignment(
                referral,
                samiLanguage: try samiLanguage(of: referral),
                divisionId: division,
                reference: reference,
                policy: policy(referral, on: scope.today)
            )
        )
        let warnings = try findings.throwIfViolated()
        referral.warnings.removeAll { $0.ruleId == SeadRoutingRule.id.value }
        referral.warnings += warnings
        referral.assignment = try Assignment.with {
            $0.divisionId = division
            $0.locationId = location
            $0.adviserIds = advisers.filter { !$0.isEmpty }
            $0.reason = reason
            $0.note = try sealing.text(note, referral.id, ReferralSealing.Field.assignmentNote)
            $0.assignedAt = scope.nowMillis
            $0.assignedBy = caller.personId
        }
    }
}
