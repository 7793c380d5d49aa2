import COpenSSL

/// AES-256-GCM through OpenSSL libcrypto: seals and opens one field value (PRIV-R2).
///
/// Stateless; every call builds and frees its own `EVP_CIPHER_CTX`, so it is safe from any task.
enum FieldCipher {
    static let keyBytes = 32
    static let nonceBytes = 12
    static let tagBytes = 16

    /// `count` cryptographically random bytes from OpenSSL's CSPRNG.
    static func randomBytes(_ count: Int) throws(ReferralCryptoError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard ok == 1 else { throw ReferralCryptoError(.cipherFailure, "the random number generator failed") }
        return bytes
    }

    /// Encrypts `plaintext` under `key` with `nonce`, authenticating `aad`; returns ciphertext and tag.
    static func seal(
        _ plaintext: [UInt8],
        key: [UInt8],
        nonce: [UInt8],
        aad: [UInt8]
    ) throws(ReferralCryptoError) -> (ciphertext: [UInt8], tag: [UInt8]) {
        guard key.count == keyBytes, nonce.count == nonceBytes else {
            throw ReferralCryptoError(.cipherFailure, "the key or nonce has the wrong length")
        }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw ReferralCryptoError(.cipherFailure, "no cipher context") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var tag = [UInt8](repeating: 0, count: tagBytes)
        var produced: Int32 = 0
        var ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1
        ok = ok && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceBytes), nil) == 1
        ok = ok && EVP_EncryptInit_ex(ctx, nil, nil, key, nonce) == 1
        if ok && !aad.isEmpty {
            var ignored: Int32 = 0
            ok = EVP_EncryptUpdate(ctx, nil, &ignored, aad, Int32(aad.count)) == 1
        }
        if ok && !plaintext.isEmpty {
            ok = ciphertext.withUnsafeMutableBufferPointer { out in
                EVP_EncryptUpdate(ctx, out.baseAddress, &produced, plaintext, Int32(plaintext.count)) == 1
            }
        }
        var final: Int32 = 0
        if ok {
            ok = ciphertext.withUnsafeMutableBufferPointer { out in
                EVP_EncryptFinal_ex(ctx, out.baseAddress! + Int(produced), &final) == 1
            }
        }
        if ok {
            ok = tag.withUnsafeMutableBufferPointer {
                EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(tagBytes), $0.baseAddress) == 1
            }
        }
        guard ok else { throw ReferralCryptoError(.cipherFailure, "encryption failed") }
        return (Array(ciphertext.prefix(Int(produced + final))), tag)
    }

    /// Decrypts and authenticates; throws `authenticationFailed` when the key, nonce, tag, data or
    /// additional data do not match.
    static func open(
        _ ciphertext: [UInt8],
        tag: [UInt8],
        key: [UInt8],
        nonce: [UInt8],
        aad: [UInt8]
    ) throws(ReferralCryptoError) -> [UInt8] {
        guard key.count == keyBytes, nonce.count == nonceBytes, tag.count == tagBytes else {
            throw ReferralCryptoError(.malformed, "the sealed value has the wrong shape")
        }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw ReferralCryptoError(.cipherFailure, "no cipher context") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var produced: Int32 = 0
        var ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1
        ok = ok && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceBytes), nil) == 1
        ok = ok && EVP_DecryptInit_ex(ctx, nil, nil, key, nonce) == 1
        if ok && !aad.isEmpty {
            var ignored: Int32 = 0
            ok = EVP_DecryptUpdate(ctx, nil, &ignored, aad, Int32(aad.count)) == 1
        }
        if ok && !ciphertext.isEmpty {
            ok = plaintext.withUnsafeMutableBufferPointer { out in
                EVP_DecryptUpdate(ctx, out.baseAddress, &produced, ciphertext, Int32(ciphertext.count)) == 1
            }
        }
        guard ok else { throw ReferralCryptoError(.cipherFailure, "decryption failed") }
        var expected = tag
        ok = expected.withUnsafeMutableBufferPointer {
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tagBytes), $0.baseAddress) == 1
        }
        var final: Int32 = 0
        if ok {
            ok = plaintext.withUnsafeMutableBufferPointer { out in
                EVP_DecryptFinal_ex(ctx, out.baseAddress! + Int(produced), &final) > 0
            }
        }
        guard ok else {
            throw ReferralCryptoError(
                .authenticationFailed,
                "a sealed value failed authentication: wrong key, or the stored data was changed"
            )
        }
        return Array(plaintext.prefix(Int(produced + final)))
    }
}
