import Foundation
import Testing

@testable import KSICore

/// Every state machine of the four contexts against DOMAIN.md §4, read from `DomainStateMachines.json` (copied by
/// hand from DOMAIN.md; where the code differs on purpose, the fixture's `documentedDifferences` says why), and the
/// properties every table must have (issue 16).
@Suite("Domain state machines (DOMAIN.md §4)")
struct DomainStateMachineTests {
    /// One row of a table or of the fixture: `command` moves an entity from `from` to `to`.
    struct Edge: Hashable, CustomStringConvertible {
        var from: String
        var command: String
        var to: String
        var description: String { "\(from) —\(command)→ \(to)" }
    }

    /// A machine seen through names: its edges and the refusal of a command in a state.
    struct Machine: Sendable {
        var edges: Set<Edge>
        var commands: [String]
        /// The names of the status enum's cases: the text audit rows store as before and after states.
        var stateNames: [String]
        /// The error when a caller who holds every actor gives `command` in `state` ("new": no entity), or nil.
        var refusal: @Sendable (_ command: String, _ state: String) -> DomainError?
    }

    static func name<S: NamedEnum>(_ state: S?) -> String {
        guard let state, state.rawValue != 0 else { return "new" }
        return state.name
    }

    static func machine<S: NamedEnum, C: CaseIterable & Hashable & Sendable, A>(
        _ table: TransitionTable<S, C, A>
    ) -> Machine {
        let edges = table.edges.map { edge -> Edge in
            let to: String =
                switch edge.to {
                case .state(let next): name(next)
                case .unchanged: name(edge.from)
                case .remembered: "remembered"
                }
            return Edge(from: name(edge.from), command: "\(edge.command)", to: to)
        }
        return Machine(
            edges: Set(edges),
            commands: C.allCases.map { "\($0)" },
            stateNames: S.allCases.filter { $0.rawValue != 0 }.map(\.name),
            refusal: { command, state in
                guard let command = C.allCases.first(where: { "\($0)" == command }) else { return nil }
                let from: S? = state == "new" ? S.allCases.first { $0.rawValue == 0 } : S(name: state)
                do {
                    _ = try table.decide(command, from: from, by: { _ in true })
                    return nil
                } catch let error as DomainError {
                    return error
                } catch {
                    return DomainError(.invalidArgument, "unexpected \(error)")
                }
            }
        )
    }

    /// Referral tables start from nil (no referral yet) rather than `unspecified`.
    static func referral(_ kind: ReferralKind) -> Machine {
        let table = ReferralStateMachine(kind: kind).table
        var machine = machine(table)
        machine.refusal = { command, state in
            guard let command = ReferralStateMachine.Command.allCases.first(where: { "\($0)" == command }) else {
                return nil
            }
            do {
                _ = try table.decide(
                    command,
                    from: state == "new" ? nil : ReferralStatus(name: state),
                    by: { _ in true }
                )
                return nil
            } catch let error as DomainError { return error } catch { return nil }
        }
        return machine
    }

    static let machines: [String: Machine] = [
        "NeedsReport": machine(NeedsReportStateMachine.table),
        "NeedsRound": machine(NeedsRoundStateMachine.table),
        "Partnership": machine(PartnershipStateMachine.table),
        "Measure": machine(MeasureStateMachine.table),
        "PartnershipReport": machine(PartnershipReportStateMachine.table),
        "ConflictCase": machine(ConflictCaseStateMachine.table),
        "ThirdPartyContribution": machine(ThirdPartyContributionStateMachine.table),
        "Recommendation": machine(RecommendationStateMachine.table),
        "Grant": machine(GrantStateMachine.table),
        "Appeal": machine(AppealStateMachine.table),
        "MultiYearCommitment": machine(MultiYearCommitmentStateMachine.table),
        "ReclaimCase": machine(ReclaimCaseStateMachine.table),
        "GovernorAnnualReport": machine(GovernorAnnualReportStateMachine.table),
        "Referral(individual)": referral(.individual),
        "Referral(system)": referral(.system),
        "Referral(exceptionOpenedByStatped)": referral(.exceptionOpenedByStatped),
    ]

    // MARK: - The fixture

    struct Fixture: Decodable {
        struct Row: Decodable {
            var kind: String?
            var command: String
            var from: [String]
            var to: String
            var reason: String?

            var edges: [Edge] { from.map { Edge(from: $0, command: command, to: to == "=" ? $0 : to) } }
        }
        struct Documented: Decodable {
            var machine: String
            var source: String
            var states: [String]
            var initial: [String]
            var final: [String]
            var edges: [Row]
            var documentedDifferences: [Row]

            var documentedEdges: Set<Edge> { Set(edges.flatMap(\.edges)) }
            func differences(_ kind: String) -> Set<Edge> {
                Set(documentedDifferences.filter { $0.kind == kind }.flatMap(\.edges))
            }
        }
        var machines: [Documented]
    }

    static let fixture: Fixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("DomainStateMachines.json")
        do {
            return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        } catch {
            fatalError("DomainStateMachines.json: \(error)")
        }
    }()

    static var names: [String] { fixture.machines.map(\.machine) }

    static func documented(_ name: String) throws -> Fixture.Documented {
        try #require(fixture.machines.first { $0.machine == name })
    }

    // MARK: - Tests

    @Test("the fixture documents every state machine of the four contexts, and only those")
    func everyMachineIsDocumented() {
        #expect(Set(Self.names) == Set(Self.machines.keys))
    }

    @Test(
        "each table has exactly the transitions of DOMAIN.md §4, apart from the documented differences",
        arguments: names
    )
    func edgesMatchDomain(_ name: String) throws {
        let documented = try Self.documented(name)
        let machine = try #require(Self.machines[name])
        let docOnly = documented.differences("docOnly")
        let codeOnly = documented.differences("codeOnly")
        #expect(docOnly.isSubset(of: documented.documentedEdges), "a docOnly difference must be an edge of DOMAIN.md")
        #expect(codeOnly.isDisjoint(with: documented.documentedEdges), "a codeOnly difference must not be in DOMAIN.md")
        #expect(documented.documentedDifferences.allSatisfy { !($0.reason ?? "").isEmpty }, "every difference says why")
        let expected = documented.documentedEdges.subtracting(docOnly).union(codeOnly)
        let missing = expected.subtracting(machine.edges).map(\.description).sorted()
        let extra = machine.edges.subtracting(expected).map(\.description).sorted()
        #expect(missing.isEmpty, "\(name) lacks \(missing)")
        #expect(extra.isEmpty, "\(name) has undocumented \(extra)")
    }

    @Test(
        "each table names only documented states, and every state is reachable from the initial ones",
        arguments: names
    )
    func statesAreReachable(_ name: String) throws {
        let documented = try Self.documented(name)
        let machine = try #require(Self.machines[name])
        let known = Set(documented.states + ["new", "remembered"])
        let named = Set(machine.edges.flatMap { [$0.from, $0.to] })
        #expect(named.isSubset(of: known), "\(name) names \(named.subtracting(known).sorted())")
        var reached = Set(documented.initial)
        var frontier = documented.initial
        while let state = frontier.popLast() {
            for edge in machine.edges where edge.from == state && !reached.contains(edge.to) {
                reached.insert(edge.to)
                frontier.append(edge.to)
            }
        }
        let unreached = Set(documented.states).subtracting(reached).sorted()
        #expect(unreached.isEmpty, "\(name): \(unreached) cannot be reached from \(documented.initial)")
    }

    @Test("COM-R4 the states audit rows store are DOMAIN.md's names, byte for byte", arguments: names)
    func auditStateNames(_ name: String) throws {
        let documented = try Self.documented(name)
        let machine = try #require(Self.machines[name])
        #expect(machine.stateNames.sorted() == documented.states.sorted())
    }

    @Test("a final state has no way out", arguments: names)
    func finalStatesAreFinal(_ name: String) throws {
        let documented = try Self.documented(name)
        let machine = try #require(Self.machines[name])
        let ways = machine.edges.filter { documented.final.contains($0.from) }.map(\.description).sorted()
        #expect(ways.isEmpty, "\(name): \(ways)")
    }

    @Test(
        "every command refused in a state says so as an illegal transition naming that state",
        arguments: names
    )
    func refusalsNameTheState(_ name: String) throws {
        let documented = try Self.documented(name)
        let machine = try #require(Self.machines[name])
        for command in machine.commands {
            for state in documented.states + ["new"]
            where !machine.edges.contains(where: { $0.from == state && $0.command == command }) {
                let error = try #require(machine.refusal(command, state), "\(name): \(command) in \(state) was allowed")
                #expect(error.code == .illegalTransition, "\(name): \(command) in \(state): \(error)")
                #expect(!error.message.isEmpty)
                if state != "new" {
                    #expect(
                        error.message.contains(state) || error.metadata["state"] == state,
                        "\(name): \(command) in \(state) does not name the state: \(error.message)"
                    )
                }
            }
        }
    }
}
