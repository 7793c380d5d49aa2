import ArgumentParser
import KSICore
import Services

/// Which organisations act as KSI itself, for `ksi serve` and `ksi gateway`: configuration, not code.
/// Without the variable none has the `system` role; `ksi dev` alone uses the development identities
/// (`ServiceIdentities`), whose certificates `ksi certs` issues. (`ksi serve` also takes
/// KSI_TRUSTED_GATEWAYS, in ServerOptions.)
struct IdentityOptions: ParsableArguments {
    @Option(
        help:
            "Organisation numbers of KSI's own processes, given the `system` role, comma-separated; default none (KSI_SYSTEM_IDENTITIES)."
    )
    var systemIdentities: String? = Environment.string("KSI_SYSTEM_IDENTITIES")

    func validate() throws {
        _ = try Self.orgNumbers(systemIdentities, "KSI_SYSTEM_IDENTITIES")
    }

    var systems: [String] { (try? Self.orgNumbers(systemIdentities, "KSI_SYSTEM_IDENTITIES")) ?? [] }

    /// A comma-separated list of valid organisation numbers (9 digits, MOD11); an invalid entry stops start-up.
    static func orgNumbers(_ text: String?, _ variable: String) throws -> [String] {
        guard let text else { return [] }
        return try text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map
        { entry in
            guard OrgNumber.isValid(entry) else {
                throw ValidationError(
                    "\(variable): '\(entry)' is not an organisation number (9 digits with a MOD11 check digit)"
                )
            }
            return entry
        }
    }
}
