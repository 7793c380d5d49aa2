import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSIDemoData
import KSITestSupport
import Services
import StackTestSupport
import Testing

/// Issue 13 over the real services: PartnershipService's events reach AllocationService through its relay;
/// an abort found without notice opens one reclaim proposal (PART-R6, ALLOC-R16), a notified one opens none;
/// a termination the grant cannot take now waits as a dead letter that only operators may see and drop
/// (audited, COM-R4), and that survives a restart of AllocationService.
@Suite("Reclaim proposals and dead letters over gRPC")
struct ReclaimAndDeadLettersOverGRPCTests {
    static let kommune = DemoRegion.ownerId("4204")

    /// Polls `probe` until it returns a value (40 s at most).
    static func eventually<T: Sendable>(_ what: String, _ probe: @Sendable () async throws -> T?) async throws -> T {
        for _ in 0..<400 {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw DomainError(.unavailable, "\(what) did not happen within 40 seconds")
    }

    @Test(
        "late abort → one reclaim per grant concerned; termination on the same grant → dead letter; operators only; drop audited; survives restart"
    )
    func reclaimAndDeadLetter() async throws {
        try await TestStack.with { stack in
            let summary = try await stack.loadDemoYear()
            #expect(summary.measures["aborted", default: 0] > 0)
            @Sendable func allocation<R: Sendable>(
                _ identity: String,
                _ person: String,
                _ body: @Sendable (AllocationServiceClient<HTTP2ClientTransport.Posix>) async throws -> R
            ) async throws -> R {
                try await stack.client(.allocation, as: identity, person: person) {
                    try await body(AllocationServiceClient(wrapping: $0))
                }
            }
            @Sendable func partnerships<R: Sendable>(
                _ identity: String,
                _ person: String,
                _ body: @Sendable (PartnershipServiceClient<HTTP2ClientTransport.Posix>) async throws -> R
            ) async throws -> R {
                try await stack.client(.partnerships, as: identity, person: person) {
                    try await body(PartnershipServiceClient(wrapping: $0))
                }
            }
            let sf = ("statsforvalter-agder", DemoPersons.dashboardDefault)
            let udir = ("udir", "demo-udir")

            // The demo year's abort was notified in time: no reclaim anywhere.
            let before = try await allocation(sf.0, sf.1) {
                try await $0.listReclaimCases(.with { $0.pageSize = 500 }).items
            }
            #expect(before.isEmpty)

            // A running measure of a Kristiansand–UiA partnership whose grant line is paid out: every grant of the
            // partnership carrying that line and paid out is concerned (the owner's and UiA's).
            let grants = try await allocation(sf.0, sf.1) { try await $0.listGrants(.with { $0.pageSize = 500 }).items }
            let measures = try await partnerships(sf.0, sf.1) {
                try await $0.listMeasures(.with { $0.pageSize = 500 }).items
            }
            let partnershipList = try await partnerships(sf.0, sf.1) {
                try await $0.listPartnerships(.with { $0.pageSize = 500 }).items
            }
            let running: Set<MeasureStatus> = [.planned, .started, .inProgress, .completing]
            let paidOut: Set<GrantStatus> = [.disbursed, .reported]
            func concerned(_ measure: Measure, _ partnership: Partnership) -> [Grant] {
                grants.filter {
                    partnership.grantIds.contains($0.id) && $0.lineIds.contains(measure.grantLineId)
                        && paidOut.contains($0.status) && $0.disbursedOre > 0
                }
            }
            let candidates = measures.compactMap { measure -> (Measure, Partnership)? in
                guard running.contains(measure.status),
                    let partnership = partnershipList.first(where: { $0.id == measure.partnershipId }),
                    partnership.status == .active,
                    partnership.ownerIds.contains(Self.kommune), partnership.uhInstitutionIds.contains("uia"),
                    !concerned(measure, partnership).isEmpty
                else { return nil }
                return (measure, partnership)
            }
            let (measure, partnership) = try #require(
                candidates.first,
                """
                measures: \(measures.map { "\($0.status.name) \($0.grantLineId) \($0.partnershipId)" })
                grants: \(grants.map { "\($0.id) \($0.status.name) \($0.lineIds) \($0.disbursedOre)" })
                """
            )
            // Per grant: the measure's line share of what was paid out, in whole kroner (ALLOC-R16, nothing documented spent).
            var amounts: [String: Int64] = [:]
            for grant in concerned(measure, partnership) {
                let line = try #require(grant.lineAmounts.first { $0.recommendationLineId == measure.grantLineId })
                amounts[grant.id] = grant.disbursedOre * line.amountOre / grant.amountOre / 100 * 100
            }
            let expected = amounts

            _ = try await partnerships(sf.0, sf.1) { client in
                try await client.recordUnannouncedAbort(
                    .with {
                        $0.requestId = "late-abort-1"
                        $0.measureId = measure.id
                        $0.expectedVersion = measure.version
                        $0.abortReason = "Tiltaket ble avsluttet uten melding"
                        $0.discoveredOn = stack.time.today()
                    }
                )
            }
            let opened = try await Self.eventually("the reclaim proposals") {
                let items = try await allocation(sf.0, sf.1) {
                    try await $0.listReclaimCases(.with { $0.pageSize = 500 }).items
                }
                return items.count >= expected.count ? items : nil
            }
            #expect(opened.count == expected.count)
            #expect(Dictionary(opened.map { ($0.grantId, $0.amountOre) }, uniquingKeysWith: +) == expected)
            #expect(
                opened.allSatisfy {
                    $0.trigger == .unannouncedAbort && $0.status == .open && $0.measureId == measure.id
                }
            )
            let proposed = try await allocation(sf.0, sf.1) { client in
                try await client.listAllocationEvents(
                    .with {
                        $0.afterSequence = 0
                        $0.pageSize = 500
                    }
                ).events.filter { $0.type == "ReclaimProposed" }
            }
            #expect(Set(proposed.map(\.reclaimCaseId)) == Set(opened.map(\.id)))
            #expect(proposed.count == opened.count)

            // Termination with remaining funds while that reclaim is open: AllocationService refuses it for now.
            let requested = try await partnerships("kommune-kristiansand", "demo-eier-owner-4204") { client in
                try await client.requestTermination(
                    .with {
                        $0.requestId = "terminate-1"
                        $0.partnershipId = partnership.id
                        $0.expectedVersion = partnership.version
                        $0.reason = "Partene er enige om å avslutte samarbeidet"
                    }
                )
            }
            _ = try await partnerships("uh-uia", "demo-uh-uia") { client in
                try await client.confirmTermination(
                    .with {
                        $0.requestId = "terminate-2"
                        $0.partnershipId = partnership.id
                        $0.expectedVersion = requested.version
                        $0.remainingFundsOre = 100_000
                    }
                )
            }
            let letters = try await Self.eventually("the dead letter") {
                let items = try await allocation(udir.0, udir.1) { try await $0.listDeadLetters(.init()).items }
                return items.isEmpty ? nil : items
            }
            #expect(letters.count == 1)
            let letter = try #require(letters.first)
            #expect(letter.relay == "partnerships-to-allocation")
            #expect(letter.eventType == "PartnershipTerminated")
            #expect(letter.errorCode == DomainError.Code.illegalTransition.description)
            // No second proposal came of it.
            #expect(
                try await allocation(sf.0, sf.1) {
                    try await $0.listReclaimCases(.with { $0.pageSize = 500 }).items.count
                } == opened.count
            )

            // Not an operator: the embete's caseworker may neither list nor drop (AUTH-R5).
            await #expect { try await allocation(sf.0, sf.1) { try await $0.listDeadLetters(.init()) } } throws: {
                error in
                (error as? RPCError)?.code == .permissionDenied
            }
            await #expect {
                try await allocation(sf.0, sf.1) { client in
                    try await client.dropDeadLetter(
                        .with {
                            $0.requestId = "drop-x"
                            $0.relay = letter.relay
                            $0.sequence = letter.sequence
                            $0.reason = "x"
                        }
                    )
                }
            } throws: { error in (error as? RPCError)?.code == .permissionDenied }

            // AllocationService restarted on the same database still holds it; Udir drops it with a reason.
            stack.stop(.allocation)
            try await stack.restart(.allocation) { _ in
                let again = try await allocation(udir.0, udir.1) { try await $0.listDeadLetters(.init()).items }
                #expect(again == letters)
                // The operator's command line lists it too, as the gateway's system identity.
                let cli = try runProgram(
                    RepositoryPaths.root.appendingPathComponent(".build/debug/ksi"),
                    [
                        "dead-letters", "allocation", "127.0.0.1:\(stack.ports[.allocation]!)", "--cert-dir",
                        stack.pki.directory.path,
                    ]
                )
                #expect(cli.status == 0, "\(cli.output)")
                #expect(
                    cli.output.contains(
                        "\(letter.relay) \(letter.sequence) PartnershipTerminated"
                    ),
                    "\(cli.output)"
                )
                let dropped = try await allocation(udir.0, udir.1) { client in
                    try await client.dropDeadLetter(
                        .with {
                            $0.requestId = "drop-1"
                            $0.relay = letter.relay
                            $0.sequence = letter.sequence
                            $0.reason = "Tilbakekrevingen behandles i den åpne saken"
                        }
                    )
                }
                #expect(dropped.dropped?.sequence == letter.sequence)
                #expect(try await allocation(udir.0, udir.1) { try await $0.listDeadLetters(.init()).items }.isEmpty)
                let audit = try await allocation(udir.0, udir.1) { client in
                    try await client.listAuditRecords(.with { $0.aggregateType = "RelayDeadLetter" }).items
                }
                #expect(audit.map(\.afterState) == ["dropped"])
                #expect(audit.first?.reason == "Tilbakekrevingen behandles i den åpne saken")
                #expect(audit.first?.actorPersonId == "demo-udir")
            }
        }
    }
}
