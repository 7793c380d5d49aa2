import Foundation
import KSICore
import KSITestSupport
import Logging
import Services
import Testing

/// Issue 13: notification e-mail through libcurl's SMTP client to a real SMTP server (aiosmtpd), and to
/// `ksi dev`'s mail folder. Retries with backoff, survives restarts, never resends what was sent.
@Suite(.serialized) struct NotificationDeliveryTests {
    typealias R = TestRegion
    static let sender = "ikke-svar@ksi.example"
    static let logger = Logger(label: "ksi.test.notifications")
    static let retry = NotificationDelivery.RetryPolicy(
        baseMillis: 60_000,
        maxMillis: 3_600_000,
        maxAttempts: 5,
        claimMillis: 300_000
    )

    /// A grant committed to `recipient` in the allocation outbox, with its notification recorded.
    static func commitGrant(
        _ database: KSIDatabase,
        to recipient: String,
        amountOre: Int64,
        time: FixedTimeSource
    ) async throws {
        let registry = ReferenceRegistry(try R.reference())
        try await database.transaction { sql in
            try await StoreTransaction(sql: sql, context: "allocation", registry: registry).appendEvent(
                type: "GrantCommitted",
                aggregateId: "grant-\(recipient)-\(amountOre)",
                at: time.nowMillis(),
                payload: AllocationEvent.with {
                    $0.type = "GrantCommitted"
                    $0.governorOfficeId = R.governorOfficeId
                    $0.scheme = .ksi
                    $0.year = 2026
                    $0.grantId = "grant-\(recipient)-\(amountOre)"
                    $0.recipientOrgId = recipient
                    $0.amountOre = amountOre
                }
            )
        }
        try await Notifier(context: "allocation", database: database, registry: registry, time: time).catchUp()
    }

    static func delivery(
        _ database: KSIDatabase,
        _ transport: any MailTransport,
        _ time: FixedTimeSource
    ) -> NotificationDelivery {
        NotificationDelivery(
            context: "allocation",
            database: database,
            transport: transport,
            sender: sender,
            time: time,
            retry: retry,
            logger: logger
        )
    }

    static func records(_ database: KSIDatabase) async throws -> [NotificationRecord] {
        try await database.read { sql in try await StoreTransaction(sql: sql, context: "allocation").notifications() }
    }

    static func smtp(_ port: Int) -> CurlSMTPTransport {
        CurlSMTPTransport(url: "smtp://127.0.0.1:\(port)", security: .none, timeoutSeconds: 5)
    }

    @Test("A tilsagn e-mail reaches the SMTP server: recipient, Norwegian subject and body decode to what was recorded")
    func deliversThroughSMTP() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        try await TestDatabase.with(.sqlite) { database in
            let time = FixedTimeSource(date: LocalDate(year: 2026, month: 6, day: 1))
            try await Self.commitGrant(database, to: R.kristiansandKommune, amountOre: 125_000_000, time: time)
            let outcome = try await Self.delivery(database, Self.smtp(sink.port), time).runOnce()
            #expect(outcome == .init(sent: 1, failed: 0))
            let mails = try await sink.waitForMessages(1)
            let mail = try #require(mails.first)
            #expect(mails.count == 1)
            #expect(mail.envelopeRecipients == ["post@owner-kristiansand.example"])
            #expect(mail.header("To") == "<post@owner-kristiansand.example>")
            // Expected from the data this test made: 1 250 000 kr to Kristiansand kommune for 2026.
            #expect(mail.subject == "Tilsagn om tilskudd 2026: 1 250 000 kr")
            #expect(
                mail.body.contains(
                    "Statsforvalteren i Agder har gitt Kristiansand kommune tilsagn om 1 250 000 kr for 2026"
                )
            )
            #expect(mail.body.contains("Tilsagnet må aksepteres i KSI"))
            let record = try #require(try await Self.records(database).first)
            #expect(mail.body == record.body.replacingOccurrences(of: "\r\n", with: "\n") + "\n")
            #expect(mail.header("Message-ID") == "<notification.\(record.id)@ksi.example>")
            #expect(mail.header("Content-Type")?.lowercased() == "text/plain; charset=utf-8")
            #expect(record.status == .sent && record.attempts == 1 && record.sentAt == time.nowMillis())
        }
    }

    @Test("SMTP server down: the attempt is retried with exponential backoff and delivered once the server is up")
    func retriesWithBackoff() async throws {
        let port = try freeLoopbackPort()
        try await TestDatabase.with(.sqlite) { database in
            let time = FixedTimeSource(date: LocalDate(year: 2026, month: 6, day: 1))
            try await Self.commitGrant(database, to: R.arendalKommune, amountOre: 40_000_000, time: time)
            let delivery = Self.delivery(database, Self.smtp(port), time)
            let start = time.nowMillis()

            #expect(try await delivery.runOnce() == .init(sent: 0, failed: 1))
            var record = try #require(try await Self.records(database).first)
            #expect(record.status == .pending && record.attempts == 1 && record.nextAttemptAt == start + 60_000)
            #expect(record.lastError?.contains("SMTP") == true)
            #expect(try await delivery.runOnce() == .init(sent: 0, failed: 0))  // not due before the backoff ends

            time.advance(millis: 60_000)
            #expect(try await delivery.runOnce() == .init(sent: 0, failed: 1))
            record = try #require(try await Self.records(database).first)
            #expect(record.attempts == 2 && record.nextAttemptAt == time.nowMillis() + 120_000)  // doubled

            let sink = try await SMTPSink.start(port: port)
            defer { sink.stop() }
            time.advance(millis: 119_999)
            #expect(try await delivery.runOnce() == .init(sent: 0, failed: 0))
            time.advance(millis: 1)
            #expect(try await delivery.runOnce() == .init(sent: 1, failed: 0))
            let mails = try await sink.waitForMessages(1)
            #expect(mails.map(\.envelopeRecipients) == [["post@owner-arendal.example"]])
            record = try #require(try await Self.records(database).first)
            #expect(record.status == .sent && record.attempts == 3 && record.lastError == nil)
        }
    }

    @Test("A restart of the delivery loses nothing and does not resend a delivered message")
    func restartLosesNothing() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let folder = try RepositoryPaths.temporaryDirectory("notifications-restart")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("allocation.sqlite").path
        let time = FixedTimeSource(date: LocalDate(year: 2026, month: 6, day: 1))

        let first = try await KSIDatabase.openSQLite(path: path)
        try await first.withRunning { database in
            try await CoreSchema.migrate(database)
            try await Self.commitGrant(database, to: R.kristiansandKommune, amountOre: 10_000_000, time: time)
            try await Self.commitGrant(database, to: R.arendalKommune, amountOre: 20_000_000, time: time)
            #expect(try await Self.delivery(database, Self.smtp(sink.port), time).runOnce(limit: 1).sent == 1)
        }
        try await first.close()
        #expect(try await sink.waitForMessages(1).count == 1)

        let second = try await KSIDatabase.openSQLite(path: path)
        try await second.withRunning { database in
            try await CoreSchema.migrate(database)
            try await Notifier(
                context: "allocation",
                database: database,
                registry: ReferenceRegistry(try R.reference()),
                time: time
            ).catchUp()
            let delivery = Self.delivery(database, Self.smtp(sink.port), time)
            #expect(try await delivery.runOnce().sent == 1)  // only the one not yet sent
            #expect(try await delivery.runOnce().sent == 0)
            let records = try await Self.records(database)
            #expect(records.count == 2 && records.allSatisfy { $0.status == .sent })
        }
        try await second.close()
        let mails = try await sink.waitForMessages(2)
        #expect(mails.count == 2)
        #expect(
            Set(mails.flatMap(\.envelopeRecipients)) == [
                "post@owner-kristiansand.example", "post@owner-arendal.example",
            ]
        )
        #expect(Set(mails.compactMap { $0.header("Message-ID") }).count == 2)
    }

    @Test("KSI_SMTP_TLS=required (the default): a server without STARTTLS gets nothing, the attempt fails")
    func requiredTLSRefusesPlainServer() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let message = MailMessage(
            from: Self.sender,
            to: "post@owner-arendal.example",
            subject: "Test",
            body: "Hemmelig",
            messageId: "<t@ksi.example>",
            date: 0
        )
        let transport = CurlSMTPTransport(url: sink.url, timeoutSeconds: 5)
        #expect(transport.security == .required)
        let error = await #expect(throws: MailDeliveryError.self) { try await transport.send(message) }
        #expect(error?.description.contains("SSL") == true || error?.description.contains("TLS") == true)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try sink.messages().isEmpty)
        // the same server, plain allowed
        try await CurlSMTPTransport(url: sink.url, security: .opportunistic, timeoutSeconds: 5).send(message)
        #expect(try await sink.waitForMessages(1).count == 1)
    }

    @Test("An organisation without an address gets no e-mail; its record says so")
    func noAddressNoMail() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        try await TestDatabase.with(.sqlite) { database in
            let time = FixedTimeSource(date: LocalDate(year: 2026, month: 6, day: 1))
            try await Self.commitGrant(database, to: R.privateKindergartenOwner, amountOre: 5_000_000, time: time)
            #expect(
                try await Self.delivery(database, Self.smtp(sink.port), time).runOnce() == .init(sent: 0, failed: 0)
            )
            let record = try #require(try await Self.records(database).first)
            #expect(record.status == .noAddress && record.email.isEmpty && record.attempts == 0)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try sink.messages().isEmpty)
        }
    }

    @Test(
        "ksi dev's directory transport writes each notice as an .eml file named by its Message-ID; a resend replaces it"
    )
    func directoryTransport() async throws {
        let folder = try RepositoryPaths.temporaryDirectory("mail-folder")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await TestDatabase.with(.sqlite) { database in
            let time = FixedTimeSource(date: LocalDate(year: 2026, month: 6, day: 1))
            try await Self.commitGrant(database, to: R.agderFylkeskommune, amountOre: 7_550_050, time: time)
            let transport = DirectoryMailTransport(directory: folder.appendingPathComponent("mail"))
            #expect(try await Self.delivery(database, transport, time).runOnce().sent == 1)
            let record = try #require(try await Self.records(database).first)
            let files = try FileManager.default.contentsOfDirectory(atPath: transport.directory.path).filter {
                $0.hasSuffix(".eml")
            }
            #expect(files.count == 1)
            let mail = ReceivedMail(
                raw: try String(contentsOf: transport.directory.appendingPathComponent(files[0]), encoding: .utf8)
            )
            #expect(mail.header("To") == "<post@owner-agder-fylkeskommune.example>")
            #expect(mail.subject == "Tilsagn om tilskudd 2026: 75 500,50 kr")
            #expect(mail.body.contains("Agder fylkeskommune tilsagn om 75 500,50 kr"))
            try await transport.send(MailMessage(notification: record, from: Self.sender, at: time.nowMillis()))
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: transport.directory.path).filter {
                    $0.hasSuffix(".eml")
                }.count == 1
            )
        }
    }
}
