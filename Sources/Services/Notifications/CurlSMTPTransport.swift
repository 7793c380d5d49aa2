import CCurl
import Foundation
import NIOPosix

/// Sends mail through libcurl's SMTP client (Debian libcurl4-openssl-dev; no hand-written SMTP).
/// `smtp://host:port` speaks plain SMTP and upgrades with STARTTLS as `security` says; `smtps://`
/// is TLS from the first byte. Login with user and password when given. libcurl blocks, so each send
/// runs on NIO's blocking thread pool, bounded by `timeoutSeconds`.
public struct CurlSMTPTransport: MailTransport {
    /// Whether the connection must be encrypted (`KSI_SMTP_TLS`).
    public enum Security: String, Sendable, CaseIterable {
        /// STARTTLS is required (or smtps://): a server without TLS gets nothing, credentials included.
        case required
        /// STARTTLS when the server offers it, plain otherwise (a relay on the same host or network).
        case opportunistic
        /// Never TLS (a test server on loopback).
        case none
    }

    public let url: String
    public let username: String?
    public let password: String?
    public let security: Security
    public let timeoutSeconds: Int
    /// A CA file for the server's certificate; nil: the system's trust store.
    public let caFile: String?

    public init(
        url: String,
        username: String? = nil,
        password: String? = nil,
        security: Security = .required,
        timeoutSeconds: Int = 30,
        caFile: String? = nil
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.security = security
        self.timeoutSeconds = timeoutSeconds
        self.caFile = caFile
    }

    public var destination: String { url }

    /// libcurl's global setup, once per process, before any handle exists.
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    public func send(_ message: MailMessage) async throws {
        let transport = self
        try await NIOThreadPool.singleton.runIfActive { try transport.perform(message) }
    }

    private func perform(_ message: MailMessage) throws {
        guard Self.globalInit == CURLE_OK else { throw MailDeliveryError("libcurl could not be initialised") }
        guard let curl = curl_easy_init() else { throw MailDeliveryError("libcurl could not make a handle") }
        defer { curl_easy_cleanup(curl) }
        let recipients: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "<\(message.to)>")
        defer { curl_slist_free_all(recipients) }
        let source = UploadSource(Array(message.rendered().utf8))
        let sourcePointer = Unmanaged.passRetained(source)
        defer { sourcePointer.release() }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let useSSL: curl_usessl =
            switch security {
            case .required: CURLUSESSL_ALL
            case .opportunistic: CURLUSESSL_TRY
            case .none: CURLUSESSL_NONE
            }
        var code = ksi_curl_setopt_string(curl, CURLOPT_URL, url)
        func set(_ next: @autoclosure () -> CURLcode) { if code == CURLE_OK { code = next() } }
        set(ksi_curl_setopt_long(curl, CURLOPT_NOSIGNAL, 1))
        set(ksi_curl_setopt_long(curl, CURLOPT_USE_SSL, Int(useSSL.rawValue)))
        set(ksi_curl_setopt_string(curl, CURLOPT_MAIL_FROM, "<\(message.from)>"))
        set(ksi_curl_setopt_slist(curl, CURLOPT_MAIL_RCPT, recipients))
        set(ksi_curl_setopt_long(curl, CURLOPT_UPLOAD, 1))
        set(ksi_curl_setopt_read_function(curl, uploadRead))
        set(ksi_curl_setopt_pointer(curl, CURLOPT_READDATA, sourcePointer.toOpaque()))
        set(ksi_curl_setopt_long(curl, CURLOPT_INFILESIZE, Int(source.bytes.count)))
        set(ksi_curl_setopt_long(curl, CURLOPT_TIMEOUT, Int(timeoutSeconds)))
        set(ksi_curl_setopt_long(curl, CURLOPT_CONNECTTIMEOUT, Int(min(timeoutSeconds, 10))))
        // Only SMTP, whatever the URL says (no file://, no http:// by a wrong setting).
        set(ksi_curl_setopt_string(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps"))
        if let username { set(ksi_curl_setopt_string(curl, CURLOPT_USERNAME, username)) }
        if let password { set(ksi_curl_setopt_string(curl, CURLOPT_PASSWORD, password)) }
        if let caFile { set(ksi_curl_setopt_string(curl, CURLOPT_CAINFO, caFile)) }
        guard code == CURLE_OK else {
            throw MailDeliveryError("libcurl option: \(String(cString: curl_easy_strerror(code)))")
        }
        code = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            let set = ksi_curl_setopt_pointer(curl, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            return set == CURLE_OK ? curl_easy_perform(curl) : set
        }
        guard code == CURLE_OK else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw MailDeliveryError(
                "SMTP \(url): \(String(cString: curl_easy_strerror(code)))\(detail.isEmpty ? "" : " (\(detail))")"
            )
        }
    }
}

/// The message bytes libcurl reads as it uploads.
private final class UploadSource: @unchecked Sendable {
    // @unchecked: used by one libcurl transfer on one thread at a time.
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// libcurl's read callback: copies the next part of the message into its buffer; 0 ends the upload.
private let uploadRead: ksi_curl_read_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    let source = Unmanaged<UploadSource>.fromOpaque(userdata).takeUnretainedValue()
    let room = size * count
    let length = min(room, source.bytes.count - source.offset)
    guard length > 0 else { return 0 }
    source.bytes.withUnsafeBufferPointer { all in
        UnsafeMutableRawPointer(buffer).copyMemory(from: all.baseAddress! + source.offset, byteCount: length)
    }
    source.offset += length
    return length
}
