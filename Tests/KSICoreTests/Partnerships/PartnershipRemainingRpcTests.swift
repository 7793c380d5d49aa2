import KSICore
import KSITestSupport
import Testing

@Suite("Partnerships: editing, linking and reading RPCs")
struct PartnershipRemainingRpcTests {
    @Test("a draft can be edited by either party, which clears signatures; an active one cannot")
    func updatePartnership() async throws {
        try await PartnershipTestBed.with { bed in
            let draft = try await bed.sign(try await bed.draft(), .owner)
            var content = PartnershipFixtures.content()
            content.name = "Renamed"
            let updated = try await bed.partnerships.lifecycle.updatePartnership(
                UpdatePartnershipRequest.with {
                    $0.partnershipId = draft.id
                    $0.expectedVersion = draft.version
                    $0.content = content
                },
                as: PartnershipTestBed.uh
            )
            #expect(updated.name == "Renamed")
            #expect(updated.agreement?.signedByOwnerOn == nil)
            let active = try await bed.active()
            await expectPartnershipError(.illegalTransition) {
                _ = try await bed.partnerships.lifecycle.updatePartnership(
                    UpdatePartnershipRequest.with {
                        $0.partnershipId = active.id
                        $0.expectedVersion = active.version
                        $0.content = content
                    },
                    as: PartnershipTestBed.owner
                )
            }
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.partnerships.lifecycle.updatePartnership(
                    UpdatePartnershipRequest.with {
                        $0.partnershipId = updated.id
                        $0.expectedVersion = updated.version
                        $0.content = content
                    },
                    as: TestRegion.caller(.arendalOwnerAdmin)
                )
            }
        }
    }

    @Test("a measure is edited while not final, with its rules evaluated again")
    func updateMeasure() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let measure = try await bed.measure(in: partnership)
            var content = PartnershipFixtures.measureContent()
            content.practiceComponents = []
            let updated = try await bed.partnerships.measures.updateMeasure(
                UpdateMeasureRequest.with {
                    $0.measureId = measure.id
                    $0.expectedVersion = measure.version
                    $0.content = content
                },
                as: PartnershipTestBed.uh
            )
            #expect(updated.warnings.carriesPartnershipRule("PART-R9"))
            #expect(updated.version == 2)
            content.budgetLines = [PartnershipFixtures.line(.uhHours, .uh, PartnershipFixtures.uhShareOre + 100)]
            await expectPartnershipViolation("PART-R7") {
                _ = try await bed.partnerships.measures.updateMeasure(
                    UpdateMeasureRequest.with {
                        $0.measureId = updated.id
                        $0.expectedVersion = updated.version
                        $0.content = content
                    },
                    as: PartnershipTestBed.owner
                )
            }
            let aborted = try await bed.partnerships.measures.abortMeasure(
                AbortMeasureRequest.with {
                    $0.measureId = updated.id
                    $0.expectedVersion = updated.version
                    $0.abortReason = "withdrawn"
                },
                as: PartnershipTestBed.owner
            )
            await expectPartnershipError(.illegalTransition) {
                _ = try await bed.partnerships.measures.updateMeasure(
                    UpdateMeasureRequest.with {
                        $0.measureId = aborted.id
                        $0.expectedVersion = aborted.version
                        $0.content = PartnershipFixtures.measureContent()
                    },
                    as: PartnershipTestBed.owner
                )
            }
        }
    }

    @Test("a contribution is linked to its referral system request and read back by Statped and the parties")
    func linkAndRead() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let contribution = try await bed.partnerships.thirdParties.requestThirdPartyContribution(
                RequestThirdPartyContributionRequest.with {
                    $0.partnershipId = partnership.id
                    $0.provider = .statped
                    $0.requestedByUhId = TestRegion.uia
                    $0.amountOre = 2_000_000
                },
                as: PartnershipTestBed.uh
            )
            let linked = try await bed.partnerships.thirdParties.linkThirdPartyReferral(
                LinkThirdPartyReferralRequest.with {
                    $0.thirdPartyContributionId = contribution.id
                    $0.expectedVersion = contribution.version
                    $0.referralSystemRequestId = "referral-7"
                },
                as: TestRegion.caller(.statpedIntake)
            )
            #expect(linked.referralSystemRequestId == "referral-7")
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.partnerships.thirdParties.linkThirdPartyReferral(
                    LinkThirdPartyReferralRequest.with {
                        $0.thirdPartyContributionId = linked.id
                        $0.expectedVersion = linked.version
                        $0.referralSystemRequestId = "referral-8"
                    },
                    as: PartnershipTestBed.owner
                )
            }
            let read = try await bed.partnerships.queries.getThirdPartyContribution(
                GetThirdPartyContributionRequest.with { $0.id = contribution.id },
                as: TestRegion.caller(.statpedManager)
            )
            #expect(read.version == 2)
            let listed = try await bed.partnerships.queries.listThirdPartyContributions(
                ListThirdPartyContributionsRequest.with {
                    $0.governorOfficeId = TestRegion.governorOfficeId
                    $0.provider = .statped
                },
                as: PartnershipTestBed.sf
            )
            #expect(listed.items.map(\.id) == [contribution.id])
            let withParties = try await bed.partnerships.queries.getPartnership(
                GetPartnershipRequest.with { $0.id = partnership.id },
                as: PartnershipTestBed.uh
            )
            #expect(withParties.thirdParties.map(\.id) == [contribution.id])
        }
    }

    @Test("reports and conflict cases are read and listed by the embete and hidden from others")
    func reportsAndConflicts() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let report = try await bed.partnerships.reports.createPartnershipReport(
                CreatePartnershipReportRequest.with {
                    $0.partnershipId = partnership.id
                    $0.year = 2025
                },
                as: PartnershipTestBed.owner
            )
            await expectPartnershipError(.illegalTransition) {
                _ = try await bed.partnerships.reports.createPartnershipReport(
                    CreatePartnershipReportRequest.with {
                        $0.partnershipId = partnership.id
                        $0.year = 2025
                    },
                    as: PartnershipTestBed.uh
                )
            }
            let conflict = try await bed.partnerships.conflicts.raiseConflictCase(
                RaiseConflictCaseRequest.with {
                    $0.partnershipId = partnership.id
                    $0.description = "Late delivery"
                },
                as: PartnershipTestBed.sf
            )
            #expect(
                try await bed.partnerships.queries.getPartnershipReport(
                    GetPartnershipReportRequest.with { $0.id = report.id },
                    as: PartnershipTestBed.sf
                ).year == 2025
            )
            #expect(
                try await bed.partnerships.queries.getConflictCase(
                    GetConflictCaseRequest.with { $0.id = conflict.id },
                    as: PartnershipTestBed.uh
                ).status == .open
            )
            let reports = try await bed.partnerships.queries.listPartnershipReports(
                ListPartnershipReportsRequest.with {
                    $0.year = 2025
                    $0.statuses = [.draft]
                },
                as: PartnershipTestBed.sf
            )
            #expect(reports.items.map(\.id) == [report.id])
            let conflicts = try await bed.partnerships.queries.listConflictCases(
                ListConflictCasesRequest.with { $0.governorOfficeId = TestRegion.governorOfficeId },
                as: PartnershipTestBed.sf
            )
            #expect(conflicts.items.map(\.id) == [conflict.id])
            let hidden = try await bed.partnerships.queries.listConflictCases(
                ListConflictCasesRequest(),
                as: TestRegion.caller(.arendalOwnerAdmin)
            )
            #expect(hidden.items.isEmpty)
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.partnerships.queries.getPartnershipReport(
                    GetPartnershipReportRequest.with { $0.id = report.id },
                    as: TestRegion.caller(.otherSfCaseworker)
                )
            }
            await expectPartnershipError(.notFound) {
                _ = try await bed.partnerships.queries.getMeasure(
                    GetMeasureRequest.with { $0.id = "missing" },
                    as: PartnershipTestBed.sf
                )
            }
        }
    }

    @Test(
        "a listed page of partnerships carries each one's own contributions and conflict cases, read for the page at once"
    )
    func listedPartnershipsCarryTheirOwnChildren() async throws {
        try await PartnershipTestBed.with { bed in
            let first = try await bed.active()
            let second = try await bed.active(commit: false)
            let untouched = try await bed.draft(PartnershipFixtures.content())
            var contributions: [String] = []
            for amount in [Int64(1_000_000), 2_000_000] {
                contributions.append(
                    try await bed.partnerships.thirdParties.requestThirdPartyContribution(
                        RequestThirdPartyContributionRequest.with {
                            $0.partnershipId = first.id
                            $0.provider = .statped
                            $0.requestedByUhId = TestRegion.uia
                            $0.amountOre = amount
                        },
                        as: PartnershipTestBed.uh
                    ).id
                )
            }
            let conflict = try await bed.partnerships.conflicts.raiseConflictCase(
                RaiseConflictCaseRequest.with {
                    $0.partnershipId = second.id
                    $0.description = "Late delivery"
                },
                as: PartnershipTestBed.sf
            )
            let listed = try await bed.partnerships.queries.listPartnerships(
                ListPartnershipsRequest.with { $0.governorOfficeId = TestRegion.governorOfficeId },
                as: PartnershipTestBed.sf
            )
            let byId = Dictionary(uniqueKeysWithValues: listed.items.map { ($0.id, $0) })
            #expect(Set(byId.keys) == [first.id, second.id, untouched.id])
            #expect(byId[first.id]?.thirdParties.map(\.id) == contributions.sorted())
            #expect(byId[first.id]?.conflictCases.isEmpty == true)
            #expect(byId[second.id]?.thirdParties.isEmpty == true)
            #expect(byId[second.id]?.conflictCases.map(\.id) == [conflict.id])
            #expect(
                byId[untouched.id]?.thirdParties.isEmpty == true && byId[untouched.id]?.conflictCases.isEmpty == true
            )
            // The same as each read alone.
            for partnership in listed.items {
                let alone = try await bed.partnerships.queries.getPartnership(
                    GetPartnershipRequest.with { $0.id = partnership.id },
                    as: PartnershipTestBed.sf
                )
                #expect(alone == partnership)
            }
        }
    }
}
