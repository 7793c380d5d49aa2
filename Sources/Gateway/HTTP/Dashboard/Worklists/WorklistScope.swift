import KSICore

/// The embete, year and scheme a statsforvalter worklist is about, and the gate (WorklistAccess).
struct WorklistScope {
    var officeId: String
    var year: Int32
    var scheme: Scheme
    var parameters: ViewParameters

    /// The embete: `region`, else the person's own, else (Udir) the first by name. The year: `year`, else this year.
    static func resolve(
        _ query: WorklistQuery,
        _ list: Worklist,
        views: GatewayViews,
        caller: Caller
    ) throws -> WorklistScope {
        let parameters = try query.viewParameters()
        let reference = views.reference
        let officeId =
            try query.registryId("region", what: "statsforvalterembete") { reference.governorOffice($0) != nil }
            ?? WorklistAccess.ownOffice(caller)
            ?? reference.set.governorOffices.sorted { $0.name < $1.name }.first?.id ?? ""
        guard WorklistAccess.allows(caller, list, officeId: officeId) else { throw WorklistAccess.refused(list) }
        return WorklistScope(
            officeId: officeId,
            year: views.year(parameters.year),
            scheme: parameters.scheme,
            parameters: parameters
        )
    }

    /// The page's shared context (embete list, year, scheme) with this scope's embete and year.
    func base(views: GatewayViews) -> [String: Any] {
        var parameters = self.parameters
        parameters.year = year
        return PageContext.base(views: views, officeId: officeId, parameters: parameters)
    }

    var officeName: (GatewayViews) -> String {
        { views in views.reference.governorOffice(officeId)?.name ?? officeId }
    }
}
