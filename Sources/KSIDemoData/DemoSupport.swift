import KSICore

/// Helpers of the demo generators: obviously fictitious people with synthetic national ids, a request-id
/// counter, and the in-process event relay between the four contexts (`EventApplication`'s translation).

/// Obviously fictitious names and synthetic (D-number) national identity numbers.
public enum DemoPeople {
    static let numerals = [
        "Ein", "To", "Tre", "Fire", "Fem", "Seks", "Sju", "Åtte", "Ni", "Ti", "Elleve", "Tolv", "Tretten", "Fjorten",
        "Femten", "Seksten", "Sytten", "Atten", "Nitten", "Tjue",
    ]

    /// "Testbarn Ein", "Testbarn To", … (then "Testbarn 21", …).
    public static func childName(_ index: Int) -> String { "Testbarn \(numeral(index))" }
    /// "Demo Foresatt Ein", …
    public static func guardianName(_ index: Int) -> String { "Demo Foresatt \(numeral(index))" }
    /// "Demo Rådgiver Ein", …
    public static func adviserName(_ index: Int) -> String { "Demo Rådgiver \(numeral(index))" }

    static func numeral(_ index: Int) -> String { index < numerals.count ? numerals[index] : "\(index + 1)" }

    /// A valid-checksum D-number (day + 40) for a birth date; `serial` picks the individual number.
    public static func dNumber(born date: LocalDate, serial: Int) -> String {
        let dd = Int(date.day) + 40
        let mm = Int(date.month)
        let yy = Int(date.year) % 100
        // Individual numbers 500–999 are used for births 2000–2039.
        var individual = 500 + (serial * 7) % 499
        for _ in 0..<500 {
            let digits = [
                dd / 10, dd % 10, mm / 10, mm % 10, yy / 10, yy % 10, individual / 100, (individual / 10) % 10,
                individual % 10,
            ]
            if let (k1, k2) = NationalIdentityNumber.checkDigits(for: digits) {
                return (digits + [k1, k2]).map(String.init).joined()
            }
            individual = individual == 999 ? 500 : individual + 1
        }
        preconditionFailure("no D-number for \(date)")
    }
}

/// Deterministic request ids for the demo's commands ("demo-000001", …).
final class DemoRequestIds: @unchecked Sendable {
    private var counter = 0
    let prefix: String

    init(prefix: String) { self.prefix = prefix }

    func next() -> String {
        counter += 1
        return "\(prefix)-\(String(format: "%06d", counter))"
    }
}

/// Delivers the contexts' outbox events to each other in-process, with the same translation the services'
/// relays use (`EventApplication`): Allocation → Needs (lines, decisions, round decided, appeals),
/// Allocation → Partnerships (grants committed), Partnerships → Allocation (reports submitted and accepted).
final class DemoRelay: @unchecked Sendable {
    let needs: NeedsContext
    let partnerships: PartnershipContext
    let allocation: AllocationContext
    let caller = Caller.system("demo")
    private var allocationCursor: Int64 = 0
    private var partnershipCursor: Int64 = 0

    init(needs: NeedsContext, partnerships: PartnershipContext, allocation: AllocationContext) {
        self.needs = needs
        self.partnerships = partnerships
        self.allocation = allocation
    }

    /// Delivers every event not yet delivered, in both directions.
    func deliver() async throws {
        while true {
            let events = try await allocation.listAllocationEvents(
                .with {
                    $0.afterSequence = allocationCursor
                    $0.pageSize = 200
                },
                as: caller
            ).events
            if events.isEmpty { break }
            for event in events {
                try await EventApplication.apply(event, to: needs, as: caller)
                try await EventApplication.apply(event, to: partnerships, as: caller)
                allocationCursor = max(allocationCursor, event.sequence)
            }
        }
        while true {
            let events = try await partnerships.queries.listPartnershipEvents(
                .with {
                    $0.afterSequence = partnershipCursor
                    $0.pageSize = 200
                },
                as: caller
            ).events
            if events.isEmpty { break }
            for event in events {
                try await EventApplication.apply(event, to: allocation, as: caller)
                partnershipCursor = max(partnershipCursor, event.sequence)
            }
        }
    }
}
