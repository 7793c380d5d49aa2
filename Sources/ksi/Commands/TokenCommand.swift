import ArgumentParser
import Foundation
import KSICore
import KSIDemoData
import Services

/// `ksi token --person <id>`: prints a development person token (a JWT) signed by the development
/// issuer of `ksi dev`/`ksi certs`, for a person in the registry (the demo persons, `DemoPersons`).
/// Send it as `Authorization: Bearer <token>` (HTTPS) or `authorization: Bearer <token>` (gRPC).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a development person token (JWT) for a demo person."
    )

    @Option(help: "The person's registry id, e.g. demo-saksbehandler-ein (KSI_TOKEN_PERSON).")
    var person: String? = Environment.string("KSI_TOKEN_PERSON")

    @Option(help: "A pid instead of a registry id (a person not in the registry is refused by the services).")
    var pid: String?

    @Option(help: "Level of assurance: low, substantial or high (or an ID-porten acr value).")
    var acr: String = "substantial"

    @Option(help: "Seconds the token is valid.")
    var lifetime: Int = 3600

    @Option(
        help: "Folder with the development issuer (token-issuer-key.pem) from `ksi dev` or `ksi certs` (KSI_CERT_DIR)."
    )
    var certDir: String = Environment.string("KSI_CERT_DIR") ?? ".ksi-data/certs"

    @Option(help: "A ReferenceDataSet JSON merged over the bundled and demo data (KSI_REFERENCE_DATA).")
    var referenceData: String? = Environment.string("KSI_REFERENCE_DATA")

    func run() async throws {
        guard (1...86_400).contains(lifetime) else { throw ValidationError("--lifetime must be 1…86400 seconds") }
        let level =
            AssuranceLevel(acr: acr) != .none ? AssuranceLevel(acr: acr) : AssuranceLevel(acr: "idporten-loa-\(acr)")
        guard level != .none else { throw ValidationError("--acr must be low, substantial or high") }
        let issuer = DevelopmentTokenIssuer(directory: URL(fileURLWithPath: certDir))
        guard issuer.exists else {
            throw ValidationError("no development token issuer in \(certDir); run `ksi dev` or `ksi certs` first")
        }
        let subject: String
        switch (person, pid) {
        case (let id?, nil):
            let reference = try loadReference(referenceData, systemIdentities: []).merging(
                DemoRegion.referenceDataSet()
            )
            guard let found = reference.person(id: id, on: SystemTimeSource().today()) else {
                let known = [
                    "demo-saksbehandler-ein", "demo-beslutter-ein", "demo-statped-inntak", "demo-statped-leder",
                    "demo-statped-radgiver-1", "demo-eier-owner-4204", "demo-ppt-leder-ppt-4204", "demo-udir",
                ]
                throw ValidationError(
                    "no person '\(id)' in the registry (for example: \(known.joined(separator: ", ")))"
                )
            }
            subject = found.pid
        case (nil, let given?):
            subject = given
        default:
            throw ValidationError("give --person <id> or --pid <pid>")
        }
        print(try await issuer.mint(pid: subject, assurance: level, lifetime: lifetime))
    }
}
