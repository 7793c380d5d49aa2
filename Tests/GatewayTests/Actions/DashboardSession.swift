import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Hummingbird
import HummingbirdTesting
import KSICore
import NIOCore
import Services
import StackTestSupport
import Synchronization
import Testing

/// A browser on the loopback dashboard (`stack.devDashboardPort`, plain HTTP, as the stack's dashboard
/// person), for the case-action and simulator tests: GET a page, keep the form cookie as a browser
/// would, read a form's hidden fields from the HTML, and POST a form (url-encoded).
struct DashboardSession: Sendable {
    struct Page: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var html: String

        var location: String? { headers[.location] }

        /// The hidden fields of the form whose hidden `handling` is `action` (or the first form for nil).
        func hiddenFields(action: String? = nil) throws -> [String: String] {
            let forms = html.matches(of: /<form[^>]*>(?s:.*?)<\/form>/).map { String(html[$0.range]) }
            let form = try #require(
                forms.first { action == nil || $0.contains(#"name="handling" value="\#(action!)""#) },
                "no form for \(action ?? "the page") in the page"
            )
            var fields: [String: String] = [:]
            for match in form.matches(of: /<input type="hidden" name="([^"]+)" value="([^"]*)">/) {
                fields[String(match.1)] = String(match.2)
            }
            return fields
        }

        /// Whether the page offers a form for `action`.
        func offers(_ action: String) -> Bool { html.contains(#"name="handling" value="\#(action)""#) }
    }

    let client: TestClient
    /// `ksi_skjema=<token>` once a page has set it.
    let jar = CookieJar()

    final class CookieJar: Sendable {
        let value = Mutex<String?>(nil)
    }

    /// The Host a browser sends (the loopback listener answers only loopback names, 421 otherwise).
    let authority: String

    init(port: Int) {
        authority = "127.0.0.1:\(port)"
        client = TestClient(host: "127.0.0.1", port: port)
        client.connect()
    }

    static func with<R: Sendable>(_ stack: TestStack, _ body: (DashboardSession) async throws -> R) async throws -> R {
        let session = DashboardSession(port: stack.devDashboardPort)
        do {
            let result = try await body(session)
            try? await session.client.shutdown()
            return result
        } catch {
            try? await session.client.shutdown()
            throw error
        }
    }

    func get(_ uri: String) async throws -> Page {
        var headers = HTTPFields()
        if let cookie = jar.value.withLock({ $0 }) { headers[.cookie] = cookie }
        return keep(try await client.execute(.init(uri, method: .get, authority: authority, headers: headers)))
    }

    /// POSTs `fields` url-encoded, with the session's cookie (unless `cookie: false`) and extra headers.
    func post(
        _ uri: String,
        _ fields: [(String, String)],
        cookie sendCookie: Bool = true,
        origin: String? = nil
    ) async throws -> Page {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        if sendCookie, let cookie = jar.value.withLock({ $0 }) { headers[.cookie] = cookie }
        if let origin { headers[.origin] = origin }
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return keep(
            try await client.execute(
                .init(uri, method: .post, authority: authority, headers: headers, body: ByteBuffer(string: body))
            )
        )
    }

    private func keep(_ response: TestClient.Response) -> Page {
        if let set = response.headers[.setCookie], let pair = set.split(separator: ";").first,
            pair.hasPrefix("ksi_skjema=")
        {
            jar.value.withLock { $0 = String(pair) }
        }
        return Page(
            status: response.status,
            headers: response.headers,
            html: response.body.map { String(buffer: $0) } ?? ""
        )
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// The services as a registered person, over gRPC through the gateway identity (as `loadDemoYear` acts):
/// for preparing cases and for reading back what an action did, independently of the dashboard.
struct ServicesAs: Sendable {
    let stack: TestStack

    func caller(_ personId: String) throws -> Caller {
        let person = try #require(stack.reference.person(id: personId), "no person \(personId)")
        let orgNumber = try #require(person.roles.first?.orgNumber)
        return try stack.reference.caller(orgNumber: orgNumber, personId: personId, on: stack.time.today())
    }

    func needs<R: Sendable>(
        _ personId: String,
        _ body: @Sendable (any NeedsServiceAPI) async throws -> R
    ) async throws -> R {
        let caller = try caller(personId)
        return try await stack.client(.needs, as: "gateway-client") { client in
            try await body(
                NeedsServiceRemote(
                    NeedsServiceClient(wrapping: client),
                    metadata: stack.metadata(for: caller),
                    options: CallOptions.timeout(.seconds(30))
                )
            )
        }
    }

    func referral<R: Sendable>(
        _ personId: String,
        _ body: @Sendable (any ReferralServiceAPI) async throws -> R
    ) async throws -> R {
        let caller = try caller(personId)
        return try await stack.client(.referral, as: "gateway-client") { client in
            try await body(
                ReferralServiceRemote(
                    ReferralServiceClient(wrapping: client),
                    metadata: stack.metadata(for: caller),
                    options: CallOptions.timeout(.seconds(30))
                )
            )
        }
    }
}
