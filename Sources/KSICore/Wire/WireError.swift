/// Why bytes could not be turned into a message, or a message into bytes.
public struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; a struct so that kinds can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Kind: Sendable, Hashable {
            case malformed, oversized, overBudget, invalidUTF8, unknownEnumValue
        }
        let kind: Kind

        /// The bytes are not a valid encoding of the message (truncated, wrong wire type, garbage).
        public static let malformed = Code(kind: .malformed)
        /// The message is larger than `WireLimits.maxMessageBytes`.
        public static let oversized = Code(kind: .oversized)
        /// Decoding needed more memory than `WireLimits.decodeBudget` allows for the input's size (LIM-R1).
        public static let overBudget = Code(kind: .overBudget)
        /// A string field holds bytes that are not UTF-8.
        public static let invalidUTF8 = Code(kind: .invalidUTF8)
        /// An enum field holds a number the contract does not define.
        public static let unknownEnumValue = Code(kind: .unknownEnumValue)

        /// The code's name.
        public var description: String { "\(kind)" }
    }

    /// What kind of failure.
    public var code: Code
    /// The message type involved, e.g. `ksi.v1.NeedsReport`.
    public var messageName: String
    /// The proto field name, when one field is at fault.
    public var field: String?
    /// What went wrong, in English.
    public var message: String

    /// An error of `code` in message `messageName` (and `field`, when one is at fault).
    public init(code: Code, messageName: String, field: String? = nil, message: String) {
        self.code = code
        self.messageName = messageName
        self.field = field
        self.message = message
    }

    /// `Message.field: text`.
    public var description: String {
        "\(messageName)\(field.map { ".\($0)" } ?? ""): \(message)"
    }
}
