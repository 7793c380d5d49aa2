import Hummingbird
import KSICore

/// The query string of a worklist page or CSV, read strictly (issue 15): a value that is too long, a
/// parameter given twice, or a value outside its set is a 400 naming the parameter and the rule, in
/// bokmål; nothing is fetched before the whole query is valid. Unknown parameters are ignored (the
/// shared `region`/`year`/`scheme` links may carry more).
struct WorklistQuery {
    /// COM-INPUT: the longest value a worklist parameter takes (ids and enum names are far shorter).
    static let maximumValueLength = 100
    /// COM-INPUT: the most parameters one query may carry.
    static let maximumParameters = 30
    /// The highest page number (50 rows a page): far above any embete-year.
    static let maximumPage = 10_000

    private var values: [String: String] = [:]

    init(_ request: Request) throws {
        let parameters = request.uri.queryParameters
        var count = 0
        for (key, value) in parameters {
            count += 1
            guard count <= Self.maximumParameters else {
                throw Self.invalid("query", "Forespørselen har flere enn \(Self.maximumParameters) parametere.")
            }
            let name = String(key)
            guard name.count <= Self.maximumValueLength, value.count <= Self.maximumValueLength else {
                throw Self.invalid(String(name.prefix(40)), "Verdien er lengre enn \(Self.maximumValueLength) tegn.")
            }
            guard values[name] == nil else {
                throw Self.invalid(name, "Parameteren «\(name)» er gitt mer enn én gang; oppgi den én gang.")
            }
            values[name] = String(value)
        }
    }

    subscript(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// The region, year and scheme every page keeps (ViewParameters' own rules).
    func viewParameters() throws -> ViewParameters {
        do {
            return try ViewParameters(query: values)
        } catch let error as APIError {
            // ViewParameters speaks English (the API's); the page names the field in bokmål.
            let field = error.violations.first?.field ?? "query"
            throw Self.invalid(
                field,
                "Verdien «\(values[field] ?? "")» kan ikke brukes (år 2000–2100, ordning ksi, dekom eller rekom)."
            )
        }
    }

    /// An enum value by its contract name, or nil when absent; any other text is a 400 listing the choices.
    func choice<E: ProtoEnum & CaseIterable>(
        _ name: String,
        _ type: E.Type,
        allowed: [E]? = nil,
        label: (E) -> String
    ) throws -> E? {
        guard let text = self[name] else { return nil }
        let choices = allowed ?? Array(E.allCases).filter { $0.name != "unspecified" }
        guard let value = choices.first(where: { $0.name == text }) else {
            // The choices by their bokmål labels (the filter form offers exactly these), never the codes.
            throw Self.invalid(
                name,
                "«\(text)» er ikke en gyldig verdi. Velg en av: " + choices.map(label).joined(separator: ", ") + "."
            )
        }
        return value
    }

    /// One of a fixed set of words, or nil when absent.
    func word(_ name: String, _ allowed: [String]) throws -> String? {
        guard let text = self[name] else { return nil }
        guard allowed.contains(text) else {
            throw Self.invalid(
                name,
                "«\(text)» er ikke en gyldig verdi. Gyldige verdier: \(allowed.joined(separator: ", "))."
            )
        }
        return text
    }

    /// A yes-only flag ("ja"); absent = false.
    func flag(_ name: String) throws -> Bool {
        try word(name, ["ja", "nei"]) == "ja"
    }

    /// The page number, 1 when absent.
    func page() throws -> Int {
        guard let text = self["side"] else { return 1 }
        guard let page = Int(text), (1...Self.maximumPage).contains(page) else {
            throw Self.invalid("side", "«\(text)» er ikke et sidetall fra 1 til \(Self.maximumPage).")
        }
        return page
    }

    /// A registry id that must exist (`exists`), or nil when absent.
    func registryId(_ name: String, what: String, exists: (String) -> Bool) throws -> String? {
        guard let text = self[name] else { return nil }
        guard exists(text) else { throw Self.invalid(name, "Finner ingen \(what) med id «\(text)».") }
        return text
    }

    /// The query to repeat on links (paging, CSV), without `side`.
    func linkQuery(except: Set<String> = ["side"]) -> String {
        values.filter { !except.contains($0.key) && !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? ""
    }

    static func invalid(_ field: String, _ message: String) -> WorklistRefusal {
        WorklistRefusal(
            error: APIError(
                status: .badRequest,
                code: "invalidArgument",
                message: "\(field): \(message)",
                violations: [.init(field: field, rule: .malformedInput, message: message)]
            ),
            sentence: "\(field): \(message)"
        )
    }
}
