import KSICore
import KSITestSupport
import Testing

@Suite("Partnerships: partnership state machine")
struct PartnershipStateMachineTests {
    typealias Command = PartnershipStateMachine.Command

    /// DOMAIN.md §4.2, Partnership: (command, from, to, who).
    static let allowed: [(Command, PartnershipStatus, PartnershipStatus, PartnershipActor)] = [
        (.createPartnership, .unspecified, .draft, .ownerAdmin),
        (.signAgreement, .draft, .active, .ownerAdmin),
        (.signAgreement, .draft, .active, .uhContact),
        (.suspendPartnership, .active, .suspended, .sfCaseworker),
        (.resumePartnership, .suspended, .active, .sfCaseworker),
        (.requestTermination, .active, .terminating, .ownerAdmin),
        (.requestTermination, .active, .terminating, .uhContact),
        (.requestTermination, .suspended, .terminating, .ownerAdmin),
        (.requestTermination, .suspended, .terminating, .uhContact),
        (.confirmTermination, .terminating, .terminated, .ownerAdmin),
        (.confirmTermination, .terminating, .terminated, .uhContact),
        (.confirmTermination, .terminating, .terminated, .sfCaseworker),
        (.expirePartnership, .active, .expired, .system),
        (.renewAgreement, .active, .active, .ownerAdmin),
        (.renewAgreement, .active, .active, .uhContact),
        (.renewAgreement, .expired, .active, .ownerAdmin),
        (.renewAgreement, .expired, .active, .uhContact),
    ]

    @Test("every transition in the DOMAIN.md table is allowed for its role", arguments: allowed.indices)
    func allowedTransition(index: Int) throws {
        let (command, from, to, actor) = Self.allowed[index]
        let result = try PartnershipStateMachine.transition(command, from: from, by: [actor])
        #expect(result.to == to)
        #expect(result.actor == actor)
    }

    @Test(
        "every other state, command and role is rejected with a clear error",
        arguments: partnershipSweep(allowed: allowed)
    )
    func rejected(_ sweep: PartnershipSweepCase<PartnershipStatus, Command>) {
        #expect {
            _ = try PartnershipStateMachine.transition(sweep.command, from: sweep.status, by: [sweep.actor])
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return (error.code == .illegalTransition || error.code == .notPermitted) && !error.message.isEmpty
        }
    }

    @Test("a signature by one party keeps the partnership in draft")
    func oneSignatureStays() throws {
        let result = try PartnershipStateMachine.transition(
            .signAgreement,
            from: .draft,
            by: [.ownerAdmin],
            complete: false
        )
        #expect(result.to == .draft)
    }

    @Test("create, sign by both, suspend, resume, request and confirm termination run through the context")
    func lifecycleThroughContext() async throws {
        try await PartnershipTestBed.with { bed in
            var partnership = try await bed.draft()
            #expect(partnership.status == .draft)
            partnership = try await bed.sign(partnership, .owner)
            #expect(partnership.status == .draft)
            partnership = try await bed.sign(partnership, .uh)
            #expect(partnership.status == .active)
            #expect(partnership.activatedAt > 0)
            partnership = try await bed.partnerships.lifecycle.suspendPartnership(
                SuspendPartnershipRequest.with {
                    $0.requestId = "s1"
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.reason = "funding gap"
                },
                as: PartnershipTestBed.sf
            )
            #expect(partnership.status == .suspended)
            partnership = try await bed.partnerships.lifecycle.resumePartnership(
                ResumePartnershipRequest.with {
                    $0.requestId = "r1"
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                },
                as: PartnershipTestBed.sf
            )
            #expect(partnership.status == .active)
            partnership = try await bed.partnerships.lifecycle.requestTermination(
                RequestTerminationRequest.with {
                    $0.requestId = "t1"
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.reason = "the owner changes UH"
                },
                as: PartnershipTestBed.owner
            )
            #expect(partnership.status == .terminating)
            partnership = try await bed.partnerships.lifecycle.confirmTermination(
                ConfirmTerminationRequest.with {
                    $0.requestId = "c1"
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.remainingFundsOre = 5_000_000
                },
                as: PartnershipTestBed.uh
            )
            #expect(partnership.status == .terminated)
            #expect(partnership.remainingFundsOre == 5_000_000)
            let activated = try await bed.events(PartnershipEventType.partnershipActivated)
            #expect(activated.count == 1)
            let terminated = try await bed.events(PartnershipEventType.partnershipTerminated)
            #expect(terminated.map(\.remainingFundsOre) == [5_000_000])
        }
    }

    @Test("a suspended partnership can be asked to terminate by UH")
    func suspendedToTerminating() async throws {
        try await PartnershipTestBed.with { bed in
            var partnership = try await bed.active()
            partnership = try await bed.partnerships.lifecycle.suspendPartnership(
                SuspendPartnershipRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.reason = "funding gap"
                },
                as: PartnershipTestBed.sf
            )
            partnership = try await bed.partnerships.lifecycle.requestTermination(
                RequestTerminationRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.reason = "no funding"
                },
                as: PartnershipTestBed.uh
            )
            #expect(partnership.status == .terminating)
        }
    }

    @Test("an active partnership expires at validTo once its final report is accepted, and renews from expired")
    func expireAndRenew() async throws {
        try await PartnershipTestBed.with { bed in
            var partnership = try await bed.active()
            bed.time.set(LocalDate(year: 2026, month: 12, day: 31))
            await expectPartnershipError(.illegalTransition) {
                _ = try await bed.partnerships.lifecycle.expirePartnership(
                    ExpirePartnershipRequest.with {
                        $0.partnershipId = partnership.id
                        $0.expectedVersion = partnership.version
                    },
                    as: PartnershipTestBed.system
                )
            }
            var report = try await bed.partnerships.reports.createPartnershipReport(
                CreatePartnershipReportRequest.with {
                    $0.partnershipId = partnership.id
                    $0.year = 2026
                    $0.content = PartnershipFixtures.reportContent()
                },
                as: PartnershipTestBed.owner
            )
            report = try await bed.partnerships.reports.submitPartnershipReport(
                SubmitPartnershipReportRequest.with {
                    $0.partnershipReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: PartnershipTestBed.owner
            )
            report = try await bed.partnerships.reports.acceptPartnershipReport(
                AcceptPartnershipReportRequest.with {
                    $0.partnershipReportId = report.id
                    $0.expectedVersion = report.version
                },
                as: PartnershipTestBed.sf
            )
            partnership = try await bed.partnerships.lifecycle.expirePartnership(
                ExpirePartnershipRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                },
                as: PartnershipTestBed.system
            )
            #expect(partnership.status == .expired)
            bed.time.set(LocalDate(year: 2027, month: 1, day: 10))
            for party in [AgreementParty.owner, .uh] {
                partnership = try await bed.partnerships.lifecycle.renewAgreement(
                    RenewAgreementRequest.with {
                        $0.partnershipId = partnership.id
                        $0.expectedVersion = partnership.version
                        $0.party = party
                        $0.validFrom = LocalDate(year: 2027, month: 1, day: 1)
                        $0.validTo = LocalDate(year: 2028, month: 12, day: 31)
                    },
                    as: party == .owner ? PartnershipTestBed.owner : PartnershipTestBed.uh
                )
                #expect(partnership.status == (party == .owner ? .expired : .active))
            }
            #expect(partnership.agreement?.version == 2)
            #expect(partnership.previousAgreements.count == 1)
            #expect(partnership.pendingAgreement == nil)
        }
    }

    @Test("an active partnership renews to version 2 when both parties sign the same terms")
    func renewActive() async throws {
        try await PartnershipTestBed.with { bed in
            var partnership = try await bed.active()
            partnership = try await bed.partnerships.lifecycle.renewAgreement(
                RenewAgreementRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.party = .uh
                    $0.validFrom = LocalDate(year: 2026, month: 1, day: 1)
                    $0.validTo = LocalDate(year: 2027, month: 12, day: 31)
                },
                as: PartnershipTestBed.uh
            )
            #expect(partnership.pendingAgreement?.signedByUhOn != nil)
            #expect(partnership.agreement?.version == 1)
            partnership = try await bed.partnerships.lifecycle.renewAgreement(
                RenewAgreementRequest.with {
                    $0.partnershipId = partnership.id
                    $0.expectedVersion = partnership.version
                    $0.party = .owner
                    $0.validFrom = LocalDate(year: 2026, month: 1, day: 1)
                    $0.validTo = LocalDate(year: 2027, month: 12, day: 31)
                },
                as: PartnershipTestBed.owner
            )
            #expect(partnership.status == .active)
            #expect(partnership.agreement?.version == 2)
        }
    }

    @Test("the same party cannot sign twice, and a party cannot sign for the other side")
    func signTwice() async throws {
        try await PartnershipTestBed.with { bed in
            let partnership = try await bed.sign(try await bed.draft(), .owner)
            await expectPartnershipError(.illegalTransition) { _ = try await bed.sign(partnership, .owner) }
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.sign(partnership, .uh, as: PartnershipTestBed.owner)
            }
            await expectPartnershipError(.notPermitted) {
                _ = try await bed.sign(partnership, .uh, as: TestRegion.caller(.nihContact))
            }
        }
    }
}
