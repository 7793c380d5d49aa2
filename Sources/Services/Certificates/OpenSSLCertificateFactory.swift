import COpenSSL
import Foundation

/// Makes keys and X.509 certificates with OpenSSL libcrypto: a development CA and the leaf
/// certificates it signs (servers with SANs, clients carrying an organisation number).
public struct OpenSSLCertificateFactory: Sendable {
    /// A key pair and certificate in PEM.
    public struct Issued: Sendable {
        public var certificatePEM: String
        public var privateKeyPEM: String
    }

    /// What goes into one certificate.
    public struct Subject: Sendable {
        public var commonName: String
        /// Written as `organizationIdentifier=NTRNO-<orgnr>` and `serialNumber=<orgnr>`.
        public var orgNumber: String?
        public var dnsNames: [String] = []
        public var ipAddresses: [String] = []
        public var isServer = false
        public var isClient = false

        public init(
            commonName: String,
            orgNumber: String? = nil,
            dnsNames: [String] = [],
            ipAddresses: [String] = [],
            isServer: Bool = false,
            isClient: Bool = false
        ) {
            self.commonName = commonName
            self.orgNumber = orgNumber
            self.dnsNames = dnsNames
            self.ipAddresses = ipAddresses
            self.isServer = isServer
            self.isClient = isClient
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var step: String
        public var description: String { "OpenSSL failed at \(step): \(OpenSSLCertificateFactory.lastError())" }
    }

    public init() {}

    /// A self-signed CA valid for `days`.
    public func makeAuthority(commonName: String, days: Int) throws -> Issued {
        let key = try makeKey()
        defer { EVP_PKEY_free(key) }
        let certificate = try makeCertificate(
            subject: Subject(commonName: commonName),
            publicKey: key,
            issuerKey: key,
            issuer: nil,
            days: days,
            isAuthority: true
        )
        defer { X509_free(certificate) }
        return Issued(certificatePEM: try pemCertificate(certificate), privateKeyPEM: try pemKey(key))
    }

    /// A leaf certificate signed by `authority`.
    public func issue(_ subject: Subject, by authority: Issued, days: Int) throws -> Issued {
        let caKey = try readKey(authority.privateKeyPEM)
        defer { EVP_PKEY_free(caKey) }
        let caCertificate = try readCertificate(authority.certificatePEM)
        defer { X509_free(caCertificate) }
        let key = try makeKey()
        defer { EVP_PKEY_free(key) }
        let certificate = try makeCertificate(
            subject: subject,
            publicKey: key,
            issuerKey: caKey,
            issuer: caCertificate,
            days: days,
            isAuthority: false
        )
        defer { X509_free(certificate) }
        return Issued(certificatePEM: try pemCertificate(certificate), privateKeyPEM: try pemKey(key))
    }

    // MARK: OpenSSL steps

    private func check(_ ok: Bool, _ step: String) throws {
        if !ok { throw Failure(step: step) }
    }

    /// An EC P-256 key.
    private func makeKey() throws -> OpaquePointer {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nil) else { throw Failure(step: "EVP_PKEY_CTX_new_id") }
        defer { EVP_PKEY_CTX_free(context) }
        try check(EVP_PKEY_keygen_init(context) == 1, "EVP_PKEY_keygen_init")
        try check(EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, NID_X9_62_prime256v1) == 1, "set curve")
        var key: OpaquePointer?
        try check(EVP_PKEY_keygen(context, &key) == 1 && key != nil, "EVP_PKEY_keygen")
        return key!
    }

    private func makeCertificate(
        subject: Subject,
        publicKey: OpaquePointer,
        issuerKey: OpaquePointer,
        issuer: OpaquePointer?,
        days: Int,
        isAuthority: Bool
    ) throws -> OpaquePointer {
        guard let certificate = X509_new() else { throw Failure(step: "X509_new") }
        do {
            try check(X509_set_version(certificate, 2) == 1, "X509_set_version")
            var serial = [UInt8](repeating: 0, count: 16)
            try check(RAND_bytes(&serial, Int32(serial.count)) == 1, "RAND_bytes")
            serial[0] &= 0x7F  // a positive serial number
            let serialNumber = BN_bin2bn(serial, Int32(serial.count), nil)
            defer { BN_free(serialNumber) }
            try check(BN_to_ASN1_INTEGER(serialNumber, X509_get_serialNumber(certificate)) != nil, "serial number")
            try check(X509_gmtime_adj(X509_getm_notBefore(certificate), -3600) != nil, "notBefore")
            try check(X509_gmtime_adj(X509_getm_notAfter(certificate), days * 86_400) != nil, "notAfter")
            try check(X509_set_pubkey(certificate, publicKey) == 1, "X509_set_pubkey")

            let name = X509_get_subject_name(certificate)
            try addEntry(name, "CN", subject.commonName)
            try addEntry(name, "O", subject.orgNumber == nil ? "KSI development" : subject.commonName)
            if let orgNumber = subject.orgNumber {
                try addEntry(name, "organizationIdentifier", "NTRNO-\(orgNumber)")
                try addEntry(name, "serialNumber", orgNumber)
            }
            try check(
                X509_set_issuer_name(certificate, issuer.map { X509_get_subject_name($0) } ?? name) == 1,
                "issuer name"
            )

            var extensions: [(Int32, String)] = []
            if isAuthority {
                extensions.append((NID_basic_constraints, "critical,CA:TRUE"))
                extensions.append((NID_key_usage, "critical,keyCertSign,cRLSign"))
            } else {
                extensions.append((NID_basic_constraints, "critical,CA:FALSE"))
                // EC P-256 keys sign the (EC)DHE handshake: digitalSignature is the one usage TLS needs.
                extensions.append((NID_key_usage, "critical,digitalSignature"))
                var purposes: [String] = []
                if subject.isServer { purposes.append("serverAuth") }
                if subject.isClient { purposes.append("clientAuth") }
                if !purposes.isEmpty { extensions.append((NID_ext_key_usage, purposes.joined(separator: ","))) }
                let alternativeNames = subject.dnsNames.map { "DNS:\($0)" } + subject.ipAddresses.map { "IP:\($0)" }
                if !alternativeNames.isEmpty {
                    extensions.append((NID_subject_alt_name, alternativeNames.joined(separator: ",")))
                }
            }
            // Strict X.509 verification (OpenSSL's X509_V_FLAG_X509_STRICT, Python 3.13's default context)
            // requires the subject key identifier on a CA and the authority key identifier on every
            // certificate it issued; the SKI goes first so a self-signed CA's AKI can name it.
            extensions.append((NID_subject_key_identifier, "hash"))
            extensions.append((NID_authority_key_identifier, "keyid:always"))
            var context = X509V3_CTX()
            X509V3_set_ctx(&context, issuer ?? certificate, certificate, nil, nil, 0)
            for (nid, value) in extensions {
                guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                    throw Failure(step: "extension \(nid)")
                }
                defer { X509_EXTENSION_free(ext) }
                try check(X509_add_ext(certificate, ext, -1) == 1, "X509_add_ext")
            }
            try check(X509_sign(certificate, issuerKey, EVP_sha256()) > 0, "X509_sign")
            return certificate
        } catch {
            X509_free(certificate)
            throw error
        }
    }

    private func addEntry(_ name: OpaquePointer?, _ field: String, _ value: String) throws {
        let bytes = Array(value.utf8)
        try check(
            X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0) == 1,
            "subject \(field)"
        )
    }

    private func pemCertificate(_ certificate: OpaquePointer) throws -> String {
        try withMemoryBIO { bio in PEM_write_bio_X509(bio, certificate) == 1 }
    }

    private func pemKey(_ key: OpaquePointer) throws -> String {
        try withMemoryBIO { bio in PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) == 1 }
    }

    private func withMemoryBIO(_ write: (OpaquePointer?) -> Bool) throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw Failure(step: "BIO_new") }
        defer { BIO_free(bio) }
        try check(write(bio), "PEM write")
        var data: UnsafeMutablePointer<CChar>?
        let length = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data)
        guard length > 0, let data else { throw Failure(step: "BIO read") }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    private func readKey(_ pem: String) throws -> OpaquePointer {
        try withReadBIO(pem) { bio in PEM_read_bio_PrivateKey(bio, nil, nil, nil) }
    }

    private func readCertificate(_ pem: String) throws -> OpaquePointer {
        try withReadBIO(pem) { bio in PEM_read_bio_X509(bio, nil, nil, nil) }
    }

    private func withReadBIO(_ pem: String, _ read: (OpaquePointer?) -> OpaquePointer?) throws -> OpaquePointer {
        let bytes = Array(pem.utf8)
        guard let bio = BIO_new_mem_buf(bytes, Int32(bytes.count)) else { throw Failure(step: "BIO_new_mem_buf") }
        defer { BIO_free(bio) }
        guard let object = read(bio) else { throw Failure(step: "PEM read") }
        return object
    }

    static func lastError() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "no OpenSSL error queued" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
