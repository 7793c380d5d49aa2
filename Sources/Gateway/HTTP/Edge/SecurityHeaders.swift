import HTTPTypes

/// The headers every gateway response carries (docs/security.md, "Browser safety"). The dashboard has
/// no scripts and no inline styles (the stylesheet is served at /stil.css), so the policy allows only
/// same-origin styles and images and forbids framing.
enum SecurityHeaders {
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    static let strictTransportSecurity = "max-age=31536000"

    static func apply(to headers: inout HTTPFields, https: Bool) {
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "no-referrer"
        headers[.xFrameOptions] = "DENY"
        // Pages and API answers carry caller-specific data: never stored. A route that serves a
        // static asset sets its own Cache-Control.
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
        if https { headers[.strictTransportSecurity] = strictTransportSecurity }
    }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
