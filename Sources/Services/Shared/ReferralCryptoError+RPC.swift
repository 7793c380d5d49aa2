import GRPCCore
import KSICore

/// Child data that cannot be opened is stored data the service cannot read: an operator must act
/// (restore a retired key, investigate tampering), so these are DATA_LOSS or INTERNAL, never the
/// caller's fault. The message names no plaintext or key material.
extension ReferralCryptoError: RPCErrorConvertible {
    public var rpcErrorCode: RPCError.Code {
        switch code {
        case .unknownKey, .authenticationFailed, .malformed: .dataLoss
        case .invalidKeyRing, .cipherFailure: .internalError
        }
    }

    public var rpcErrorMessage: String {
        "stored child data could not be opened (\(code)); an operator has been alerted by the log"
    }
}
