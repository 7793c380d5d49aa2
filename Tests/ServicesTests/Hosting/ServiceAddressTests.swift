import KSICore
import Services
import Testing

/// `KSI_…_ADDRESS` (issue 17): one `host:port`, or the IP `host:port`s of a service's replicas, which the client
/// balances round-robin; anything else is refused naming the field and what is wrong.
@Suite("Service addresses: one name or several replicas")
struct ServiceAddressTests {
    @Test("one host:port, several IPv4 or IPv6 replicas")
    func parses() throws {
        #expect(try ServiceAddress(parsing: "needs:50051").endpoints == [.init(host: "needs", port: 50051)])
        #expect(
            try ServiceAddress(parsing: "10.0.0.5:50051, 10.0.0.6:50052").endpoints == [
                .init(host: "10.0.0.5", port: 50051), .init(host: "10.0.0.6", port: 50052),
            ]
        )
        let six = try ServiceAddress(parsing: "[::1]:50051,[fd00::2]:50051")
        #expect(six.endpoints.map(\.host) == ["::1", "fd00::2"])
        #expect(six.description == "[::1]:50051,[fd00::2]:50051")
    }

    @Test(
        "malformed or mixed addresses are refused with the field and the reason",
        arguments: [
            "needs", "needs:", ":50051", "needs:0", "needs:70000", "needs:5x", "", "10.0.0.5:50051,",
            "needs-a:50051,needs-b:50051", "10.0.0.5:50051,[::1]:50051", "10.0.0.5:50051,needs:50051",
        ]
    )
    func refuses(_ text: String) {
        let error = #expect(throws: DomainError.self) { try ServiceAddress(parsing: text) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.violations.first?.field == "address")
    }
}
