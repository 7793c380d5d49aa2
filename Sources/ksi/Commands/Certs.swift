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

    @Option(help: "A folder to fill with ca.pem and one process's own identities, named certs-<process>: needs, partnerships, allocation, referral, gateway, postgres or demo. Repeatable.")
    var bundle: [String] = []

    func validate() throws {
        for folder in bundle {
            guard let name = DevelopmentPKI.bundleName(of: URL(fileURLWithPath: folder)), DevelopmentPKI.bundleIdentities(name, demoClients: []) != nil else {
                throw ValidationError("--bundle \(folder): the folder must be named certs-<needs, partnerships, allocation, referral, gateway, postgres or demo>")
            }
        }
    }

    func run() async throws {
        let pki = DevelopmentPKI(directory: URL(fileURLWithPath: out))
        try pki.create(clients: ServiceIdentities.all + DemoIdentities.clients, replace: replace)
        print("wrote the development PKI to \(out): ca.pem, <server>-server.pem, service identities and demo organisations")
        for folder in bundle {
            try pki.writeBundle(into: URL(fileURLWithPath: folder), demoClients: DemoIdentities.clients)
            print("wrote the bundle \(folder)")
        }
    }
}
