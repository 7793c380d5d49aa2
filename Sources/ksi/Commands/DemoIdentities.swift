import KSICore
import Services

/// Client certificates `ksi certs` issues for the demo organisations (one per role kind).
enum DemoIdentities {
    static var clients: [DevelopmentPKI.Client] {
        DemoRegion.identities.map { DevelopmentPKI.Client(name: $0.name, orgNumber: $0.orgNumber) }
    }

    /// The organisation the certificate-free `ksi dev` dashboard reads as: the statsforvalter sees every view
    /// of its embete, with referral counts suppressed (PRIV-R5) as for any caseworker.
    static var dashboardViewer: String {
        DemoRegion.identities.first { $0.name == "statsforvalter-agder" }!.orgNumber
    }
}
