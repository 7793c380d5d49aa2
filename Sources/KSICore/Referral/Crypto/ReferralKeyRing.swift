import Foundation

/// The AES-256 keys that seal child data (PRIV-R2): one current key for new writes and any number of
/// retired keys that still open older values.
///
/// The ring comes from a file or an environment variable, never from the database, so a copy of the
/// database alone reveals nothing. Text format (docs/referral.md): one `keyId:base64key` per line,
/// `#` comments and blank lines ignored; the **last** key is the current one, so rotating means
/// appending a line. `;` also separates entries, for a one-line environment variable.
public struct ReferralKeyRing: Sendable, CustomStringConvertible {
    /// The id new values are sealed with.
    public let currentKeyId: String
    private let keys: [String: [UInt8]]

    /// The environment variable holding the key ring text.
    public static let keysVariable = "KSI_REFERRAL_KEYS"
    /// The environment variable naming a key file.
    public static let keyFileVariable = "KSI_REFERRAL_KEY_FILE"

    /// A ring of raw 32-byte keys; `current` must be one of them.
    public init(keys: [(id: String, key: [UInt8])], current: String? = nil) throws(ReferralCryptoError) {
        guard let last = keys.last else { throw ReferralCryptoError(.invalidKeyRing, "the key ring holds no key") }
        var map: [String: [UInt8]] = [:]
        for entry in keys {
            guard Self.isValidKeyId(entry.id) else {
                throw ReferralCryptoError(.invalidKeyRing, "a key id must be 1–64 letters, digits, '.', '_' or '-'")
            }
            guard entry.key.count == FieldCipher.keyBytes else {
                throw ReferralCryptoError(.invalidKeyRing, "the key \(entry.id) is not 32 bytes (AES-256)")
            }
            guard map[entry.id] == nil else {
                throw ReferralCryptoError(.invalidKeyRing, "the key id \(entry.id) appears twice")
            }
            map[entry.id] = entry.key
        }
        let currentId = current ?? last.id
        guard map[currentId] != nil else {
            throw ReferralCryptoError(.invalidKeyRing, "the current key \(currentId) is not in the ring")
        }
        self.keys = map
        self.currentKeyId = currentId
    }

    /// Parses the text format: `keyId:base64key` entries separated by newlines or `;`.
    public init(parsing text: String) throws(ReferralCryptoError) {
        var entries: [(id: String, key: [UInt8])] = []
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == ";" || $0 == "\r" }) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw ReferralCryptoError(.invalidKeyRing, "a key entry must read keyId:base64key")
            }
            let id = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let encoded = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            guard let key = Data(base64Encoded: encoded) else {
                throw ReferralCryptoError(.invalidKeyRing, "the key \(id) is not valid base64")
            }
            entries.append((id, [UInt8](key)))
        }
        try self.init(keys: entries)
    }

    /// Reads a key file in the text format.
    public init(contentsOfFile path: String) throws(ReferralCryptoError) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ReferralCryptoError(.invalidKeyRing, "the key file cannot be read")
        }
        try self.init(parsing: text)
    }

    /// The ring configured in `environment` (`KSI_REFERRAL_KEYS`, else the file named by
    /// `KSI_REFERRAL_KEY_FILE`). The caller passes the environment: KSICore reads no variables itself.
    public static func fromEnvironment(_ environment: [String: String]) throws(ReferralCryptoError) -> ReferralKeyRing {
        if let text = environment[keysVariable], !text.isEmpty { return try ReferralKeyRing(parsing: text) }
        if let path = environment[keyFileVariable], !path.isEmpty { return try ReferralKeyRing(contentsOfFile: path) }
        throw ReferralCryptoError(.invalidKeyRing, "set \(keysVariable) or \(keyFileVariable) to the referral key ring")
    }

    /// A ring with one fresh random key (tests, demos). Data sealed with it is lost with the process.
    public static func ephemeral(keyId: String = "ephemeral") throws(ReferralCryptoError) -> ReferralKeyRing {
        try ReferralKeyRing(keys: [(keyId, try FieldCipher.randomBytes(FieldCipher.keyBytes))])
    }

    /// This ring with another key added; by default it becomes the current key (rotation).
    public func adding(
        keyId: String,
        key: [UInt8],
        makeCurrent: Bool = true
    ) throws(ReferralCryptoError) -> ReferralKeyRing {
        var entries = keyIds.map { (id: $0, key: keys[$0]!) }
        entries.append((keyId, key))
        return try ReferralKeyRing(keys: entries, current: makeCurrent ? keyId : currentKeyId)
    }

    /// Every key id in the ring, sorted.
    public var keyIds: [String] { keys.keys.sorted() }

    func key(_ id: String) throws(ReferralCryptoError) -> [UInt8] {
        guard let key = keys[id] else {
            throw ReferralCryptoError(
                .unknownKey,
                "no key with the id \(id) is in the key ring; a retired key may have been removed"
            )
        }
        return key
    }

    var currentKey: [UInt8] { keys[currentKeyId]! }

    static func isValidKeyId(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-".unicodeScalars.contains($0)
            }
    }

    /// Key ids only: key material is never printed or logged.
    public var description: String { "ReferralKeyRing(current: \(currentKeyId), keys: \(keyIds))" }
}
