import GRPCCore
import GRPCNIOTransportHTTP2
import KSICore
import KSIDemoData
import Services

extension TestStack {
    /// Drives the demo embete-year (Agder, KSI 2025) through the four services over gRPC: every
    /// organisation acts through the gateway identity with its principal forwarded, and the services'
    /// own relays carry the events between them.
    public func loadDemoYear() async throws -> DemoYearSummary {
        try await client(.needs, as: "gateway-client") { needsClient in
            try await client(.partnerships, as: "gateway-client") { partnershipsClient in
                try await client(.allocation, as: "gateway-client") { allocationClient in
                    try await client(.referral, as: "gateway-client") { referralClient in
                        let options = CallOptions.timeout(.seconds(30))
                        let needs = NeedsServiceRouter {
                            NeedsServiceRemote(
                                NeedsServiceClient(wrapping: needsClient),
                                metadata: metadata(for: $0),
                                options: options
                            )
                        }
                        let partnerships = PartnershipServiceRouter {
                            PartnershipServiceRemote(
                                PartnershipServiceClient(wrapping: partnershipsClient),
                                metadata: metadata(for: $0),
                                options: options
                            )
                        }
                        let allocation = AllocationServiceRouter {
                            AllocationServiceRemote(
                                AllocationServiceClient(wrapping: allocationClient),
                                metadata: metadata(for: $0),
                                options: options
                            )
                        }
                        let referral = ReferralServiceRouter {
                            ReferralServiceRemote(
                                ReferralServiceClient(wrapping: referralClient),
                                metadata: metadata(for: $0),
                                options: options
                            )
                        }
                        return try await DemoYear.load(
                            needs: needs,
                            partnerships: partnerships,
                            allocation: allocation,
                            referral: referral,
                            reference: reference,
                            time: time,
                            settle: { try await waitForRelays(allocation: allocation, partnerships: partnerships) }
                        )
                    }
                }
            }
        }
    }

    /// Metadata that makes the gateway identity act for `caller`: its organisation and, when a person
    /// acts, that person's development token (the services verify it, AUTH-R1).
    public func metadata(for caller: Caller) -> Metadata {
        var metadata = person(caller.personId)
        metadata.addString(caller.orgNumber, forKey: CallerIdentity.principalKey)
        return metadata
    }
}
