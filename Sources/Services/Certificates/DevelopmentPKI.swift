import Foundation
import KSICore

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

    /// The server processes, also their compose host names.
    public static let servers = ["needs", "partnerships", "allocation", "referral", "gateway"]

    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public var caCertificate: URL { directory.appendingPathComponent("ca.pem") }
    public func certificate(_ name: String) -> URL { directory.appendingPathComponent("\(name).pem") }
    public func privateKey(_ name: String) -> URL { directory.appendingPathComponent("\(name)-key.pem") }

    /// The TLS files of a named identity.
    public func tls(_ name: String) -> ServiceConfig.TLS {
        ServiceConfig.TLS(certificatePath: certificate(name).path, privateKeyPath: privateKey(name).path, trustRootsPath: caCertificate.path)
    }

    /// Whether a CA already exists here.
    public var exists: Bool { FileManager.default.fileExists(atPath: caCertificate.path) }

    /// Writes the CA, server certificates and `clients`; keeps an existing CA unless `replace`.
    public func create(clients: [Client], validDays: Int = 825, replace: Bool = false) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let factory = OpenSSLCertificateFactory()
        let authority: OpenSSLCertificateFactory.Issued
        if exists && !replace {
            authority = OpenSSLCertificateFactory.Issued(
                certificatePEM: try String(contentsOf: caCertificate, encoding: .utf8),
                privateKeyPEM: try String(contentsOf: privateKey("ca"), encoding: .utf8))
        } else {
            authority = try factory.makeAuthority(commonName: "KSI development CA", days: validDays + 30)
            try write(authority, as: "ca")
        }
        for server in Self.servers {
            let subject = OpenSSLCertificateFactory.Subject(
                commonName: server, dnsNames: ["localhost", server, "ksi-\(server)"], ipAddresses: ["127.0.0.1"],
                isServer: true)
            try write(try factory.issue(subject, by: authority, days: validDays), as: "\(server)-server")
        }
        for client in clients {
            let subject = OpenSSLCertificateFactory.Subject(commonName: client.name, orgNumber: client.orgNumber, isClient: true)
            try write(try factory.issue(subject, by: authority, days: validDays), as: client.name)
        }
    }

    private func write(_ issued: OpenSSLCertificateFactory.Issued, as name: String) throws {
        try Data(issued.certificatePEM.utf8).write(to: certificate(name))
        let keyURL = privateKey(name)
        try? FileManager.default.removeItem(at: keyURL)
        // The key file is created 0600 before any byte is written to it.
        guard FileManager.default.createFile(atPath: keyURL.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
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

    /// Org-registry entries for the service identities: the services act as `system`.
    public static func organisations() -> [Organisation] {
        all.map { identity in
            Organisation.with {
                $0.id = "org-\(identity.name)"
                $0.orgNumber = identity.orgNumber
                $0.name = "KSI \(identity.name)"
                $0.kind = .other
                $0.roleGrants = [RoleGrant(.system)]
            }
        }
    }
}
