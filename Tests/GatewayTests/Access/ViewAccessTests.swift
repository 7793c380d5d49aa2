import Gateway
import KSICore
import KSITestSupport
import Testing

@Suite("View access and audience (PRIV-R5, PRIV-R12)")
struct ViewAccessTests {
    let reference: ReferenceData

    init() throws { reference = try TestRegion.reference() }

    func caller(_ grants: [RoleGrant]) -> Caller {
        Caller(orgNumber: "999999999", grants: grants)
    }

    @Test("an organisation without a role reads only the transparency page (PRIV-R12)")
    func publicReadsOnlyV10() throws {
        let nobody = caller([])
        try ViewAccess.check(.transparencyPage, caller: nobody)
        for view in ViewAccess.View.allCases where view != .transparencyPage {
            #expect(throws: DomainError.self) { try ViewAccess.check(view, caller: nobody) }
        }
    }

    @Test("the referral queue aggregate is for statsforvalter, Udir and Statped, not for owners (V13)")
    func queueIsRestricted() throws {
        try ViewAccess.check(.referralQueue, caller: caller([RoleGrant(.sfCaseworker, scope: "agder")]))
        try ViewAccess.check(.referralQueue, caller: caller([RoleGrant(.udirAdmin)]))
        #expect(throws: DomainError.self) {
            try ViewAccess.check(.referralQueue, caller: caller([RoleGrant(.ownerAdmin, scope: "owner-1")]))
        }
        try ViewAccess.check(.regionOverview, caller: caller([RoleGrant(.ownerAdmin, scope: "owner-1")]))
    }

    @Test(
        "Statped intake sees unsuppressed counts; a PPT office only for the municipalities it serves (PRIV-R3, PRIV-R5)"
    )
    func audience() throws {
        #expect(
            ViewAudience(caller: caller([RoleGrant(.statpedIntake)]), reference: reference).seesUnsuppressedReferrals
        )
        let owner = ViewAudience(caller: caller([RoleGrant(.ownerAdmin, scope: "owner-1")]), reference: reference)
        #expect(!owner.seesUnsuppressedReferrals && owner.ownPptMunicipalityIds.isEmpty)
        let ppt = ViewAudience(
            caller: caller([RoleGrant(.pptLeader, scope: TestRegion.pptKristiansand)]),
            reference: reference
        )
        let served: Set<String> = [TestRegion.kristiansand, TestRegion.aseral]
        #expect(ppt.ownPptMunicipalityIds == served)
        #expect(ppt.seesUnsuppressed(municipalityIds: served))
        #expect(!ppt.seesUnsuppressed(municipalityIds: served.union(["not-served"])))
    }
}
