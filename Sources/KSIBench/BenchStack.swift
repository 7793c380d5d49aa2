import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Gateway
import KSICore
import KSIDemoData
import KSITestSupport
import Logging
import Services
import StackTestSupport

/// The four services, the gateway and the echo server in this process on loopback ports (a
/// `LoopbackStack`), with the development PKI's mutual TLS — as `ksi dev --no-demo` runs them, plus the
/// demo year seeded first through the contexts (so reads find data) and an open 2027 needs round (so
/// drafts can be created). No event relays run: the load is the RPCs alone.
struct BenchStack: Sendable {
    let pki: DevelopmentPKI
    let ports: [KSIServiceKind: Int]
    let gatewayPort: Int
    let echoPort: Int
    /// A needs report that exists, for GetNeedsReport.
    let reportId: String
    /// That report as a service answers it (the encoded message the echo servers send back).
    let reportBytes: [UInt8]
    /// An open round of Agder and the lead owner (Kristiansand) for CreateNeedsReport drafts.
    let openRoundId: String
    let leadOwnerId: String
    /// The last event sequence of the referral service: where a caught-up milestone poll starts.
    let milestoneTail: Int64
    /// Each client certificate's demo person token (AUTH-R1): the person whose roles the benchmarks use.
    let tokens: [String: String]

    /// The demo person each benchmark identity acts as.
    static let persons = [
        "statsforvalter-agder": DemoPersons.dashboardDefault, "kommune-kristiansand": "demo-eier-owner-4204",
        "statped": "demo-statped-leder",
    ]

    /// The stack on SQLite files in a temporary folder, or, with `postgresURL`, on four fresh databases of
    /// that PostgreSQL server (created and dropped here, as `NationalDatabases` does).
    static func with<R: Sendable>(
        postgresURL: String? = nil,
        _ body: @Sendable (BenchStack) async throws -> R
    ) async throws -> R {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ksi-bench-stack-\(UUID().uuidString.prefix(8))"
        )
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let postgresURL else {
            let storage = Dictionary(
                uniqueKeysWithValues: KSIServiceKind.allCases.map {
                    (
                        $0,
                        Services.ServiceConfig.Storage.sqlite(
                            path: dir.appendingPathComponent("\($0.rawValue).sqlite").path
                        )
                    )
                }
            )
            return try await start(in: dir, storage: storage, body)
        }
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(8)
        let names = Dictionary(
            uniqueKeysWithValues: KSIServiceKind.allCases.map { ($0, "ksi_bench_rpc_\($0.rawValue)_\(suffix)") }
        )
        try await KSIDatabase.postgres(url: postgresURL, logger: NationalDatabases.logger).withRunning { admin in
            for name in names.values {
                try await admin.outsideTransaction { sql in
                    try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
                }
            }
        }
        let result: Result<R, any Error>
        do {
            let storage = try names.mapValues {
                Services.ServiceConfig.Storage.postgres(url: try NationalDatabases.url(postgresURL, database: $0))
            }
            result = .success(try await start(in: dir, storage: storage, body))
        } catch {
            result = .failure(error)
        }
        try? await KSIDatabase.postgres(url: postgresURL, logger: NationalDatabases.logger).withRunning { admin in
            for name in names.values {
                try await admin.outsideTransaction { sql in
                    try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
                }
            }
        }
        return try result.get()
    }

    /// Seeds the databases, then runs the stack on them for `body`.
    private static func start<R: Sendable>(
        in dir: URL,
        storage: [KSIServiceKind: Services.ServiceConfig.Storage],
        _ body: @Sendable (BenchStack) async throws -> R
    ) async throws -> R {
        let reference = try LoopbackStack.reference()
        let time = FixedTimeSource(date: LocalDate(year: 2025, month: 1, day: 2))
        let keys = try ReferralKeyRing.ephemeral()
        let seeded = try await seed(storage: storage, reference: reference, time: time, keys: keys)

        var options = LoopbackStack.Options(reference: reference, time: time) { storage[$0]! }
        options.referralKeys = keys
        options.relays = false
        options.gatewayUpstreamTimeout = .seconds(10)
        options.gatewayHTTP = false
        options.logLevel = .warning
        options.logPrefix = "bench"
        let echoPort = try freeLoopbackPort()
        options.extraServices = { pki in
            [try EchoNeedsService.server(port: echoPort, pki: pki, response: seeded.reportBytes)]
        }
        return try await LoopbackStack.run(in: dir, options) { loopback in
            var tokens: [String: String] = [:]
            for (identity, person) in persons {
                guard let pid = reference.person(id: person)?.pid else { continue }
                tokens[identity] = try await loopback.tokenIssuer.mint(pid: pid, lifetime: 6 * 3600)
            }
            return try await body(
                BenchStack(
                    pki: loopback.pki,
                    ports: loopback.ports,
                    gatewayPort: loopback.gatewayPort,
                    echoPort: echoPort,
                    reportId: seeded.reportId,
                    reportBytes: seeded.reportBytes,
                    openRoundId: seeded.openRoundId,
                    leadOwnerId: seeded.leadOwnerId,
                    milestoneTail: seeded.milestoneTail,
                    tokens: tokens
                )
            )
        }
    }

    struct Seeded: Sendable {
        var reportId: String
        var reportBytes: [UInt8]
        var openRoundId: String
        var leadOwnerId: String
        var milestoneTail: Int64
    }

    /// The demo year through the contexts (as `ksi seed demo`), then an open Agder KSI round for 2027.
    static func seed(
        storage: [KSIServiceKind: Services.ServiceConfig.Storage],
        reference: ReferenceData,
        time: FixedTimeSource,
        keys: ReferralKeyRing
    ) async throws -> Seeded {
        var opened: [KSIDatabase] = []
        for kind in KSIServiceKind.allCases {
            switch storage[kind]! {
            case .sqlite(let path):
                opened.append(try await KSIDatabase.openSQLite(path: path, logger: NationalDatabases.logger))
            case .postgres(let url):
                opened.append(try KSIDatabase.postgres(url: url, logger: NationalDatabases.logger))
            }
        }
        return try await ContextDatabases.running(opened) { databases in
            let needs = NeedsContext(database: databases.needs, reference: reference, time: time)
            let referral = ReferralContext(
                database: databases.referral,
                reference: reference,
                time: time,
                keyRing: keys
            )
            _ = try await DemoYear.load(
                needs: needs,
                partnerships: PartnershipContext(database: databases.partnerships, reference: reference, time: time),
                allocation: AllocationContext(
                    database: databases.allocation,
                    reference: reference,
                    time: time,
                    needsReports: needs
                ),
                referral: referral,
                reference: reference,
                time: time
            )
            let system = Caller.system("bench")
            let reports = try await needs.queries.listNeedsReports(
                .with {
                    $0.governorOfficeId = "agder"
                    $0.pageSize = 500
                },
                as: system
            ).items
            guard let report = reports.first(where: { $0.status != .draft }) ?? reports.first else {
                throw BenchError("the demo year has no needs report")
            }
            let rounds = try await needs.rounds.listNeedsRounds(
                .with {
                    $0.governorOfficeId = "agder"
                    $0.pageSize = 500
                },
                as: system
            ).items
            guard var round = rounds.first(where: { $0.scheme == .ksi }) else {
                throw BenchError("the demo year has no KSI round")
            }
            round.id = UUID().uuidString.lowercased()  // a KSI-assigned id is a UUID (ID-R2)
            round.year = 2027
            round.status = .open
            let openRound = round
            try await databases.needs.transaction { sql in
                _ = try await StoreTransaction(sql: sql, context: BoundedContext.needs.rawValue).insert(
                    openRound,
                    at: openRound.createdAt
                )
            }
            guard
                let owner = reference.set.owners.first(where: {
                    $0.municipalityId == "4204" && $0.ownerType == .municipality
                })
            else {
                throw BenchError("no owner for Kristiansand in the demo reference data")
            }
            var tail: Int64 = 0
            while true {
                let page = try await referral.records.listReferralMilestones(
                    .with {
                        $0.afterSequence = tail
                        $0.pageSize = 500
                    },
                    as: system
                )
                let next = page.events.last?.sequence ?? page.lastSequence
                if next <= tail { break }
                tail = next
            }
            return Seeded(
                reportId: report.id,
                reportBytes: try WireCodec.encode(report),
                openRoundId: openRound.id,
                leadOwnerId: owner.id,
                milestoneTail: tail
            )
        }
    }

    /// A client to a loopback port presenting the certificate `identity`, acting as its demo person.
    func client(port: Int, as identity: String) throws -> GRPCClient<HTTP2ClientTransport.Posix> {
        GRPCClient(
            transport: try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: port),
                transportSecurity: TransportSecurity.client(pki.tls(identity))
            ),
            interceptors: tokens[identity].map { [BearerInterceptor(authorization: "Bearer \($0)")] } ?? []
        )
    }
}
