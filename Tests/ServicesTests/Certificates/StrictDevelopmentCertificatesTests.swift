import Foundation
import KSICore
import KSITestSupport
import Services
import SwiftASN1
import Testing
import X509

/// The development PKI passes strict X.509 verification (Python 3.13's default `ssl` context turns on
/// OpenSSL's X509_V_FLAG_X509_STRICT): the extensions RFC 5280 asks for, read back with
/// swift-certificates, and `openssl verify -x509_strict` as an independent verifier.
@Suite("Strict X.509 development certificates")
struct StrictDevelopmentCertificatesTests {
    static let kommune = DevelopmentPKI.Client(name: "kommune", orgNumber: OrgNumber.fictitious(4_204_000).value)
    static let openssl = URL(fileURLWithPath: "/usr/bin/openssl")

    func makePKI() throws -> DevelopmentPKI {
        let pki = DevelopmentPKI(directory: try RepositoryPaths.temporaryDirectory("strict-pki"))
        try pki.create(clients: [Self.kommune] + ServiceIdentities.all)
        return pki
    }

    func load(_ url: URL) throws -> Certificate {
        try Certificate(pemEncoded: try String(contentsOf: url, encoding: .utf8))
    }

    @Test(
        "the CA: basicConstraints critical CA:TRUE, keyUsage critical keyCertSign + cRLSign, a subject key identifier"
    )
    func authorityExtensions() throws {
        let pki = try makePKI()
        defer { try? FileManager.default.removeItem(at: pki.directory) }
        let ca = try load(pki.caCertificate)
        let basic = try #require(ca.extensions[oid: .X509ExtensionID.basicConstraints])
        #expect(basic.critical)
        #expect(try ca.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))
        let usage = try #require(ca.extensions[oid: .X509ExtensionID.keyUsage])
        #expect(usage.critical)
        #expect(try ca.extensions.keyUsage == KeyUsage(keyCertSign: true, cRLSign: true))
        let ski = try #require(try ca.extensions.subjectKeyIdentifier)
        #expect(!ski.keyIdentifier.isEmpty)
    }

    @Test(
        "leaves: CA:FALSE, digitalSignature, serverAuth with SANs for servers, clientAuth for clients, SKI, and an AKI naming the CA's key"
    )
    func leafExtensions() throws {
        let pki = try makePKI()
        defer { try? FileManager.default.removeItem(at: pki.directory) }
        let caKey = try #require(try load(pki.caCertificate).extensions.subjectKeyIdentifier).keyIdentifier
        for name in ["needs-server", "gateway-server", "postgres-server", "gateway-client", "needs-client", "kommune"] {
            let leaf = try load(pki.certificate(name))
            #expect(try leaf.extensions.basicConstraints == .notCertificateAuthority, "\(name)")
            #expect(
                try leaf.extensions.keyUsage == KeyUsage(digitalSignature: true),
                "\(name): EC keys sign; no keyEncipherment"
            )
            let purposes = try #require(try leaf.extensions.extendedKeyUsage, "\(name)")
            if name.hasSuffix("-server") {
                #expect(Array(purposes) == [.serverAuth], "\(name)")
                let names = try #require(try leaf.extensions.subjectAlternativeNames, "\(name)")
                #expect(names.contains(.dnsName("localhost")), "\(name)")
                #expect(names.contains(.dnsName(String(name.dropLast("-server".count)))), "\(name)")
            } else {
                #expect(Array(purposes) == [.clientAuth], "\(name)")
            }
            let ski = try #require(try leaf.extensions.subjectKeyIdentifier, "\(name)")
            #expect(!ski.keyIdentifier.isEmpty)
            let aki = try #require(try leaf.extensions.authorityKeyIdentifier, "\(name)")
            #expect(aki.keyIdentifier == caKey, "\(name)")
            #expect(leaf.extensions[oid: .X509ExtensionID.authorityKeyIdentifier]?.critical == false)
        }
    }

    @Test("openssl verify -x509_strict accepts every certificate the PKI issues")
    func opensslStrictVerify() throws {
        let pki = try makePKI()
        defer { try? FileManager.default.removeItem(at: pki.directory) }
        let names = DevelopmentPKI.servers.map { "\($0)-server" } + ([Self.kommune] + ServiceIdentities.all).map(\.name)
        let result = try runProgram(
            Self.openssl,
            ["verify", "-x509_strict", "-CAfile", pki.caCertificate.path] + names.map { pki.certificate($0).path }
        )
        #expect(result.status == 0, "\(result.output)")
        #expect(
            result.output.split(separator: "\n").filter { $0.hasSuffix(": OK") }.count == names.count,
            "\(result.output)"
        )
    }

    @Test(
        "a leaf without an authority key identifier (as older versions wrote) fails strict verification and `ensure` issues it again"
    )
    func olderCertificatesAreIssuedAgain() throws {
        let pki = try makePKI()
        defer { try? FileManager.default.removeItem(at: pki.directory) }
        #expect(pki.strictProblems(clients: [Self.kommune] + ServiceIdentities.all).isEmpty)
        // An old-style leaf, signed by the same CA with the openssl CLI: no authority key identifier.
        let dir = pki.directory.path
        let extensions = pki.directory.appendingPathComponent("old.ext")
        try
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyAgreement\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=none\n"
            .write(to: extensions, atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "\(dir)/needs-server-key.pem"],
            ["req", "-new", "-key", "\(dir)/needs-server-key.pem", "-subj", "/CN=needs", "-out", "\(dir)/old.csr"],
            [
                "x509", "-req", "-in", "\(dir)/old.csr", "-CA", pki.caCertificate.path, "-CAkey", "\(dir)/ca-key.pem",
                "-CAcreateserial",
                "-days", "30", "-extfile", extensions.path, "-out", "\(dir)/needs-server.pem",
            ],
        ]
        for step in steps {
            let result = try runProgram(Self.openssl, step)
            try #require(result.status == 0, "\(step): \(result.output)")
        }
        let refused = try runProgram(
            Self.openssl,
            ["verify", "-x509_strict", "-CAfile", pki.caCertificate.path, "\(dir)/needs-server.pem"]
        )
        #expect(refused.status != 0)
        #expect(refused.output.contains("Missing Authority Key Identifier"), "\(refused.output)")
        let caBefore = try String(contentsOf: pki.caCertificate, encoding: .utf8)

        let problems = try pki.ensure(clients: [Self.kommune] + ServiceIdentities.all)
        #expect(problems == ["needs-server.pem: authorityKeyIdentifier does not name the CA's key"])
        let accepted = try runProgram(
            Self.openssl,
            ["verify", "-x509_strict", "-CAfile", pki.caCertificate.path, "\(dir)/needs-server.pem"]
        )
        #expect(accepted.status == 0, "\(accepted.output)")
        // The CA was strict already, so it is kept: certificates issued by it elsewhere stay valid.
        #expect(try String(contentsOf: pki.caCertificate, encoding: .utf8) == caBefore)
        #expect(try pki.ensure(clients: [Self.kommune] + ServiceIdentities.all).isEmpty)
    }

    @Test("a bundle holds ca.pem and only its own identities: never the CA key or another process's key")
    func bundlesHoldOnlyTheirOwnKeys() throws {
        let pki = try makePKI()
        defer { try? FileManager.default.removeItem(at: pki.directory) }
        let bundles = try RepositoryPaths.temporaryDirectory("bundles")
        defer { try? FileManager.default.removeItem(at: bundles) }
        let expected: [String: Set<String>] = [
            "needs": [
                "ca.pem", "needs-server.pem", "needs-server-key.pem", "needs-client.pem", "needs-client-key.pem",
            ],
            "gateway": [
                "ca.pem", "gateway-server.pem", "gateway-server-key.pem", "gateway-client.pem",
                "gateway-client-key.pem",
            ],
            "postgres": ["ca.pem", "postgres-server.pem", "postgres-server-key.pem"],
            "demo": ["ca.pem", "kommune.pem", "kommune-key.pem"],
        ]
        for (bundle, files) in expected {
            let folder = bundles.appendingPathComponent("certs-\(bundle)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("stale".utf8).write(to: folder.appendingPathComponent("ca-key.pem"))
            try pki.writeBundle(into: folder, demoClients: [Self.kommune])
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == files, "\(bundle)")
        }
        #expect(throws: (any Error).self) {
            try pki.writeBundle(into: bundles.appendingPathComponent("certs-ca"), demoClients: [])
        }
        #expect(throws: (any Error).self) {
            try pki.writeBundle(into: bundles.appendingPathComponent("needs"), demoClients: [])
        }
    }
}
