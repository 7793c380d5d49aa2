import KSICore
import KSITestSupport
import Testing

@Suite("Partnerships: commands, idempotency, versions, atomicity, access")
struct PartnershipCommandTests {
    @Test("an idempotent retry returns the first result and writes nothing twice")
    func idempotentRetry() async throws {
        try await PartnershipTestBed.with { bed in
            let request = CreatePartnershipRequest.with {
                $0.requestId = "create-once"
                $0.content = PartnershipFixtures.content()
            }
            let first = try await bed.partnerships.lifecycle.createPartnership(request, as: PartnershipTestBed.owner)
            let second = try await bed.partnerships.lifecycle.createPartnership(request, as: PartnershipTestBed.owner)
            #expect(first == second)
            let all = try await bed.partnerships.queries.listPartnerships(
                ListPartnershipsRequest(),
                as: PartnershipTestBed.sf
            )
            #expect(all.items.map(\.id) == [first.id])
            let audit = try await bed.partnerships.queries.listAuditRecords(
                ListAuditRecordsRequest.with { $0.aggregateId = first.id },
                as: PartnershipTestBed.sf
            )
            #expect(audit.items.count == 1)
            #expect(audit.items.first?.action == "CreatePartnership")
            #expect(audit.items.first?.afterState == "draft")
            let ownerSigned = try await bed.sign(first, .owner)
            let sign = SignAgreementRequest.with {
                $0.requestId = "sign-uh-once"
                $0.partnershipId = first.id
                $0.expectedVersion = ownerSigned.version
                $0.party = .uh
            }
            let signed = try await bed.partnerships.lifecycle.signAgreement(sign, as: PartnershipTestBed.uh)
            let retried = try await bed.partnerships.lifecycle.signAgreement(sign, as: PartnershipTestBed.uh)
            #expect(signed == retried)
            #expect(try await bed.events(PartnershipEventType.partnershipActivated).count == 1)
            // IDEM-R1 (issue 14): an id already used for another command is ALREADY_EXISTS naming the first.
            await expectPartnershipError(.alreadyExists) {
                _ = try await bed.partnerships.lifecycle.requestTermination(
                    RequestTerminationRequest.with {
                        $0.requestId = "sign-uh-once"
                        $0.partnershipId = first.id
                        $0.expectedVersion = first.version
                        $0.reason = "reused id"
                    },
                    as: PartnershipTestBed.uh
                )
            }
        }
    }

    @Test("a stale expected version is rejected as a version conflict")
    func versionConflict() async throws {
        try await PartnershipTestBed.with { bed in
            let draft = try await bed.draft()
            let signed = try await bed.sign(draft, .owner)
            #expect(signed.version == 2)
            await expectPartnershipError(.versionConflict) {
                _ = try await bed.partnerships.lifecycle.signAgreement(
                    SignAgreementRequest.with {
                        $0.partnershipId = draft.id
                        $0.expectedVersion = draft.version
                        $0.party = .uh
                    },
                    as: PartnershipTestBed.uh
                )
            }
            let ok = try await bed.partnerships.lifecycle.signAgreement(
                SignAgreementRequest.with {
                    $0.partnershipId = draft.id
                    $0.expectedVersion = signed.version
                    $0.party = .uh
                },
                as: PartnershipTestBed.uh
            )
            #expect(ok.status == .active)
        }
    }

    @Test("a failing multi-part GrantCommitted stores nothing")
    func failingGrantStoresNothing() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active(commit: false)
            let before = try await bed.events().count
            await expectPartnershipError(.notFound) {
                _ = try await bed.partnerships.lifecycle.applyGrantCommitted(
                    ApplyGrantCommittedRequest.with {
                        $0.grantId = "grant-9"
                        $0.lines = [
                            CommittedGrantLine.with {
                                $0.partnershipId = partnership.id
                                $0.share = PartnershipFixtures.share()
                                $0.measures = [
                                    GrantMeasureSeed.with {
                                        $0.title = "Seed"
                                        $0.targetGroups = [.teachers]
                                    }
                                ]
                            },
                            CommittedGrantLine.with {
                                $0.partnershipId = "no-such-partnership"
                                $0.share = PartnershipFixtures.share(lineId: "line-2")
                            },
                        ]
                    },
                    as: PartnershipTestBed.system
                )
            }
            let read = try await bed.partnerships.queries.getPartnership(
                GetPartnershipRequest.with { $0.id = partnership.id },
                as: PartnershipTestBed.sf
            )
            #expect(read.grantIds.isEmpty)
            #expect(read.version == partnership.version)
            let measures = try await bed.partnerships.queries.listMeasures(
                ListMeasuresRequest(),
                as: PartnershipTestBed.sf
            )
            #expect(measures.items.isEmpty)
            #expect(try await bed.events().count == before)
        }
    }

    @Test("COM-R2 rejects committed shares that are not whole kroner")
    func wholeKroner() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active(commit: false)
            await expectPartnershipViolation("COM-R2") {
                _ = try await bed.commitGrant(partnership, share: PartnershipFixtures.share(owner: 1_000_050))
            }
        }
    }

    @Test("PRIV-R12: the parties, the embete and Udir read a partnership; another owner and another embete do not")
    func readAccess() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let get = GetPartnershipRequest.with { $0.id = partnership.id }
            for actor in [
                TestRegion.Actor.kristiansandOwnerAdmin, .uiaContact, .pptKristiansandAdviser, .sfCaseworker,
                .forumMember, .udirAdmin,
            ] {
                #expect(
                    try await bed.partnerships.queries.getPartnership(get, as: TestRegion.caller(actor)).id
                        == partnership.id
                )
            }
            for actor in [TestRegion.Actor.arendalOwnerAdmin, .otherSfCaseworker, .nihContact, .publicViewer] {
                await expectPartnershipError(.notPermitted) {
                    _ = try await bed.partnerships.queries.getPartnership(get, as: TestRegion.caller(actor))
                }
            }
            let listed = try await bed.partnerships.queries.listPartnerships(
                ListPartnershipsRequest(),
                as: TestRegion.caller(.arendalOwnerAdmin)
            )
            #expect(listed.items.isEmpty)
            let measure = try await bed.measure(in: partnership)
            let unitView = try await bed.partnerships.queries.getMeasure(
                GetMeasureRequest.with { $0.id = measure.id },
                as: TestRegion.caller(.unionRep)
            )
            #expect(unitView.id == measure.id)
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.partnerships.queries.listAuditRecords(
                    ListAuditRecordsRequest(),
                    as: PartnershipTestBed.owner
                )
            }
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.partnerships.queries.listPartnershipEvents(
                    ListPartnershipEventsRequest(),
                    as: PartnershipTestBed.owner
                )
            }
        }
    }

    @Test("lists filter by party, status and unit, and page by id")
    func listsFilterAndPage() async throws {
        try await PartnershipTestBed.with { bed in
            let active = try await bed.active()
            _ = try await bed.draft()
            _ = try await bed.draft(PartnershipFixtures.content(uh: [TestRegion.nih]))
            let byUh = try await bed.partnerships.queries.listPartnerships(
                ListPartnershipsRequest.with { $0.uhInstitutionId = TestRegion.nih },
                as: PartnershipTestBed.sf
            )
            #expect(byUh.items.count == 1)
            let activeOnly = try await bed.partnerships.queries.listPartnerships(
                ListPartnershipsRequest.with { $0.statuses = [.active] },
                as: PartnershipTestBed.sf
            )
            #expect(activeOnly.items.map(\.id) == [active.id])
            let first = try await bed.partnerships.queries.listPartnerships(
                ListPartnershipsRequest.with { $0.pageSize = 2 },
                as: PartnershipTestBed.sf
            )
            #expect(first.items.count == 2)
            let rest = try await bed.partnerships.queries.listPartnerships(
                ListPartnershipsRequest.with {
                    $0.pageSize = 2
                    $0.pageToken = first.nextPageToken
                },
                as: PartnershipTestBed.sf
            )
            #expect(rest.items.count == 1)
            #expect(rest.nextPageToken.isEmpty)
            _ = try await bed.measure(in: active)
            let byUnit = try await bed.partnerships.queries.listMeasures(
                ListMeasuresRequest.with { $0.unitId = TestRegion.arendalSchool },
                as: PartnershipTestBed.sf
            )
            #expect(byUnit.items.isEmpty)
            let byLine = try await bed.partnerships.queries.listMeasures(
                ListMeasuresRequest.with { $0.grantLineId = PartnershipFixtures.lineId },
                as: PartnershipTestBed.sf
            )
            #expect(byLine.items.count == 1)
        }
    }

    @Test("events are listed in sequence with their sequence numbers, filtered by type")
    func eventsInSequence() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            _ = try await bed.measure(in: partnership)
            let all = try await bed.partnerships.queries.listPartnershipEvents(
                ListPartnershipEventsRequest(),
                as: PartnershipTestBed.sf
            )
            #expect(
                all.events.map(\.type) == ["PartnershipActivated", "MeasureStatusChanged"]
            )
            #expect(all.events.map(\.sequence) == all.events.map(\.sequence).sorted())
            #expect(all.lastSequence == all.events.last?.sequence)
            let after = try await bed.partnerships.queries.listPartnershipEvents(
                ListPartnershipEventsRequest.with { $0.afterSequence = all.events[0].sequence },
                as: PartnershipTestBed.system
            )
            #expect(after.events.count == 1)
            let other = try await bed.partnerships.queries.listPartnershipEvents(
                ListPartnershipEventsRequest(),
                as: TestRegion.caller(.otherSfCaseworker)
            )
            #expect(other.events.isEmpty)
        }
    }

    @Test("meetings are recorded and updated, and a suspension names a conflict or a funding gap")
    func meetingsAndSuspension() async throws {
        try await PartnershipTestBed.with { bed in
            var partnership = try await bed.active()
            partnership = try await bed.partnerships.lifecycle.recordMeeting(
                RecordMeetingRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.plannedOn = LocalDate(year: 2025, month: 4, day: 1)
                },
                as: PartnershipTestBed.uh
            )
            let meeting = try #require(partnership.meetings.first)
            bed.time.set(LocalDate(year: 2025, month: 4, day: 2))
            partnership = try await bed.partnerships.lifecycle.recordMeeting(
                RecordMeetingRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.meetingId = meeting.id
                    $0.heldOn = LocalDate(year: 2025, month: 4, day: 1)
                    $0.ownerLeadershipPresent = true
                    $0.pptPresent = true
                    $0.uhPresent = true
                },
                as: PartnershipTestBed.owner
            )
            #expect(partnership.meetings.count == 1)
            #expect(partnership.meetings.first?.heldOn == LocalDate(year: 2025, month: 4, day: 1))
            await expectPartnershipError(.invalidArgument) {
                _ = try await bed.partnerships.lifecycle.suspendPartnership(
                    SuspendPartnershipRequest.with {
                        $0.partnershipId = partnership.id
                        $0.expectedVersion = partnership.version
                    },
                    as: PartnershipTestBed.sf
                )
            }
            let conflict = try await bed.partnerships.conflicts.raiseConflictCase(
                RaiseConflictCaseRequest.with {
                    $0.partnershipId = partnership.id
                    $0.description = "Disagreement"
                },
                as: PartnershipTestBed.owner
            )
            let suspended = try await bed.partnerships.lifecycle.suspendPartnership(
                SuspendPartnershipRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.conflictCaseId = conflict.id
                },
                as: PartnershipTestBed.sf
            )
            #expect(suspended.status == .suspended)
            #expect(suspended.conflictCases.map(\.id) == [conflict.id])
        }
    }
}
