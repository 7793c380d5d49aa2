import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import Services

/// The gateway's connections to the four services, each with the gateway's own client identity.
/// `remote…(for:)` gives a service API that acts for a calling organisation: the principal travels in
/// `ksi-principal-org`, which the services accept only from a trusted gateway certificate, and the
/// person's token in `authorization`.
public struct Upstreams: Sendable {
    public typealias Transport = HTTP2ClientTransport.Posix

    public let needs: NeedsServiceClient<Transport>
    public let partnerships: PartnershipServiceClient<Transport>
    public let allocation: AllocationServiceClient<Transport>
    public let referral: ReferralServiceClient<Transport>
    /// The client connections; run them in the service group before the gateway's servers.
    public let connections: [GRPCClientService]
    /// The deadline of every upstream call.
    public let timeout: Duration

    /// Where the four services listen; each may name several replicas, which calls are spread over
    /// round-robin (`ServiceAddress`, issue 17).
    public struct Addresses: Sendable {
        public var needs: ServiceAddress
        public var partnerships: ServiceAddress
        public var allocation: ServiceAddress
        public var referral: ServiceAddress

        public init(
            needs: ServiceAddress,
            partnerships: ServiceAddress,
            allocation: ServiceAddress,
            referral: ServiceAddress
        ) {
            self.needs = needs
            self.partnerships = partnerships
            self.allocation = allocation
            self.referral = referral
        }

        /// One `host:port` per service.
        public init(
            needs: (host: String, port: Int),
            partnerships: (host: String, port: Int),
            allocation: (host: String, port: Int),
            referral: (host: String, port: Int)
        ) {
            self.init(
                needs: ServiceAddress(host: needs.host, port: needs.port),
                partnerships: ServiceAddress(host: partnerships.host, port: partnerships.port),
                allocation: ServiceAddress(host: allocation.host, port: allocation.port),
                referral: ServiceAddress(host: referral.host, port: referral.port)
            )
        }
    }

    public init(addresses: Addresses, tls: Services.ServiceConfig.TLS, timeout: Duration = .seconds(5)) throws {
        let needs = try GRPCClientService(address: addresses.needs, tls: tls)
        let partnerships = try GRPCClientService(address: addresses.partnerships, tls: tls)
        let allocation = try GRPCClientService(address: addresses.allocation, tls: tls)
        let referral = try GRPCClientService(address: addresses.referral, tls: tls)
        self.needs = NeedsServiceClient(wrapping: needs.client)
        self.partnerships = PartnershipServiceClient(wrapping: partnerships.client)
        self.allocation = AllocationServiceClient(wrapping: allocation.client)
        self.referral = ReferralServiceClient(wrapping: referral.client)
        self.connections = [needs, partnerships, allocation, referral]
        self.timeout = timeout
    }

    /// Metadata that makes a call act for `caller`: its organisation and, when a person acts, the
    /// person's own token as presented (the services verify it themselves, AUTH-R1; never a bare person id).
    public static func principal(_ caller: Caller) -> Metadata {
        var metadata: Metadata = [:]
        metadata.addString(caller.orgNumber, forKey: CallerIdentity.principalKey)
        if let bearer = caller.bearer {
            metadata.addString("Bearer \(bearer.value)", forKey: CallerIdentity.authorizationKey)
        }
        return metadata
    }

    public func needs(for caller: Caller) -> NeedsServiceRemote<Transport> {
        NeedsServiceRemote(needs, metadata: Self.principal(caller), options: .upstream(timeout: timeout))
    }

    public func partnerships(for caller: Caller) -> PartnershipServiceRemote<Transport> {
        PartnershipServiceRemote(partnerships, metadata: Self.principal(caller), options: .upstream(timeout: timeout))
    }

    public func allocation(for caller: Caller) -> AllocationServiceRemote<Transport> {
        AllocationServiceRemote(allocation, metadata: Self.principal(caller), options: .upstream(timeout: timeout))
    }

    public func referral(for caller: Caller) -> ReferralServiceRemote<Transport> {
        ReferralServiceRemote(referral, metadata: Self.principal(caller), options: .upstream(timeout: timeout))
    }

    /// The services' APIs as the gateway itself (a `system` identity): for the aggregate views.
    var asGateway:
        (
            needs: NeedsServiceRemote<Transport>, partnerships: PartnershipServiceRemote<Transport>,
            allocation: AllocationServiceRemote<Transport>, referral: ReferralServiceRemote<Transport>
        )
    {
        (
            NeedsServiceRemote(needs, options: .upstream(timeout: timeout)),
            PartnershipServiceRemote(partnerships, options: .upstream(timeout: timeout)),
            AllocationServiceRemote(allocation, options: .upstream(timeout: timeout)),
            ReferralServiceRemote(referral, options: .upstream(timeout: timeout))
        )
    }
}

extension RPCError {
    /// Whether the error means the service could not answer (down, overloaded, too slow), as opposed
    /// to refusing the request.
    var meansUnavailable: Bool {
        [.unavailable, .deadlineExceeded, .cancelled, .resourceExhausted, .unknown, .internalError].contains(code)
    }
}
