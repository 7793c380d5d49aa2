import Foundation

/// A `google.api.http` path template with top-level variables and an optional custom verb
/// (`/api/v1/needsReports/{needs_report_id}:submit`, AIP-136). Hummingbird's router cannot match a
/// variable followed by `:verb` inside one segment, so the transcoder matches these itself.
struct PathTemplate: Sendable, Hashable {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case variable(String)
    }

    let segments: [Segment]
    /// The custom verb after the last `:` of the last segment, if any.
    let verb: String?

    init(_ template: String) {
        var parts = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        var verb: String?
        if let last = parts.last, let colon = last.lastIndex(of: ":"), !last[colon...].contains("}") {
            verb = String(last[last.index(after: colon)...])
            parts[parts.count - 1] = String(last[..<colon])
        }
        self.verb = verb
        self.segments = parts.map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? .variable(String(part.dropFirst().dropLast())) : .literal(part)
        }
    }

    /// The variable names in path order.
    var variables: [String] {
        segments.compactMap { if case .variable(let name) = $0 { name } else { nil } }
    }

    /// The segments of a request path (without query) as `match(_:)` takes them: split once per request,
    /// not once per template tried.
    static func parts(of path: String) -> [Substring] {
        Array(path.split(separator: "/", omittingEmptySubsequences: false).dropFirst())
    }

    /// The percent-decoded variable values when `path` (without query) matches, else nil. A variable
    /// never matches an empty segment.
    func match(_ path: String) -> [String: String]? { match(parts: Self.parts(of: path)) }

    /// `match(_:)` over a path already split by `parts(of:)`.
    func match(parts: [Substring]) -> [String: String]? {
        var parts = parts
        guard parts.count == segments.count, !parts.isEmpty else { return nil }
        if let verb {
            guard parts[parts.count - 1].hasSuffix(":" + verb) else { return nil }
            parts[parts.count - 1] = parts[parts.count - 1].dropLast(verb.count + 1)
        }
        var values: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                guard part == text else { return nil }
            case .variable(let name):
                guard !part.isEmpty, let decoded = String(part).removingPercentEncoding, !decoded.isEmpty else {
                    return nil
                }
                values[name] = decoded
            }
        }
        return values
    }
}
