import Foundation
import X509

/// What strict X.509 verifiers require of the development certificates (OpenSSL's
/// X509_V_FLAG_X509_STRICT, which Python 3.13's `ssl.create_default_context()` turns on; RFC 5280
/// §4.2): a CA with critical basic constraints CA:TRUE, critical keyCertSign + cRLSign and a subject
/// key identifier; a leaf with basic constraints CA:FALSE, digitalSignature, an extended key usage,
/// a subject key identifier and an authority key identifier naming its CA's key.
///
/// `ksi dev` and `ksi certs` use it to find certificates written by older versions (no authority key
/// identifier) and issue them again.
public enum StrictX509Profile {
    /// What `certificate` lacks as a CA; empty when it passes.
    public static func authorityProblems(_ certificate: Certificate) -> [String] {
        var problems: [String] = []
        let extensions = certificate.extensions
        let basic = extensions[oid: .X509ExtensionID.basicConstraints]
        if basic?.critical != true { problems.append("basicConstraints is not critical") }
        if case .isCertificateAuthority = (try? extensions.basicConstraints) ?? .notCertificateAuthority {
        } else {
            problems.append("basicConstraints is not CA:TRUE")
        }
        let usage = try? extensions.keyUsage
        if extensions[oid: .X509ExtensionID.keyUsage]?.critical != true || usage?.keyCertSign != true
            || usage?.cRLSign != true
        {
            problems.append("keyUsage is not critical keyCertSign, cRLSign")
        }
        if (try? extensions.subjectKeyIdentifier) == nil { problems.append("no subjectKeyIdentifier") }
        return problems
    }

    /// What `certificate` lacks as a leaf issued by `authority`; empty when it passes.
    public static func leafProblems(_ certificate: Certificate, issuedBy authority: Certificate) -> [String] {
        var problems: [String] = []
        let extensions = certificate.extensions
        if case .notCertificateAuthority? = try? extensions.basicConstraints {
        } else {
            problems.append("basicConstraints is not CA:FALSE")
        }
        if (try? extensions.keyUsage)?.digitalSignature != true { problems.append("keyUsage lacks digitalSignature") }
        if ((try? extensions.extendedKeyUsage)?.count ?? 0) == 0 { problems.append("no extendedKeyUsage") }
        if (try? extensions.subjectKeyIdentifier) == nil { problems.append("no subjectKeyIdentifier") }
        let authorityKey = (try? authority.extensions.subjectKeyIdentifier)?.keyIdentifier
        let named = (try? extensions.authorityKeyIdentifier)?.keyIdentifier
        if named == nil || named != authorityKey {
            problems.append("authorityKeyIdentifier does not name the CA's key")
        }
        if certificate.issuer != authority.subject { problems.append("issued by another CA") }
        return problems
    }
}
