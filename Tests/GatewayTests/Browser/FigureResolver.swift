import Foundation

/// Reads a dashboard key figure's value out of the API's JSON for the same view.
///
/// A figure is named `<view>.<json path>` (docs/gateway-http.md), e.g. `V1.totals.frameOre`; the
/// dashboard shows the raw number in `value`. The path is walked through the JSON the API returned:
/// - an object key descends into it; an absent key is the field's default, 0 (the API omits defaults);
/// - a number selects that element of an array (`V12.result.scenarios.0.remainingOre`);
/// - any other segment selects the array element one of whose fields has that enum case: the figure
///   names the case (`V7.bandCounts.green`, `V13.byStatus.submitted`, `V8.totals.intervals.tTriage.medianDays`),
///   the JSON its proto value name (`REFERRAL_STATUS_SUBMITTED`, proto3 JSON), matched by its `_SUBMITTED` end;
/// - a path that ends on such an element reads its `count` (absent = 0); a `SuppressedCount` reads as
///   its value, or -1 when it is suppressed (PRIV-R5: the page shows "skjult" and no number).
/// One figure is computed rather than read: `…failedFindings` counts the scenario's findings that did not pass.
enum FigureResolver {
    enum Failure: Error, CustomStringConvertible {
        case noElement(String, in: String)
        case notANumber(String)

        var description: String {
            switch self {
            case .noElement(let segment, let name): "no array element '\(segment)' for \(name)"
            case .notANumber(let name): "\(name) does not end on a number in the API's JSON"
            }
        }
    }

    /// The value of `name` (without its view prefix) in `json`.
    static func value(of name: String, in json: Any) throws -> Int64 {
        var segments = name.split(separator: ".").map(String.init)
        segments.removeFirst()  // the view, e.g. "V1"
        var current: Any? = json
        if segments.last == "failedFindings" {
            segments.removeLast()
            current = try walk(segments, from: json, name: name)
            let findings = (current as? [String: Any])?["findings"] as? [[String: Any]] ?? []
            return Int64(findings.filter { ($0["passed"] as? Bool) != true }.count)
        }
        current = try walk(segments, from: json, name: name)
        return try number(current, name: name)
    }

    private static func walk(_ segments: [String], from json: Any, name: String) throws -> Any? {
        var current: Any? = json
        for (position, segment) in segments.enumerated() {
            switch current {
            case let object as [String: Any]:
                current = object[segment]
            case let array as [Any]:
                if let index = Int(segment) {
                    guard array.indices.contains(index) else { throw Failure.noElement(segment, in: name) }
                    current = array[index]
                } else {
                    let suffix = "_" + upperSnake(segment)
                    guard
                        let element = array.first(where: { element in
                            (element as? [String: Any])?.values.contains { ($0 as? String)?.hasSuffix(suffix) == true }
                                ?? false
                        })
                    else { throw Failure.noElement(segment, in: name) }
                    // Ending on a keyed element means its count (absent = 0).
                    current = position == segments.count - 1 ? (element as? [String: Any])?["count"] : element
                }
            case nil:
                return nil  // inside an absent (default) message everything is 0
            default:
                throw Failure.notANumber(name)
            }
        }
        return current
    }

    /// A case name as the end of its proto value name: `tTriage` → `T_TRIAGE`.
    private static func upperSnake(_ camel: String) -> String {
        var out = ""
        for character in camel {
            if character.isUppercase, !out.isEmpty { out += "_" }
            out += character.uppercased()
        }
        return out
    }

    private static func number(_ value: Any?, name: String) throws -> Int64 {
        switch value {
        case nil:
            return 0
        case let number as NSNumber:  // (on Linux a 0 or 1 also reads as Bool, so no Bool check here)
            return number.int64Value
        case let text as String:
            // proto3 JSON may carry 64-bit integers as strings.
            guard let parsed = Int64(text) else { throw Failure.notANumber(name) }
            return parsed
        case let object as [String: Any]:
            if object["suppressed"] as? Bool == true { return -1 }
            if object.keys.allSatisfy({ ["value", "suppressed"].contains($0) }) {
                return try number(object["value"], name: name)
            }
            throw Failure.notANumber(name)
        default:
            throw Failure.notANumber(name)
        }
    }
}
