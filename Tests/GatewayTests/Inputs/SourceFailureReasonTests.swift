import Foundation
import GRPCCore
import Gateway
import KSICore
import KSITestSupport
import Services
import Testing

/// Errors for callers, details for operators (issue 11 item 7): a view's section reason names the
/// source and an incident id, never the host, port or transport error; the log has those under the id.
@Suite("Unavailable sections carry an incident id, not internals")
struct SourceFailureReasonTests {
    @Test("needs stopped: the section reason has no host/port text and has the id; the log has the detail under it")
    func stoppedServiceReasonHasOnlyTheIncident() async throws {
        let pki = DevelopmentPKI(directory: try LoopbackTLS.directory())
        try pki.create(clients: ServiceIdentities.all)
        let stopped = try freeLoopbackPort()  // nothing listens here: the service is down
        let address = (host: "127.0.0.1", port: stopped)
        let upstreams = try Upstreams(
            addresses: .init(needs: address, partnerships: address, allocation: address, referral: address),
            tls: pki.tls("gateway-client"),
            timeout: .seconds(1)
        )
        let log = CapturedLog()
        let source = ServiceViewDataSource(
            upstreams: upstreams,
            reference: try ReferenceData.bundled(),
            logger: log.logger()
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in upstreams.connections { group.addTask { try await connection.client.runConnections() } }
            defer { for connection in upstreams.connections { connection.client.beginGracefulShutdown() } }
            let started = ContinuousClock.now
            let error = await #expect(throws: SourceUnavailable.self) {
                _ = try await source.needs(ViewQuery(governorOfficeId: "", scheme: .unspecified, years: 2026...2026))
            }
            #expect(started.duration(to: .now) < .seconds(4), "the upstream deadline bounds the read")
            let reason = SourceSection<NeedsData>.unavailable(
                reason: ViewSourceFailure.reason(.needs, try #require(error))
            ).status.reason
            #expect(!reason.contains("127.0.0.1"))
            #expect(!reason.contains("\(stopped)"))
            #expect(reason.hasPrefix("needs service unavailable (incident "))
            let id = String(reason.dropFirst("needs service unavailable (incident ".count).dropLast())
            #expect(id.count == 16)
            let record = try #require(log.all.first { $0.metadata[Incident.logKey] == id })
            #expect(record.metadata["ksi.source"] == "needs")
            // The detail is the transport's own: a deadline or a refused connection to that address.
            let detail = record.metadata["ksi.error"] ?? ""
            #expect(
                detail.contains("deadline") || detail.contains("onnect") || detail.contains("\(stopped)"),
                "\(detail)"
            )
        }
    }
}
