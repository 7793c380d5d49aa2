import Hummingbird
import KSICore

/// `/logg-inn` on the development dashboard: the registered persons grouped by the organisation they act
/// for, with their roles in bokmål, and a form to act as one of them (`PersonSwitch`, CSRF-protected by
/// `FormProtection`).
enum LoginPage {
    static func render(reference: ReferenceData, on date: LocalDate, current: Caller) -> DashboardPage {
        var groups: [String: [Person]] = [:]
        for person in reference.set.persons {
            guard let role = person.roles.first(where: { $0.isValid(on: date) }) else { continue }
            groups[role.orgNumber, default: []].append(person)
        }
        let organisations = groups.map { orgNumber, persons -> (String, [Person]) in
            (reference.organisation(orgNumber: orgNumber, on: date)?.name ?? orgNumber, persons)
        }.sorted { NorwegianOrder.precedes($0.0, $1.0) }
        let context: [String: Any] = [
            "organisations": organisations.enumerated().map { index, group -> [String: Any] in
                [
                    "name": group.0, "legendId": "org-\(index)",
                    "persons": group.1.sorted { NorwegianOrder.precedes($0.name, $1.name) }.map {
                        person -> [String: Any] in
                        let roles = Set(person.roles.filter { $0.isValid(on: date) }.map(\.role)).map(
                            NorwegianLabels.label
                        ).sorted(by: NorwegianOrder.precedes)
                        return [
                            "id": person.id, "name": person.name, "roles": roles.joined(separator: ", "),
                            "checked": person.id == current.personId,
                        ]
                    },
                ]
            },
            "current": PageChrome.viewer(current, reference: reference),
        ]
        return DashboardPage(template: "login", title: "Velg hvem du vil se dashbordet som", context: context)
    }

    static let refusedText =
        "Valget ble ikke lagret fordi skjemanøkkelen manglet, var utløpt, eller forespørselen kom fra en annen nettside. Velg personen på nytt og trykk «Bruk denne personen»."
    static let unknownPersonText = "Personen finnes ikke i personregisteret. Velg en av personene i listen."
}
