import KSICore
import KSITestSupport
import Testing

@Suite("Partnerships: measure state machine")
struct MeasureStateMachineTests {
    typealias Command = MeasureStateMachine.Command

    /// DOMAIN.md §4.2, Measure: (command, from, to, who). GrantCommitted creates as system.
    static let allowed: [(Command, MeasureStatus, MeasureStatus, PartnershipActor)] = {
        var rows: [(Command, MeasureStatus, MeasureStatus, PartnershipActor)] = [
            (.createMeasure, .unspecified, .planned, .ownerAdmin),
            (.createMeasure, .unspecified, .planned, .uhContact),
            (.createMeasure, .unspecified, .planned, .system),
            (.logT1, .planned, .started, .ownerAdmin),
            (.logT1, .planned, .started, .uhContact),
            (.logT2, .started, .inProgress, .ownerAdmin),
            (.logT2, .started, .inProgress, .uhContact),
            (.logT3, .inProgress, .completing, .ownerAdmin),
            (.logT3, .inProgress, .completing, .uhContact),
            (.completeMeasure, .completing, .completed, .ownerAdmin),
            (.startLocalFollowUp, .completed, .followUp, .ownerAdmin),
            (.startLocalFollowUp, .completed, .followUp, .pptLeader),
        ]
        for from in [MeasureStatus.planned, .started, .inProgress, .completing] {
            rows.append((.abortMeasure, from, .aborted, .ownerAdmin))
            rows.append((.recordUnannouncedAbort, from, .aborted, .sfCaseworker))
        }
        return rows
    }()

    @Test("every transition in the DOMAIN.md table is allowed for its role", arguments: allowed.indices)
    func allowedTransition(index: Int) throws {
        let (command, from, to, actor) = Self.allowed[index]
        let result = try MeasureStateMachine.transition(command, from: from, by: [actor])
        #expect(result.to == to)
    }

    @Test(
        "every other state, command and role is rejected with a clear error",
        arguments: partnershipSweep(allowed: allowed)
    )
    func rejected(_ sweep: PartnershipSweepCase<MeasureStatus, Command>) {
        #expect {
            _ = try MeasureStateMachine.transition(sweep.command, from: sweep.status, by: [sweep.actor])
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return (error.code == .illegalTransition || error.code == .notPermitted) && !error.message.isEmpty
        }
    }

    @Test("a measure runs planned → started → inProgress → completing → completed → followUp through the context")
    func fullPath() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            var measure = try await bed.measure(in: partnership)
            #expect(measure.status == .planned)
            measure = try await bed.log(.t1, measure, as: PartnershipTestBed.uh)
            #expect(measure.status == .started)
            measure = try await bed.log(.t2, measure)
            #expect(measure.status == .inProgress)
            measure = try await bed.log(.t3, measure, as: PartnershipTestBed.uh)
            #expect(measure.status == .completing)
            measure = try await bed.evaluate(measure, .owner)
            measure = try await bed.evaluate(measure, .uh)
            measure = try await bed.partnerships.measures.completeMeasure(
                CompleteMeasureRequest.with {
                    $0.measureId = measure.id
                    $0.expectedVersion = measure.version
                },
                as: PartnershipTestBed.owner
            )
            #expect(measure.status == .completed)
            measure = try await bed.partnerships.measures.startLocalFollowUp(
                StartLocalFollowUpRequest.with {
                    $0.measureId = measure.id
                    $0.expectedVersion = measure.version
                },
                as: TestRegion.caller(.pptKristiansandLeader)
            )
            #expect(measure.status == .followUp)
            let changes = try await bed.events(PartnershipEventType.measureStatusChanged).filter {
                $0.measureId == measure.id
            }
            #expect(
                changes.map(\.measureStatus) == [.planned, .started, .inProgress, .completing, .completed, .followUp]
            )
            #expect(changes.last?.previousMeasureStatus == .completed)
        }
    }

    @Test(
        "a measure can be aborted by the owner from every non-final state",
        arguments: [MeasureStatus.planned, .started, .inProgress, .completing]
    )
    func abortFromEveryState(status: MeasureStatus) async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let measure = try await bed.measure(in: partnership, at: status)
            #expect(measure.status == status)
            let aborted = try await bed.partnerships.measures.abortMeasure(
                AbortMeasureRequest.with {
                    $0.measureId = measure.id
                    $0.expectedVersion = measure.version
                    $0.abortReason = "The units withdrew"
                },
                as: PartnershipTestBed.owner
            )
            #expect(aborted.status == .aborted)
            let events = try await bed.events(PartnershipEventType.measureAborted)
            #expect(events.map(\.notifiedInTime) == [true])
            #expect(events.first?.previousMeasureStatus == status)
        }
    }

    @Test("the wrong role and the wrong state are rejected through the context")
    func rejectedThroughContext() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.active()
            let measure = try await bed.measure(in: partnership)
            await expectPartnershipError(.illegalTransition) { _ = try await bed.log(.t2, measure) }
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.log(.t1, measure, as: PartnershipTestBed.sf)
            }
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.log(.t1, measure, as: TestRegion.caller(.arendalOwnerAdmin))
            }
            await expectPartnershipError(.illegalTransition) {
                _ = try await bed.partnerships.measures.completeMeasure(
                    CompleteMeasureRequest.with {
                        $0.measureId = measure.id
                        $0.expectedVersion = measure.version
                    },
                    as: PartnershipTestBed.owner
                )
            }
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.partnerships.measures.abortMeasure(
                    AbortMeasureRequest.with {
                        $0.measureId = measure.id
                        $0.expectedVersion = measure.version
                        $0.abortReason = "x"
                    },
                    as: PartnershipTestBed.uh
                )
            }
        }
    }
}
