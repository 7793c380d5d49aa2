import KSICore
import KSIDemoData
import Services

/// Client certificates `ksi certs` issues for the demo organisations (one per role kind).
enum DemoIdentities {
    static var clients: [DevelopmentPKI.Client] {
        DemoRegion.identities.map { DevelopmentPKI.Client(name: $0.name, orgNumber: $0.orgNumber) }
    }
}
