import Foundation

/// One encrypted field value with its key id, nonce and tag (PRIV-R2; format in docs/referral.md).
///
/// Binary form: `0x01` (format), key-id length (1 byte), key id (UTF-8), 12-byte nonce, 16-byte tag,
/// ciphertext. Text form (for string fields): `ksi1:` + base64 of the binary form. The additional
/// authenticated data binds the value to its referral and field: `ksi.referral|v1|<keyId>|<referralId>|<field>`,
/// so a ciphertext copied to another referral or field does not open.
struct SealedValue: Sendable, Hashable {
    static let format: UInt8 = 1
    static let textPrefix = "ksi1:"

    var keyId: String
    var nonce: [UInt8]
    var tag: [UInt8]
    var ciphertext: [UInt8]

    var bytes: [UInt8] {
        let id = Array(keyId.utf8)
        return [Self.format, UInt8(id.count)] + id + nonce + tag + ciphertext
    }

    var text: String { Self.textPrefix + Data(bytes).base64EncodedString() }

    init(keyId: String, nonce: [UInt8], tag: [UInt8], ciphertext: [UInt8]) {
        self.keyId = keyId
        self.nonce = nonce
        self.tag = tag
        self.ciphertext = ciphertext
    }

    init(bytes: [UInt8]) throws(ReferralCryptoError) {
        guard bytes.count >= 2, bytes[0] == Self.format else {
            throw ReferralCryptoError(.malformed, "the stored value is not a sealed value of a known format")
        }
        let idLength = Int(bytes[1])
        let header = 2 + idLength
        guard idLength > 0, bytes.count >= header + FieldCipher.nonceBytes + FieldCipher.tagBytes else {
            throw ReferralCryptoError(.malformed, "the sealed value is truncated")
        }
        keyId = String(decoding: bytes[2..<header], as: UTF8.self)
        nonce = Array(bytes[header..<header + FieldCipher.nonceBytes])
        tag = Array(bytes[header + FieldCipher.nonceBytes..<header + FieldCipher.nonceBytes + FieldCipher.tagBytes])
        ciphertext = Array(bytes[(header + FieldCipher.nonceBytes + FieldCipher.tagBytes)...])
    }

    init(text: String) throws(ReferralCryptoError) {
        guard text.hasPrefix(Self.textPrefix),
            let data = Data(base64Encoded: String(text.dropFirst(Self.textPrefix.count)))
        else {
            throw ReferralCryptoError(.malformed, "the stored text is not a sealed value")
        }
        try self.init(bytes: [UInt8](data))
    }

    static func aad(keyId: String, referralId: String, field: String) -> [UInt8] {
        Array("ksi.referral|v\(format)|\(keyId)|\(referralId)|\(field)".utf8)
    }
}

/// Seals and opens the child-data fields of referrals with a key ring (PRIV-R2).
public struct ReferralFieldCrypto: Sendable {
    /// The keys: the current one seals, any of them opens.
    public let keyRing: ReferralKeyRing

    /// Crypto over `keyRing`.
    public init(keyRing: ReferralKeyRing) { self.keyRing = keyRing }

    /// Seals bytes with the current key, bound to `referralId` and `field`.
    func sealBytes(_ plaintext: [UInt8], referralId: String, field: String) throws(ReferralCryptoError) -> [UInt8] {
        try seal(plaintext, referralId: referralId, field: field).bytes
    }

    func seal(_ plaintext: [UInt8], referralId: String, field: String) throws(ReferralCryptoError) -> SealedValue {
        let keyId = keyRing.currentKeyId
        let nonce = try FieldCipher.randomBytes(FieldCipher.nonceBytes)
        let sealed = try FieldCipher.seal(
            plaintext,
            key: keyRing.currentKey,
            nonce: nonce,
            aad: SealedValue.aad(keyId: keyId, referralId: referralId, field: field)
        )
        return SealedValue(keyId: keyId, nonce: nonce, tag: sealed.tag, ciphertext: sealed.ciphertext)
    }

    func open(_ sealed: SealedValue, referralId: String, field: String) throws(ReferralCryptoError) -> [UInt8] {
        try FieldCipher.open(
            sealed.ciphertext,
            tag: sealed.tag,
            key: try keyRing.key(sealed.keyId),
            nonce: sealed.nonce,
            aad: SealedValue.aad(keyId: sealed.keyId, referralId: referralId, field: field)
        )
    }

    func openBytes(_ bytes: [UInt8], referralId: String, field: String) throws(ReferralCryptoError) -> [UInt8] {
        try open(SealedValue(bytes: bytes), referralId: referralId, field: field)
    }

    /// Seals a string into the text form; an empty string stays empty (nothing to protect).
    public func sealText(_ plaintext: String, referralId: String, field: String) throws(ReferralCryptoError) -> String {
        plaintext.isEmpty ? "" : try seal(Array(plaintext.utf8), referralId: referralId, field: field).text
    }

    /// Opens the text form; empty stays empty.
    public func openText(_ stored: String, referralId: String, field: String) throws(ReferralCryptoError) -> String {
        stored.isEmpty
            ? ""
            : String(decoding: try open(SealedValue(text: stored), referralId: referralId, field: field), as: UTF8.self)
    }

    /// The key id a stored text value was sealed with.
    public static func keyId(ofSealedText stored: String) throws(ReferralCryptoError) -> String {
        try SealedValue(text: stored).keyId
    }
}
