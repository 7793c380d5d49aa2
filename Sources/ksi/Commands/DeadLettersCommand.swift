import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import Services

/// `ksi dead-letters <service> <host:port>`: lists a service's relay dead letters, or retries or drops one,
/// through the operator RPCs (docs/operations.md, "Dead letters"), as a system identity over mTLS.
struct DeadLettersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters",
        abstract: "List, retry or drop a service's relay dead letters (operators; docs/operations.md)."
    )

    @Argument(help: "The consuming service: needs, partnerships or allocation.")
    var service: String

    @Argument(help: "host:port of that service.")
    var address: String

    @Option(help: "The relay (e.g. \(RelayName.partnershipsToAllocation.rawValue)); required with --retry and --drop.")
    var relay: String = ""

    @Option(help: "Retry the dead letter with this sequence.")
    var retry: Int64?

    @Option(help: "Drop the dead letter with this sequence (needs --reason).")
    var drop: Int64?

    @Option(help: "Why the dead letter is dropped (audited, COM-R4).")
    var reason: String = ""

    @Option(help: "Folder with the certificates (KSI_CERT_DIR).")
    var certDir: String = Environment.string("KSI_CERT_DIR") ?? ".ksi-data/certs"

    @Option(help: "Client identity to present (a system identity's <name>.pem in the cert folder).")
    var identity: String = "gateway-client"

    /// The three operator RPCs of one service.
    struct Desk: Sendable {
        var list: @Sendable (ListDeadLettersRequest) async throws -> ListDeadLettersResponse
        var retry: @Sendable (RetryDeadLetterRequest) async throws -> RetryDeadLetterResponse
        var drop: @Sendable (DropDeadLetterRequest) async throws -> DropDeadLetterResponse
    }

    func run() async throws {
        let parts = address.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("expected host:port") }
        if (retry != nil || drop != nil) && relay.isEmpty { throw ValidationError("--retry and --drop need --relay") }
        let pki = DevelopmentPKI(directory: URL(fileURLWithPath: certDir))
        let transport = try HTTP2ClientTransport.Posix(
            target: GRPCClientService.target(host: String(parts[0]), port: port),
            transportSecurity: TransportSecurity.client(pki.tls(identity))
        )
        let service = self.service
        let relay = self.relay
        let retry = self.retry
        let drop = self.drop
        let reason = self.reason
        try await withGRPCClient(transport: transport) { client in
            let options = CallOptions.timeout(.seconds(30))
            let desk: Desk
            switch BoundedContext(rawValue: service) {
            case .needs:
                let api = NeedsServiceClient(wrapping: client)
                desk = Desk(
                    list: { try await api.listDeadLetters($0, options: options) },
                    retry: { try await api.retryDeadLetter($0, options: options) },
                    drop: { try await api.dropDeadLetter($0, options: options) }
                )
            case .partnerships:
                let api = PartnershipServiceClient(wrapping: client)
                desk = Desk(
                    list: { try await api.listDeadLetters($0, options: options) },
                    retry: { try await api.retryDeadLetter($0, options: options) },
                    drop: { try await api.dropDeadLetter($0, options: options) }
                )
            case .allocation:
                let api = AllocationServiceClient(wrapping: client)
                desk = Desk(
                    list: { try await api.listDeadLetters($0, options: options) },
                    retry: { try await api.retryDeadLetter($0, options: options) },
                    drop: { try await api.dropDeadLetter($0, options: options) }
                )
            case .referral, nil:
                throw ValidationError("the services with relays are needs, partnerships and allocation")
            }
            let requestId = "ksi-cli-\(UUID().uuidString.lowercased())"
            if let retry {
                let result = try await desk.retry(
                    .with {
                        $0.requestId = requestId
                        $0.relay = relay
                        $0.sequence = retry
                    }
                )
                print(
                    result.applied
                        ? "applied: \(relay) \(retry)"
                        : "refused again: \(Self.line(result.deadLetter ?? DeadLetter()))"
                )
            } else if let drop {
                let result = try await desk.drop(
                    .with {
                        $0.requestId = requestId
                        $0.relay = relay
                        $0.sequence = drop
                        $0.reason = reason
                    }
                )
                print("dropped: \(Self.line(result.dropped ?? DeadLetter()))")
            } else {
                var token = ""
                repeat {
                    let page = try await desk.list(
                        .with {
                            $0.relay = relay
                            $0.pageToken = token
                            $0.pageSize = 500
                        }
                    )
                    for letter in page.items { print(Self.line(letter)) }
                    token = page.nextPageToken
                } while !token.isEmpty
            }
        }
    }

    static func line(_ letter: DeadLetter) -> String {
        let rules = letter.violations.map { "\($0.ruleId) \($0.field)" }.joined(separator: ", ")
        return
            "\(letter.relay) \(letter.sequence) \(letter.eventType) attempts=\(letter.attempts) \(letter.errorCode): \(letter.errorMessage)"
            + (rules.isEmpty ? "" : " [\(rules)]")
    }
}
