import Hummingbird
import KSICore

/// The common view parameters of DOMAIN.md §5, read strictly from the query string: an unknown
/// scheme or dimension, or a year that is not a number, is a 400 naming the parameter.
struct ViewParameters: Sendable, Hashable {
    var scheme: Scheme = .unspecified
    var year: Int32 = 0
    var breakdowns: [ViewDimension] = []
    var sizeBandSet: String = ""
    var trendYears: Int32 = 0
    var partnershipId: String = ""

    init(
        scheme: Scheme = .unspecified,
        year: Int32 = 0,
        breakdowns: [ViewDimension] = [],
        sizeBandSet: String = "",
        trendYears: Int32 = 0,
        partnershipId: String = ""
    ) {
        self.scheme = scheme
        self.year = year
        self.breakdowns = breakdowns
        self.sizeBandSet = sizeBandSet
        self.trendYears = trendYears
        self.partnershipId = partnershipId
    }

    init(query: [String: String]) throws {
        if let text = query["scheme"], !text.isEmpty {
            guard let scheme = Scheme(name: text), scheme != .unspecified else {
                throw Self.invalid("scheme", "'\(text)' is not one of: ksi, dekom, rekom")
            }
            self.scheme = scheme
        }
        if let text = query["year"], !text.isEmpty {
            guard let year = Int32(text), (2000...2100).contains(year) else {
                throw Self.invalid("year", "'\(text)' is not a year")
            }
            self.year = year
        }
        if let text = query["breakdowns"], !text.isEmpty {
            breakdowns = try text.split(separator: ",").map { name in
                guard let dimension = ViewDimension(name: String(name)), dimension != .unspecified else {
                    throw Self.invalid(
                        "breakdowns",
                        "'\(name)' is not a dimension; use one of: "
                            + ViewDimension.allCases.dropFirst().map(\.name).joined(separator: ", ")
                    )
                }
                return dimension
            }
        }
        sizeBandSet = query["sizeBandSet"] ?? ""
        if let text = query["trendYears"], !text.isEmpty {
            guard let years = Int32(text), (0...10).contains(years) else {
                throw Self.invalid("trendYears", "'\(text)' is not 0–10")
            }
            trendYears = years
        }
        partnershipId = query["partnershipId"] ?? ""
    }

    /// A boolean query flag: absent = false; anything but true/false is a 400.
    static func flag(_ name: String, in request: Request) throws -> Bool {
        switch request.queryDictionary[name] {
        case nil, "", "false": false
        case "true": true
        case let other?: throw invalid(name, "'\(other)' is not true or false")
        }
    }

    static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(
            status: .badRequest,
            code: "invalidArgument",
            message: "\(field): \(message)",
            violations: [.init(field: field, rule: .malformedInput, message: message)]
        )
    }
}

extension Request {
    /// The query string as a dictionary (the last value wins).
    var queryDictionary: [String: String] {
        var out: [String: String] = [:]
        for (key, value) in uri.queryParameters { out[String(key)] = String(value) }
        return out
    }
}
