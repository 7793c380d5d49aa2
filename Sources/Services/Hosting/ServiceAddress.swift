import Foundation
import GRPCNIOTransportHTTP2
import KSICore

/// Where one service's replicas listen (issue 17): one `host:port`, whose name is resolved to every address
/// it has (DNS, e.g. `docker compose up --scale needs=3`), or several `host:port`s of replicas given as IP
/// addresses (`KSI_NEEDS_ADDRESS=10.0.0.5:50051,10.0.0.6:50051`). A client (`GRPCClientService`) keeps a
/// connection to each and spreads calls round-robin over them.
public struct ServiceAddress: Sendable, Hashable, CustomStringConvertible {
    /// One replica's `host:port`.
    public struct Endpoint: Sendable, Hashable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    public let endpoints: [Endpoint]

    /// One `host:port`: a DNS name balanced over what it resolves to, or one IP address.
    public init(host: String, port: Int) {
        endpoints = [Endpoint(host: host, port: port)]
    }

    /// The replicas of one service. Several must all be IPv4 or all IPv6 addresses: one client target
    /// cannot mix names (a DNS name lists its replicas itself).
    public init(replicas: [Endpoint]) throws {
        guard let first = replicas.first else {
            throw DomainError.invalidArgument(field: "address", "a service address names at least one host:port")
        }
        if replicas.count > 1 {
            let family = Self.family(first.host)
            guard family != nil, replicas.allSatisfy({ Self.family($0.host) == family }) else {
                throw DomainError.invalidArgument(
                    field: "address",
                    "several replicas must all be IPv4 or all IPv6 addresses (a DNS name balances over every address it resolves to): \(replicas.map(Self.text).joined(separator: ","))"
                )
            }
        }
        endpoints = replicas
    }

    /// `host:port`, or several separated by commas (`10.0.0.5:50051,10.0.0.6:50051`; IPv6 as `[::1]:50051`).
    public init(parsing text: String) throws {
        var replicas: [Endpoint] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            guard let colon = item.lastIndex(of: ":"), let port = Int(item[item.index(after: colon)...]),
                (1...65_535).contains(port)
            else {
                throw DomainError.invalidArgument(field: "address", "expected host:port, got '\(item)'")
            }
            var host = String(item[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else {
                throw DomainError.invalidArgument(field: "address", "expected host:port, got '\(item)'")
            }
            replicas.append(Endpoint(host: host, port: port))
        }
        try self.init(replicas: replicas)
    }

    public var description: String { endpoints.map(Self.text).joined(separator: ",") }

    /// The client target: IP addresses as they are (an IP address cannot be a TLS server name), a name
    /// through DNS.
    var target: any ResolvableTarget {
        let pairs = endpoints.map { (host: $0.host, port: $0.port) }
        switch Self.family(endpoints[0].host) {
        case .ipv4: return .ipv4(pairs: pairs)
        case .ipv6: return .ipv6(pairs: pairs)
        case nil: return .dns(host: endpoints[0].host, port: endpoints[0].port)
        }
    }

    private enum Family { case ipv4, ipv6 }

    private static func family(_ host: String) -> Family? {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4 && parts.allSatisfy({ UInt8($0) != nil }) { return .ipv4 }
        if host.contains(":") && host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) { return .ipv6 }
        return nil
    }

    private static func text(_ endpoint: Endpoint) -> String {
        endpoint.host.contains(":") ? "[\(endpoint.host)]:\(endpoint.port)" : "\(endpoint.host):\(endpoint.port)"
    }
}
