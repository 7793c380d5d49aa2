import Testing

@testable import KSICore

/// The kernel state machine itself (issue 16): which refusal comes first, where each target leads, which actor acts.
@Suite("Kernel TransitionTable")
struct TransitionTableTests {
    enum State: String, Hashable, Sendable { case draft, sent, closed }
    enum Command: String, Hashable, Sendable { case create, edit, send, reopen, close, archive }
    enum Actor: String, Hashable, Sendable { case writer, editor, clerk }
    typealias Table = TransitionTable<State, Command, Actor>

    static let refusals = Table.Refusals(
        illegal: { refusal in
            DomainError.illegalTransition(
                "\(refusal.command) needs \(refusal.from.map { $0?.rawValue ?? "new" }.joined(separator: "|")); "
                    + "is \(refusal.state?.rawValue ?? "new")",
                state: refusal.state?.rawValue ?? ""
            )
        },
        notPermitted: { refusal in
            DomainError.notPermitted(
                "only \(refusal.who.map(\.rawValue).joined(separator: "|")) may \(refusal.command) (\(refusal.verb))"
            )
        }
    )

    static func table(_ order: Table.CheckOrder) -> Table {
        Table(
            noun: "letter",
            order: order,
            refusals: refusals,
            entries: [
                .init(.create, from: [nil], to: .state(.draft), who: [.writer]),
                .init(.edit, from: [.draft], to: .unchanged, who: [.writer, .editor], verb: "edited"),
                .init(.send, from: [.draft], to: .state(.sent), who: [.editor], verb: "sent"),
                .init(.reopen, from: [.closed], to: .remembered, who: [.clerk]),
                .init(.close, from: [.draft], to: .state(.closed), who: [.writer], verb: "closed early"),
                .init(.close, from: [.sent], to: .state(.closed), who: [.clerk], verb: "closed"),
            ]
        )
    }

    @Test("a target leads to its state; unchanged and remembered keep the current one; nil is no entity yet")
    func targets() throws {
        let table = Self.table(.stateFirst)
        #expect(try table.decide(.create, from: nil, by: [.writer]).to == .draft)
        #expect(try table.decide(.send, from: .draft, by: [.editor]).to == .sent)
        #expect(try table.decide(.edit, from: .draft, by: [.editor]).to == .draft)
        #expect(try table.decide(.reopen, from: .closed, by: [.clerk]).to == .closed)
    }

    @Test("the caller acts as the first actor of the entry it holds, in table order")
    func actor() throws {
        let table = Self.table(.whoFirst)
        #expect(try table.decide(.edit, from: .draft, by: [.editor, .writer]).actor == .writer)
        #expect(try table.decide(.edit, from: .draft, by: [.editor]).actor == .editor)
    }

    @Test("a wrong caller in a wrong state: who-first tables refuse the caller, state-first tables the state")
    func order() {
        #expect(throws: DomainError.notPermitted("only editor may send (sent)")) {
            try Self.table(.whoFirst).decide(.send, from: .sent, by: [.writer])
        }
        #expect(throws: DomainError.illegalTransition("send needs draft; is sent")) {
            try Self.table(.stateFirst).decide(.send, from: .sent, by: [.writer])
        }
    }

    @Test("several entries of one command: matched by state; a refusal names all start states, that entry's actors")
    func severalEntries() throws {
        for order in [Table.CheckOrder.whoFirst, .stateFirst] {
            let table = Self.table(order)
            #expect(try table.decide(.close, from: .sent, by: [.clerk]).to == .closed)
            #expect(throws: DomainError.notPermitted("only clerk may close (closed)")) {
                try table.decide(.close, from: .sent, by: [.writer])
            }
            #expect(throws: DomainError.illegalTransition("close needs draft|sent; is closed")) {
                try table.decide(.close, from: .closed, by: [.writer, .clerk])
            }
        }
    }

    @Test("a command the table does not know is an illegal transition naming no start state, before any role check")
    func unknownCommand() {
        let error = #expect(throws: DomainError.self) {
            try Self.table(.whoFirst).decide(.archive, from: .draft, by: [])
        }
        #expect(error == DomainError.illegalTransition("archive needs ; is draft"))
        #expect(error?.metadata["state"] == "draft")
    }

    @Test("allows, who, from and edges read the table")
    func reads() {
        let table = Self.table(.stateFirst)
        #expect(table.allows(.close, from: .sent) && !table.allows(.close, from: .closed))
        #expect(table.who(.close) == [.writer, .clerk])
        #expect(table.from(.close) == [.draft, .sent])
        #expect(table.edges.count == 6)
    }
}
