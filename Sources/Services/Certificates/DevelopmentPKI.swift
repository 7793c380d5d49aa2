import Foundation
import KSICore
import X509

/// The development certificates `ksi certs` writes: a CA, one server certificate per process
/// (SANs for localhost, 127.0.0.1 and the compose host names), the service identities services and
/// the gateway use as clients, and client certificates for organisations (one per demo role kind).
public struct DevelopmentPKI: Sendable {
    /// A client identity to issue: a file name and the organisation number it carries.
    public struct Client: Sendable {
        public var name: String
        public var orgNumber: String
        public init(name: String, orgNumber: String) {
            self.name = name
            self.orgNumber = orgNumber
        }
    }

    /// The server processes, also their compose host names (PostgreSQL's certificate included).
    public static let servers = ["needs", "partnerships", "allocation", "referral", "gateway", "postgres"]

    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public var caCertificate: URL { directory.appendingPathComponent("ca.pem") }
    public func certificate(_ name: String) -> URL { directory.appendingPathComponent("\(name).pem") }
    public func privateKey(_ name: String) -> URL { directory.appendingPathComponent("\(name)-key.pem") }

    /// The TLS files of a named identity.
    public func tls(_ name: String) -> ServiceConfig.TLS {
        ServiceConfig.TLS(
            certificatePath: certificate(name).path,
            privateKeyPath: privateKey(name).path,
            trustRootsPath: caCertificate.path
        )
    }

    /// Whether a CA already exists here.
    public var exists: Bool { FileManager.default.fileExists(atPath: caCertificate.path) }

    /// Writes the CA, server certificates and `clients`; keeps an existing CA unless `replace` or the CA
    /// fails the strict profile (`StrictX509Profile`: a CA from an older version is replaced).
    public func create(clients: [Client], validDays: Int = 825, replace: Bool = false) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let factory = OpenSSLCertificateFactory()
        let authority: OpenSSLCertificateFactory.Issued
        if exists && !replace && authorityIsStrict {
            authority = OpenSSLCertificateFactory.Issued(
                certificatePEM: try String(contentsOf: caCertificate, encoding: .utf8),
                privateKeyPEM: try String(contentsOf: privateKey("ca"), encoding: .utf8)
            )
        } else {
            authority = try factory.makeAuthority(commonName: "KSI development CA", days: validDays + 30)
            try write(authority, as: "ca")
        }
        for server in Self.servers {
            let subject = OpenSSLCertificateFactory.Subject(
                commonName: server,
                dnsNames: ["localhost", server, "ksi-\(server)"],
                ipAddresses: ["127.0.0.1"],
                isServer: true
            )
            try write(try factory.issue(subject, by: authority, days: validDays), as: "\(server)-server")
        }
        for client in clients {
            let subject = OpenSSLCertificateFactory.Subject(
                commonName: client.name,
                orgNumber: client.orgNumber,
                isClient: true
            )
            try write(try factory.issue(subject, by: authority, days: validDays), as: client.name)
        }
    }

    /// Creates the PKI when there is none, and issues it again when a certificate `clients` or the
    /// servers need is missing or fails the strict profile (certificates from older versions lack the
    /// authority key identifier). Returns what was wrong, empty when nothing was written.
    @discardableResult
    public func ensure(clients: [Client]) throws -> [String] {
        let problems = strictProblems(clients: clients)
        if !problems.isEmpty { try create(clients: clients) }
        return problems
    }

    /// Every certificate `clients` and the servers need that is missing or fails the strict profile,
    /// as `<file>: <problem>`.
    public func strictProblems(clients: [Client]) -> [String] {
        guard let authority = try? Certificate(pemEncoded: String(contentsOf: caCertificate, encoding: .utf8)) else {
            return ["ca.pem: missing or unreadable"]
        }
        var problems = StrictX509Profile.authorityProblems(authority).map { "ca.pem: \($0)" }
        for name in Self.servers.map({ "\($0)-server" }) + clients.map(\.name) {
            guard let leaf = try? Certificate(pemEncoded: String(contentsOf: certificate(name), encoding: .utf8)),
                FileManager.default.fileExists(atPath: privateKey(name).path)
            else {
                problems.append("\(name).pem: missing or unreadable")
                continue
            }
            problems += StrictX509Profile.leafProblems(leaf, issuedBy: authority).map { "\(name).pem: \($0)" }
        }
        return problems
    }

    /// The identities one process may hold, by bundle name: a KSI process its server certificate and
    /// its client identity, PostgreSQL its server certificate, `demo` the demo organisations' client
    /// certificates (for people to copy out). Nothing else: no bundle holds the CA key.
    public static func bundleIdentities(_ bundle: String, demoClients: [Client]) -> [String]? {
        switch bundle {
        case "needs", "partnerships", "allocation", "referral", "gateway": ["\(bundle)-server", "\(bundle)-client"]
        case "postgres": ["postgres-server"]
        case "demo": demoClients.map(\.name)
        default: nil
        }
    }

    /// The bundle a folder holds: its last component is `certs-<bundle>`, like the compose volume.
    public static func bundleName(of folder: URL) -> String? {
        let last = folder.lastPathComponent
        return last.hasPrefix("certs-") ? String(last.dropFirst("certs-".count)) : nil
    }

    /// Copies `ca.pem` and the identities of the bundle the folder is named for (`certs-<bundle>`,
    /// `bundleIdentities`) into `folder`, removing any other PEM file there: each compose container
    /// mounts only its own bundle (docs/deploy.md).
    public func writeBundle(into folder: URL, demoClients: [Client]) throws {
        guard let bundle = Self.bundleName(of: folder),
            let names = Self.bundleIdentities(bundle, demoClients: demoClients)
        else {
            throw CocoaError(
                .fileWriteInvalidFileName,
                userInfo: [
                    NSFilePathErrorKey: folder.path,
                    NSLocalizedDescriptionKey:
                        "unknown certificate bundle folder '\(folder.lastPathComponent)': expected certs-<needs, partnerships, allocation, referral, gateway, postgres or demo>",
                ]
            )
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = DevelopmentPKI(directory: folder)
        for stale in try FileManager.default.contentsOfDirectory(atPath: folder.path) where stale.hasSuffix(".pem") {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(stale))
        }
        try Data(contentsOf: caCertificate).write(to: target.caCertificate)
        for name in names {
            try target.write(
                OpenSSLCertificateFactory.Issued(
                    certificatePEM: try String(contentsOf: certificate(name), encoding: .utf8),
                    privateKeyPEM: try String(contentsOf: privateKey(name), encoding: .utf8)
                ),
                as: name
            )
        }
    }

    private var authorityIsStrict: Bool {
        guard let authority = try? Certificate(pemEncoded: String(contentsOf: caCertificate, encoding: .utf8)) else {
            return false
        }
        return StrictX509Profile.authorityProblems(authority).isEmpty
    }

    fileprivate func write(_ issued: OpenSSLCertificateFactory.Issued, as name: String) throws {
        try Data(issued.certificatePEM.utf8).write(to: certificate(name))
        let keyURL = privateKey(name)
        try? FileManager.default.removeItem(at: keyURL)
        // The key file is created 0600 before any byte is written to it.
        guard FileManager.default.createFile(atPath: keyURL.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: keyURL.path])
        }
        let handle = try FileHandle(forWritingTo: keyURL)
        try handle.write(contentsOf: Data(issued.privateKeyPEM.utf8))
        try handle.close()
    }
}

/// The organisation numbers of KSI's own service identities (fictitious, valid MOD11); the org
/// registry gives them the `system` role, and the gateway's is trusted to forward a principal.
public enum ServiceIdentities {
    public static let gateway = OrgNumber.fictitious(9_000_100).value
    public static let needs = OrgNumber.fictitious(9_000_200).value
    public static let partnerships = OrgNumber.fictitious(9_000_300).value
    public static let allocation = OrgNumber.fictitious(9_000_400).value
    public static let referral = OrgNumber.fictitious(9_000_500).value

    /// Every service identity with its certificate name.
    public static let all: [DevelopmentPKI.Client] = [
        .init(name: "gateway-client", orgNumber: gateway),
        .init(name: "needs-client", orgNumber: needs),
        .init(name: "partnerships-client", orgNumber: partnerships),
        .init(name: "allocation-client", orgNumber: allocation),
        .init(name: "referral-client", orgNumber: referral),
    ]

    /// Org-registry entries for the development service identities: the services act as `system`.
    public static func organisations() -> [Organisation] {
        organisations(orgNumbers: all.map(\.orgNumber))
    }

    /// Org-registry entries giving `orgNumbers` the `system` role (`KSI_SYSTEM_IDENTITIES`); a
    /// development identity keeps its certificate name.
    public static func organisations(orgNumbers: [String]) -> [Organisation] {
        orgNumbers.map { orgNumber in
            let name = all.first { $0.orgNumber == orgNumber }?.name ?? "system-\(orgNumber)"
            return Organisation.with {
                $0.id = "org-\(name)"
                $0.orgNumber = orgNumber
                $0.name = "KSI \(name)"
                $0.kind = .other
                $0.roleGrants = [RoleGrant(.system)]
            }
        }
    }
}
