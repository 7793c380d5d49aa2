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

    func run() async throws {
        let pki = DevelopmentPKI(directory: URL(fileURLWithPath: out))
        try pki.create(clients: ServiceIdentities.all + DemoIdentities.clients, replace: replace)
        try DevelopmentTokenIssuer(directory: pki.directory).create()
        print("wrote the development PKI to \(out): ca.pem, <server>-server.pem, service identities and demo organisations,")
        print("and the development token issuer (token-issuer-key.pem, token-issuer-jwks.json; `ksi token` mints with it)")
    }
}
