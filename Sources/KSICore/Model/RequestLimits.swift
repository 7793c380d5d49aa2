import Foundation

/// The bounds every request field is held to at the edge (docs/security.md "Request fields").
///
/// Each generated message has a `checkLimits` walk (scripts/protogen/swiftgen.py) that applies these
/// bounds field by field; `…ServiceActing`, which the gRPC adapters and the gateway also go through,
/// runs it on every request before anything is read or stored.
public enum RequestLimits {
    /// LIM-R2: the largest money input, 10 000 000 000 kr in øre. The one definition of the bound:
    /// `Money.maximumInputOre` (checked arithmetic and form parsing) reads it from here.
    public static let maxMoneyOre: Int64 = 1_000_000_000_000
    /// LIM-R2: the same bound in kroner.
    public static let maxMoneyKroner: Int64 = maxMoneyOre / 100
    /// LIM-R3: dates are four-digit years (ISO 8601 without expansion).
    public static let dateYears: ClosedRange<Int32> = 1...9999
    /// LIM-R4: the longest request id, in characters (Unicode scalars).
    public static let maxRequestIdLength = 128
    /// LIM-R5: string lengths in characters (Unicode scalars), by kind of field.
    public static let maxIdentifierLength = 128
    /// LIM-R5: names, titles, references, contact details.
    public static let maxNameLength = 500
    /// LIM-R5: free text (descriptions, reasons, notes).
    public static let maxTextLength = 10_000
    /// LIM-R5: a bytes field (a referral attachment) is at most one whole message.
    public static let maxBytesLength = WireLimits.default.maxMessageBytes
    /// LIM-R6: elements of a repeated field, by tier.
    public static let maxStandardCount = 1_000
    /// LIM-R6: lists that grow with the needs reports of one round.
    public static let maxRoundListCount = 10_000
    /// LIM-R6: the reference-data import.
    public static let maxBulkCount = 100_000
    /// At most this many violations are listed; the error says how many more there were.
    public static let maxReportedViolations = 100
}

/// What a `checkLimits` walk found: every violation with its field path, up to a reporting cap.
public struct LimitCheck: Sendable {
    /// LIM-R5: the length class of a string field (the generator picks it from the field's name).
    public enum TextKind: Sendable {
        /// `id`, `ids`, `…_id`, `…_ids`, `…_number`, `code`.
        case identifier
        /// Names, titles, references, contact details, short codes.
        case name
        /// Free text: descriptions, reasons, notes.
        case text

        /// The longest string of this kind, in characters.
        public var maxLength: Int {
            switch self {
            case .identifier: RequestLimits.maxIdentifierLength
            case .name: RequestLimits.maxNameLength
            case .text: RequestLimits.maxTextLength
            }
        }
    }

    /// LIM-R6: the count bound of a repeated field.
    public enum CountTier: Sendable {
        /// Every other repeated field.
        case standard
        /// Lists that grow with the needs reports of one round (draft lines, a ranking).
        case roundList
        /// The reference-data import.
        case bulk

        /// The most elements a field of this tier may have.
        public var maxCount: Int {
            switch self {
            case .standard: RequestLimits.maxStandardCount
            case .roundList: RequestLimits.maxRoundListCount
            case .bulk: RequestLimits.maxBulkCount
            }
        }
    }

    /// The violations found, in field order, up to `RequestLimits.maxReportedViolations`.
    public private(set) var violations: [RuleViolation] = []
    /// Violations found beyond `RequestLimits.maxReportedViolations`.
    public private(set) var omitted = 0

    /// An empty check.
    public init() {}

    /// LIM-R2: a money amount within 0…10 000 000 000 kr (the unit follows the field name).
    public mutating func money(_ value: Int64, _ prefix: String, _ key: String, _ index: Int? = nil) {
        let kroner = key.hasSuffix("_kroner")
        let maximum = kroner ? RequestLimits.maxMoneyKroner : RequestLimits.maxMoneyOre
        guard value < 0 || value > maximum else { return }
        record(
            .moneyBound,
            Self.path(prefix, key, index),
            "an amount must be between 0 and \(kroner ? "10 000 000 000 kr" : "1 000 000 000 000 øre (10 000 000 000 kr)"); this one is \(value)"
        )
    }

    /// LIM-R3: a real calendar date (leap years included) with a four-digit year.
    public mutating func date(_ value: LocalDate, _ prefix: String, _ key: String, _ index: Int? = nil) {
        guard !(RequestLimits.dateYears.contains(value.year) && value.isValid) else { return }
        record(
            .calendarDate,
            Self.path(prefix, key, index),
            "year \(value.year), month \(value.month), day \(value.day) is not a calendar date"
        )
    }

    /// LIM-R4: a write's idempotency key: present, at most 128 characters, printable.
    public mutating func requestId(_ value: String, _ prefix: String, _ key: String) {
        if value.isEmpty {
            record(.requestIdRequired, Self.path(prefix, key, nil), "a write needs a request_id (its idempotency key)")
        } else if !Self.fits(value, RequestLimits.maxRequestIdLength) {
            record(
                .requestIdRequired,
                Self.path(prefix, key, nil),
                "a request_id has at most \(RequestLimits.maxRequestIdLength) characters; this one has \(value.unicodeScalars.count)"
            )
        } else if !value.unicodeScalars.allSatisfy(Self.isPrintable) {
            record(
                .requestIdRequired,
                Self.path(prefix, key, nil),
                "a request_id has only printable characters (no control or format characters)"
            )
        }
    }

    /// LIM-R5: a string within the length of its kind.
    public mutating func text(_ value: String, _ kind: TextKind, _ prefix: String, _ key: String, _ index: Int? = nil) {
        guard !Self.fits(value, kind.maxLength) else { return }
        record(
            .textLength,
            Self.path(prefix, key, index),
            "this field has at most \(kind.maxLength) characters; this value has \(value.unicodeScalars.count)"
        )
    }

    /// ID-R2 (issue 14): a request field the contract says holds a server-assigned UUID (its `// Id:` comment)
    /// holds one, in either case, or is empty (a missing id is the command's own error).
    public mutating func serverUUID(_ value: String, _ prefix: String, _ key: String) {
        guard !value.isEmpty, UUID(uuidString: value) == nil else { return }
        record(
            .serverAssignedId,
            Self.path(prefix, key, nil),
            "this id is a UUID that KSI assigned (8-4-4-4-12 hexadecimal digits); this value is not one, so it names nothing"
        )
    }

    /// LIM-R5: a bytes value within one message's size.
    public mutating func bytes(_ value: [UInt8], _ prefix: String, _ key: String, _ index: Int? = nil) {
        guard value.count > RequestLimits.maxBytesLength else { return }
        record(
            .textLength,
            Self.path(prefix, key, index),
            "this field has at most \(RequestLimits.maxBytesLength) bytes; this value has \(value.count)"
        )
    }

    /// LIM-R6: a repeated field within its tier's count; false when over (its elements are then not walked).
    @discardableResult
    public mutating func count(_ count: Int, _ tier: CountTier, _ prefix: String, _ key: String) -> Bool {
        guard count > tier.maxCount else { return true }
        record(
            .repeatedCount,
            Self.path(prefix, key, nil),
            "this list has at most \(tier.maxCount) elements; this one has \(count)"
        )
        return false
    }

    /// The violations as the error a request gets, or nil when it is within every bound.
    public var error: DomainError? {
        guard !violations.isEmpty else { return nil }
        var error = DomainError.violations(violations)
        if omitted > 0 {
            error.message += "; \(omitted) more violations of request limits are not listed"
        }
        return error
    }

    private mutating func record(
        _ rule: RuleID,
        _ field: @autoclosure () -> String,
        _ message: @autoclosure () -> String
    ) {
        guard violations.count < RequestLimits.maxReportedViolations else {
            omitted += 1
            return
        }
        violations.append(RuleViolation(field: field(), rule: rule, message: message()))
    }

    /// `prefix` + `key`, with `[index]` for an element of a repeated field.
    static func path(_ prefix: String, _ key: String, _ index: Int?) -> String {
        index.map { "\(prefix)\(key)[\($0)]" } ?? prefix + key
    }

    /// Whether `value` has at most `limit` Unicode scalars; the UTF-8 size answers most cases in O(1).
    static func fits(_ value: String, _ limit: Int) -> Bool {
        value.utf8.count <= limit || value.unicodeScalars.count <= limit
    }

    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: false
        default: true
        }
    }
}

/// A message with a generated `checkLimits` walk (every generated message is one).
public protocol LimitedMessage: Sendable {
    /// Adds this message's violations, with field paths starting with `prefix` (e.g. `content.`).
    func checkLimits(_ check: inout LimitCheck, prefix: String)
}

extension LimitedMessage {
    /// Every violation of the request limits (LIM-R2…R6), with field paths from this message.
    public func limitCheck() -> LimitCheck {
        var check = LimitCheck()
        checkLimits(&check, prefix: "")
        return check
    }

    /// Throws `DomainError.violations` listing every violated request limit; stores and reads nothing.
    public func validateLimits() throws {
        if let error = limitCheck().error { throw error }
    }
}
