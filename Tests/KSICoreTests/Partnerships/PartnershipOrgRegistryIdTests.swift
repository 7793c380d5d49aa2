import KSICore
import KSITestSupport
import Testing

/// `Partnership.termination_requested_by_org_id` and (when the request leaves it empty) `ConflictCase.raised_by_org_id`
/// name the caller's organisation by its registry id (`Organisation.record_id`), as the contract says: in
/// `TestRegion`'s org registry the Kristiansand owner admin's organisation is the record `owner-kristiansand`, the
/// UiA contact's `uia` and the caseworker's the embete `agder`; none of them is the organisation number.
@Suite("Partnerships: organisations named by registry id (PART-R5)")
struct PartnershipOrgRegistryIdTests {
    static func requestTermination(
        _ bed: PartnershipTestBed,
        _ partnership: Partnership,
        as caller: Caller
    ) async throws -> Partnership {
        try await bed.partnerships.lifecycle.requestTermination(
            RequestTerminationRequest.with {
                $0.partnershipId = partnership.id
                $0.expectedVersion = partnership.version
                $0.reason = "Eierskiftet"
            },
            as: caller
        )
    }

    @Test(
        "the termination request stores the registry id of the requesting party's organisation",
        arguments: [
            (TestRegion.Actor.kristiansandOwnerAdmin, "owner-kristiansand"),
            (TestRegion.Actor.uiaContact, "uia"),
        ]
    )
    func terminationRequester(actor: TestRegion.Actor, registryId: String) async throws {
        #expect(TestRegion.grants(actor).record == registryId)
        try await PartnershipTestBed.with { bed in
            let requested = try await Self.requestTermination(bed, try await bed.active(), as: TestRegion.caller(actor))
            #expect(requested.terminationRequestedByOrgId == registryId)
            #expect(requested.terminationRequestedByOrgId != TestRegion.orgNumber(actor))
            let read = try await bed.partnerships.queries.getPartnership(
                .with { $0.id = requested.id },
                as: PartnershipTestBed.sf
            )
            #expect(read.terminationRequestedByOrgId == registryId)
        }
    }

    @Test("the requester cannot confirm its own termination, the other party can (PART-R5 over the registry id)")
    func requesterIsRecognised() async throws {
        try await PartnershipTestBed.with { bed in
            let requested = try await Self.requestTermination(bed, try await bed.active(), as: PartnershipTestBed.uh)
            await expectPartnershipViolation("PART-R5") {
                _ = try await bed.partnerships.lifecycle.confirmTermination(
                    ConfirmTerminationRequest.with {
                        $0.partnershipId = requested.id
                        $0.expectedVersion = requested.version
                    },
                    as: PartnershipTestBed.uh
                )
            }
            let ended = try await bed.partnerships.lifecycle.confirmTermination(
                ConfirmTerminationRequest.with {
                    $0.partnershipId = requested.id
                    $0.expectedVersion = requested.version
                },
                as: PartnershipTestBed.owner
            )
            #expect(ended.status == .terminated && ended.terminationRequestedByOrgId == TestRegion.uia)
        }
    }

    @Test("a request stored before the fix, with the organisation number, still keeps the requester from confirming")
    func organisationNumberStoredBefore() async throws {
        try await PartnershipTestBed.with { bed in
            var requested = try await Self.requestTermination(bed, try await bed.active(), as: PartnershipTestBed.owner)
            requested.terminationRequestedByOrgId = TestRegion.orgNumber(.kristiansandOwnerAdmin)
            requested.thirdParties = []
            requested.conflictCases = []
            let legacy = requested
            requested = try await bed.database.transaction { sql in
                try await StoreTransaction(sql: sql, context: BoundedContext.partnerships.rawValue)
                    .update(legacy, at: 5_000)
            }
            await expectPartnershipViolation("PART-R5") {
                _ = try await bed.partnerships.lifecycle.confirmTermination(
                    ConfirmTerminationRequest.with {
                        $0.partnershipId = legacy.id
                        $0.expectedVersion = requested.version
                    },
                    as: PartnershipTestBed.owner
                )
            }
            let ended = try await bed.partnerships.lifecycle.confirmTermination(
                ConfirmTerminationRequest.with {
                    $0.partnershipId = legacy.id
                    $0.expectedVersion = requested.version
                },
                as: PartnershipTestBed.uh
            )
            #expect(ended.status == .terminated)
        }
    }

    @Test(
        "a conflict case raised without raised_by_org_id stores the caller's registry id",
        arguments: [
            (TestRegion.Actor.kristiansandOwnerAdmin, "owner-kristiansand"),
            (TestRegion.Actor.uiaContact, "uia"),
            (TestRegion.Actor.sfCaseworker, "agder"),
        ]
    )
    func conflictRaisedBy(actor: TestRegion.Actor, registryId: String) async throws {
        #expect(TestRegion.grants(actor).record == registryId)
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let conflict = try await bed.partnerships.conflicts.raiseConflictCase(
                RaiseConflictCaseRequest.with {
                    $0.partnershipId = partnership.id
                    $0.description = "Avtalte samlinger er ikke holdt"
                },
                as: TestRegion.caller(actor)
            )
            #expect(conflict.raisedByOrgId == registryId)
            let read = try await bed.partnerships.queries.getConflictCase(
                .with { $0.id = conflict.id },
                as: PartnershipTestBed.sf
            )
            #expect(read.raisedByOrgId == registryId)
        }
    }

    @Test("a conflict case raised naming an organisation keeps the one named")
    func conflictRaisedByNamed() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let conflict = try await bed.partnerships.conflicts.raiseConflictCase(
                RaiseConflictCaseRequest.with {
                    $0.partnershipId = partnership.id
                    $0.raisedByOrgId = TestRegion.kristiansandKommune
                    $0.description = "Meldt inn av eieren per telefon"
                },
                as: PartnershipTestBed.sf
            )
            #expect(conflict.raisedByOrgId == TestRegion.kristiansandKommune)
        }
    }

    @Test("an organisation that is not in the org registry is refused rather than named by its number")
    func unknownOrganisation() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let stranger = Caller(
                orgNumber: OrgNumber.fictitious(99_000).value,
                grants: [RoleGrant(.ownerAdmin, scope: TestRegion.kristiansandKommune)],
                personId: "person-stranger",
                assurance: .substantial
            )
            let error = await #expect(throws: DomainError.self) {
                _ = try await Self.requestTermination(bed, partnership, as: stranger)
            }
            #expect(error?.code == .notPermitted)
            let unchanged = try await bed.partnerships.queries.getPartnership(
                .with { $0.id = partnership.id },
                as: PartnershipTestBed.sf
            )
            #expect(unchanged.status == .active && unchanged.terminationRequestedByOrgId.isEmpty)
        }
    }
}
