/// The path from the start page to this one, "Oversikt › Agder › Kristiansand", each step a link that
/// keeps the selection (`PageLinks`); the last step is the page itself (not a link, `aria-current`).
enum Breadcrumbs {
    static func trail(template: String, context: [String: Any], title: String, links: PageLinks?) -> [[String: Any]] {
        let href = { (path: String) in links?.href(path) ?? path }
        var steps: [(String, String?)] = [("Oversikt", href("/"))]
        let officeId = context["officeId"] as? String ?? ""
        let officeName = context["officeName"] as? String ?? ""
        switch template {
        case "index":
            steps = [("Oversikt", nil)]
        case "region":
            steps.append((officeName, nil))
        case "municipality":
            if !officeId.isEmpty { steps.append((officeName, href("/regioner/\(officeId)"))) }
            steps.append((context["name"] as? String ?? title, nil))
        default:
            steps.append((title, nil))
        }
        return steps.enumerated().map { index, step in
            ["label": step.0, "href": step.1 ?? "", "isLink": step.1 != nil, "first": index == 0]
        }
    }
}
