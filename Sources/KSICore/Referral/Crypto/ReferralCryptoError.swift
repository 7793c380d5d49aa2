/// Why a sealed child-data value could not be made or read (PRIV-R2).
///
/// Thrown, never trapped: a wrong key, a missing retired key or tampered bytes end the command.
/// The message never contains plaintext or key material.
public struct ReferralCryptoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Sendable, Hashable {
        /// The key ring has no key with the sealed value's key id (a retired key was removed).
        case unknownKey
        /// The tag did not verify: wrong key, or the ciphertext, nonce or context was changed.
        case authenticationFailed
        /// The stored bytes are not a sealed value of a known format.
        case malformed
        /// The key file or variable could not be read or parsed.
        case invalidKeyRing
        /// OpenSSL reported an internal failure.
        case cipherFailure
    }

    /// What went wrong.
    public var code: Code
    /// What went wrong, in English; never plaintext or key material.
    public var message: String

    /// An error of `code` saying `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
