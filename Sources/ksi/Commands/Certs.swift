import ArgumentParser
import Foundation
import Services

/// `ksi certs`: a development CA and the certificates the stack and its demo organisations use.
struct Certs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a development CA, server certificates and client certificates (OpenSSL libcrypto)."
    )

    @Option(help: "Where to write the PEM files (KSI_CERT_DIR).")
    var out: String = Environment.string("KSI_CERT_DIR") ?? ".ksi-data/certs"

    @Flag(help: "Replace an existing CA instead of reusing it.")
    var replace = false

    @Option(
        help:
            "A folder to fill with ca.pem and one process's own identities, named certs-<process>: needs, partnerships, allocation, referral, gateway, postgres or demo. Repeatable."
    )
    var bundle: [String] = []

    func validate() throws {
        for folder in bundle {
            guard let name = DevelopmentPKI.bundleName(of: URL(fileURLWithPath: folder)),
                DevelopmentPKI.bundleIdentities(name, demoClients: []) != nil
            else {
                throw ValidationError(
                    "--bundle \(folder): the folder must be named certs-<needs, partnerships, allocation, referral, gateway, postgres or demo>"
                )
            }
        }
    }

    func run() async throws {
        let pki = DevelopmentPKI(directory: URL(fileURLWithPath: out))
        try pki.create(clients: ServiceIdentities.all + DemoIdentities.clients, replace: replace)
        let tokens = DevelopmentTokenIssuer(directory: pki.directory)
        try tokens.create()
        print(
            "wrote the development PKI to \(out): ca.pem, <server>-server.pem, service identities and demo organisations,"
        )
        print(
            "and the development token issuer (token-issuer-key.pem, token-issuer-jwks.json; `ksi token` mints with it)"
        )
        for folder in bundle {
            let target = URL(fileURLWithPath: folder)
            try pki.writeBundle(into: target, demoClients: DemoIdentities.clients)
            // Every process verifies person tokens with the public key set; only the demo bundle (for
            // a developer's `ksi token`) gets the issuer's private key.
            let copied = DevelopmentTokenIssuer(directory: target)
            try? FileManager.default.removeItem(at: copied.jwksFile)
            try FileManager.default.copyItem(at: tokens.jwksFile, to: copied.jwksFile)
            if DevelopmentPKI.bundleName(of: target) == "demo" {
                try? FileManager.default.removeItem(at: copied.privateKeyFile)
                try FileManager.default.copyItem(at: tokens.privateKeyFile, to: copied.privateKeyFile)
            }
            print("wrote the bundle \(folder)")
        }
    }
}
