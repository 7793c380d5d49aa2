/// Which gateway listener a router serves; it decides the origin scheme, HSTS and the `Host` check.
public enum ListenerKind: Sendable {
    /// The mutual-TLS listener (API and dashboard).
    case mutualTLS
    /// `ksi dev`'s certificate-free loopback dashboard: it answers only requests whose `Host` is a
    /// loopback name (127.0.0.1, localhost, [::1], any port), so a DNS-rebinding page cannot read it.
    case loopback

    var scheme: String { self == .mutualTLS ? "https" : "http" }

    /// Whether `host` (a Host header: name or address, optional port) is a loopback name.
    static func isLoopbackHost(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            let rest = name[name.index(after: close)...]
            guard rest.isEmpty || isPort(rest.dropFirst()) && rest.first == ":" else { return false }
            return name[...close] == "[::1]"
        }
        if let colon = name.firstIndex(of: ":") {
            guard isPort(name[name.index(after: colon)...]) else { return false }
            name = String(name[..<colon])
        }
        return name == "127.0.0.1" || name == "localhost"
    }

    private static func isPort(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 5 && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber)
    }
}
