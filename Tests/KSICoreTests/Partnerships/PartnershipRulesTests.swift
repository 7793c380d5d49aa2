import KSICore
import KSITestSupport
import Testing

@Suite("Partnerships: partnership rules (PART-R1, R2, R3, R4, R5, R12)")
struct PartnershipRulesTests {
    @Test("PART-R1 rejects a partnership without a UH institution or with an unknown owner")
    func partiesRejected() async throws {
        try await PartnershipTestBed.with { bed in
            await expectPartnershipViolation("PART-R1") { _ = try await bed.draft(PartnershipFixtures.content(uh: [])) }
            await expectPartnershipViolation("PART-R1") {
                _ = try await bed.draft(
                    PartnershipFixtures.content(owners: [TestRegion.kristiansandKommune, "owner-unknown"])
                )
            }
            await expectPartnershipViolation("PART-R1") {
                _ = try await bed.draft(PartnershipFixtures.content(owners: []))
            }
        }
    }

    @Test("PART-R1 accepts one owner and one UH institution, and several of each")
    func partiesAccepted() async throws {
        try await PartnershipTestBed.with { bed in
            let one = try await bed.draft()
            #expect(one.ownerIds == [TestRegion.kristiansandKommune])
            let joint = try await bed.draft(
                PartnershipFixtures.content(
                    owners: [TestRegion.kristiansandKommune, TestRegion.privateKindergartenOwner],
                    uh: [TestRegion.uia, TestRegion.nih]
                )
            )
            #expect(joint.uhInstitutionIds.count == 2)
        }
    }

    @Test("PART-R2 rejects Statped as a signing party")
    func statpedNotSignatory() async throws {
        try await PartnershipTestBed.with { bed in
            await expectPartnershipViolation("PART-R2") {
                _ = try await bed.draft(PartnershipFixtures.content(uh: [TestRegion.uia, "statped"]))
            }
        }
    }

    @Test("PART-R2 rejects a third-party request not made by the partnership's UH, or beyond the UH share")
    func thirdPartyFromUhShare() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            await expectPartnershipViolation("PART-R2") {
                _ = try await bed.partnerships.thirdParties.requestThirdPartyContribution(
                    RequestThirdPartyContributionRequest.with {
                        $0.partnershipId = partnership.id
                        $0.provider = .statped
                        $0.amountOre = 1_000_000
                    },
                    as: PartnershipTestBed.owner
                )
            }
            await expectPartnershipViolation("PART-R2") {
                _ = try await bed.partnerships.thirdParties.requestThirdPartyContribution(
                    RequestThirdPartyContributionRequest.with {
                        $0.partnershipId = partnership.id
                        $0.provider = .competenceCentre
                        $0.requestedByUhId = TestRegion.uia
                        $0.amountOre = PartnershipFixtures.uhShareOre + 100
                    },
                    as: PartnershipTestBed.uh
                )
            }
            let fits = try await bed.partnerships.thirdParties.requestThirdPartyContribution(
                RequestThirdPartyContributionRequest.with {
                    $0.partnershipId = partnership.id
                    $0.provider = .competenceCentre
                    $0.requestedByUhId = TestRegion.uia
                    $0.amountOre = PartnershipFixtures.uhShareOre
                },
                as: PartnershipTestBed.uh
            )
            #expect(fits.status == .requested)
        }
    }

    @Test("PART-R2 rejects third-party expertise paid by the owner in a measure budget")
    func thirdPartyBudgetLinePaidByUh() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            await expectPartnershipViolation("PART-R2") {
                _ = try await bed.measure(
                    in: partnership,
                    PartnershipFixtures.measureContent(budget: [
                        PartnershipFixtures.line(.thirdPartyExpertise, .owner, 1_000_000)
                    ])
                )
            }
            let ok = try await bed.measure(
                in: partnership,
                PartnershipFixtures.measureContent(budget: [
                    PartnershipFixtures.line(.thirdPartyExpertise, .uh, 1_000_000)
                ])
            )
            #expect(ok.status == .planned)
        }
    }

    @Test("PART-R2 allows the owner to request Statped directly once the forum has approved it as a direct partner")
    func directStatpedException() async throws {
        try await PartnershipTestBed.with { bed in
            var partnership = try await bed.active()
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.partnerships.lifecycle.recordDirectStatpedApproval(
                    RecordDirectStatpedApprovalRequest.with {
                        $0.partnershipId = partnership.id
                        $0.expectedVersion = partnership.version
                        $0.forumApprovedDirectStatped = true
                        $0.directStatpedOrgId = "statped"
                    },
                    as: PartnershipTestBed.owner
                )
            }
            partnership = try await bed.partnerships.lifecycle.recordDirectStatpedApproval(
                RecordDirectStatpedApprovalRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.forumApprovedDirectStatped = true
                    $0.directStatpedOrgId = "statped"
                    $0.minutesRef = "forum-2025-02"
                },
                as: PartnershipTestBed.sf
            )
            #expect(partnership.forumApprovedDirectStatped)
            // Outside the UH share: more than the UH share is fine for a direct partner.
            let direct = try await bed.partnerships.thirdParties.requestThirdPartyContribution(
                RequestThirdPartyContributionRequest.with {
                    $0.partnershipId = partnership.id
                    $0.provider = .statped
                    $0.amountOre = PartnershipFixtures.uhShareOre + 100_000
                },
                as: PartnershipTestBed.owner
            )
            #expect(direct.requestedByUhId.isEmpty)
        }
    }

    @Test("PART-R2 rejects the direct-Statped approval for a partnership without a kommune")
    func directStatpedNeedsKommune() async throws {
        try await PartnershipTestBed.with { bed in
            let content = PartnershipFixtures.content(owners: [TestRegion.privateKindergartenOwner])
            let partnership = try await bed.partnerships.lifecycle.createPartnership(
                CreatePartnershipRequest.with { $0.content = content },
                as: TestRegion.caller(.privateOwnerAdmin)
            )
            await expectPartnershipViolation("PART-R2") {
                _ = try await bed.partnerships.lifecycle.recordDirectStatpedApproval(
                    RecordDirectStatpedApprovalRequest.with {
                        $0.partnershipId = partnership.id
                        $0.expectedVersion = partnership.version
                        $0.forumApprovedDirectStatped = true
                        $0.directStatpedOrgId = "statped"
                    },
                    as: PartnershipTestBed.sf
                )
            }
        }
    }

    @Test("PART-R3 accepts a UH from another region and warns when no UH profile covers the measure's themes")
    func uhChosenFreely() async throws {
        try await PartnershipTestBed.with { bed in
            // NIH is in Oslo: the owner in Agder may still choose it.
            let far = try await bed.draft(PartnershipFixtures.content(uh: [TestRegion.nih]))
            #expect(far.status == .draft)
            let partnership = try await bed.active()
            var content = PartnershipFixtures.measureContent()
            content.themes = [.hearing]
            let uncovered = try await bed.measure(in: partnership, content)
            #expect(uncovered.warnings.carriesPartnershipRule("PART-R3"))
            let covered = try await bed.measure(in: partnership, PartnershipFixtures.measureContent(budget: []))
            #expect(!covered.warnings.carriesPartnershipRule("PART-R3"))
        }
    }

    @Test("PART-R4 rejects an agreement longer than maxCommitmentYears and accepts three years")
    func agreementDuration() async throws {
        try await PartnershipTestBed.with { bed in
            await expectPartnershipViolation("PART-R4") {
                _ = try await bed.draft(PartnershipFixtures.content(validTo: LocalDate(year: 2028, month: 1, day: 1)))
            }
            await expectPartnershipViolation("PART-R4") {
                _ = try await bed.draft(PartnershipFixtures.content(validTo: LocalDate(year: 2024, month: 12, day: 1)))
            }
            let three = try await bed.draft(
                PartnershipFixtures.content(validTo: LocalDate(year: 2027, month: 12, day: 31))
            )
            #expect(three.agreement?.validTo == LocalDate(year: 2027, month: 12, day: 31))
        }
    }

    @Test("PART-R4 follows the embete's policy: a shorter maximum and a WARN override")
    func agreementDurationPolicy() async throws {
        var reference = try PartnershipFixtures.reference()
        var policy = BuiltInPolicy.governor(governorOfficeId: TestRegion.governorOfficeId, year: 2025, scheme: .ksi)
        policy.maxCommitmentYears = 1
        policy.ruleKindOverrides = [
            RuleKindOverride.with {
                $0.ruleId = "PART-R4"
                $0.kind = .warn
            }
        ]
        reference.policies.set(policy)
        try await PartnershipTestBed.with(reference: reference) { bed in
            let partnership = try await bed.draft()
            #expect(partnership.warnings.carriesPartnershipRule("PART-R4"))
        }
    }

    @Test("PART-R5 rejects a confirmation by the party that asked to terminate")
    func terminationNeedsOtherParty() async throws {
        try await PartnershipTestBed.with { bed in
            var partnership = try await bed.active()
            partnership = try await bed.partnerships.lifecycle.requestTermination(
                RequestTerminationRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.reason = "change of UH"
                },
                as: PartnershipTestBed.owner
            )
            await expectPartnershipViolation("PART-R5") {
                _ = try await bed.partnerships.lifecycle.confirmTermination(
                    ConfirmTerminationRequest.with {
                        $0.partnershipId = partnership.id
                        $0.expectedVersion = partnership.version
                    },
                    as: PartnershipTestBed.owner
                )
            }
            let ended = try await bed.partnerships.lifecycle.confirmTermination(
                ConfirmTerminationRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                },
                as: PartnershipTestBed.uh
            )
            #expect(ended.status == .terminated)
        }
    }

    @Test("PART-R5 lets the caseworker end a partnership only after mediation concluded with termination")
    func terminationAfterMediation() async throws {
        try await PartnershipTestBed.with { bed in
            var partnership = try await bed.active()
            var conflict = try await bed.partnerships.conflicts.raiseConflictCase(
                RaiseConflictCaseRequest.with {
                    $0.partnershipId = partnership.id
                    $0.description = "UH does not deliver"
                },
                as: PartnershipTestBed.owner
            )
            partnership = try await bed.partnerships.lifecycle.requestTermination(
                RequestTerminationRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.reason = "UH does not deliver"
                },
                as: PartnershipTestBed.owner
            )
            await expectPartnershipViolation("PART-R5") {
                _ = try await bed.partnerships.lifecycle.confirmTermination(
                    ConfirmTerminationRequest.with {
                        $0.partnershipId = partnership.id
                        $0.expectedVersion = partnership.version
                        $0.conflictCaseId = conflict.id
                    },
                    as: PartnershipTestBed.sf
                )
            }
            conflict = try await bed.partnerships.conflicts.startMediation(
                StartMediationRequest.with {
                    $0.conflictCaseId = conflict.id
                    $0.expectedVersion = conflict.version
                },
                as: PartnershipTestBed.sf
            )
            conflict = try await bed.partnerships.conflicts.concludeConflictCaseWithTermination(
                ConcludeConflictCaseWithTerminationRequest.with {
                    $0.conflictCaseId = conflict.id
                    $0.expectedVersion = conflict.version
                    $0.resolution = "No agreement reached"
                },
                as: PartnershipTestBed.sf
            )
            #expect(conflict.status == .leadsToTermination)
            let ended = try await bed.partnerships.lifecycle.confirmTermination(
                ConfirmTerminationRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.conflictCaseId = conflict.id
                    $0.remainingFundsOre = 12_000_000
                    $0.remainingUhHours = 40
                },
                as: PartnershipTestBed.sf
            )
            #expect(ended.status == .terminated)
            #expect(ended.remainingUhHours == 40)
        }
    }

    @Test("PART-R5 acts as a WARN where the embete's policy says so")
    func terminationPolicyWarn() async throws {
        var reference = try PartnershipFixtures.reference()
        var policy = BuiltInPolicy.governor(governorOfficeId: TestRegion.governorOfficeId, year: 2025, scheme: .ksi)
        policy.ruleKindOverrides = [
            RuleKindOverride.with {
                $0.ruleId = "PART-R5"
                $0.kind = .warn
            }
        ]
        reference.policies.set(policy)
        try await PartnershipTestBed.with(reference: reference) { bed in
            var partnership = try await bed.active()
            partnership = try await bed.partnerships.lifecycle.requestTermination(
                RequestTerminationRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.reason = "merger"
                },
                as: PartnershipTestBed.owner
            )
            let ended = try await bed.partnerships.lifecycle.confirmTermination(
                ConfirmTerminationRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                },
                as: PartnershipTestBed.owner
            )
            #expect(ended.status == .terminated)
            #expect(ended.warnings.carriesPartnershipRule("PART-R5"))
        }
    }

    @Test("PART-R12 warns about a role without deputy and a role vacant for more than 30 days")
    func requiredRoles() async throws {
        try await PartnershipTestBed.with { bed in
            var partnership = try await bed.active()
            #expect(!partnership.warnings.carriesPartnershipRule("PART-R12"))
            for role in [PartnershipRole.ownerContact, .uhContact, .coordinator] {
                partnership = try await bed.partnerships.lifecycle.assignPartnershipRole(
                    AssignPartnershipRoleRequest.with {
                        $0.partnershipId = partnership.id
                        $0.expectedVersion = partnership.version
                        $0.role = role
                        $0.personId = "person-\(role.name)"
                        $0.deputyPersonId = role == .coordinator ? "" : "deputy-\(role.name)"
                    },
                    as: PartnershipTestBed.owner
                )
            }
            #expect(partnership.warnings.filter { $0.ruleId == "PART-R12" }.map(\.field) == ["roles.coordinator"])
            partnership = try await bed.partnerships.lifecycle.assignPartnershipRole(
                AssignPartnershipRoleRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.role = .coordinator
                    $0.personId = "person-new-coordinator"
                    $0.deputyPersonId = "deputy-coordinator"
                },
                as: PartnershipTestBed.uh
            )
            #expect(!partnership.warnings.carriesPartnershipRule("PART-R12"))
            let uhRole = try #require(partnership.roles.first { $0.role == .uhContact })
            partnership = try await bed.partnerships.lifecycle.endPartnershipRoleAssignment(
                EndPartnershipRoleAssignmentRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.roleAssignmentId = uhRole.id
                },
                as: PartnershipTestBed.uh
            )
            #expect(!partnership.warnings.carriesPartnershipRule("PART-R12"))
            bed.time.advance(days: 31)
            partnership = try await bed.partnerships.lifecycle.recordMeeting(
                RecordMeetingRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.heldOn = bed.time.today()
                    $0.pptPresent = true
                },
                as: PartnershipTestBed.owner
            )
            #expect(partnership.warnings.filter { $0.ruleId == "PART-R12" }.map(\.field) == ["roles.uhContact"])
        }
    }
}
