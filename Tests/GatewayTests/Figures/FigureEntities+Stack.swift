import GRPCCore
import KSICore
import KSIDemoData
import Services
import StackTestSupport

extension FigureEntities {
    /// Reads the entities of an embete through the services' own list RPCs, as the statsforvalter's caseworker
    /// (needs, partnerships, allocation) and Statped intake (referrals, which only Statped reads case by case):
    /// the independent side of a figure check, no gateway involved.
    static func read(from stack: TestStack, office: String, scheme: Scheme, year: Int32) async throws -> FigureEntities
    {
        var entities = FigureEntities(reference: stack.reference, today: stack.time.today())
        let page: Int32 = 500
        let caseworker = (identity: "statsforvalter-agder", person: DemoPersons.dashboardDefault)
        entities.reports = try await stack.client(.needs, as: caseworker.identity, person: caseworker.person) {
            client in
            let api = NeedsServiceClient(wrapping: client)
            return try await ListNeedsReportsRequest.with { $0.governorOfficeId = office }.allPages(pageSize: page) {
                try await api.listNeedsReports($0)
            }
        }
        let allocation = try await stack.client(.allocation, as: caseworker.identity, person: caseworker.person) {
            client in
            let api = AllocationServiceClient(wrapping: client)
            var read = FigureEntities(reference: stack.reference, today: stack.time.today())
            read.frames = try await ListRegionalFramesRequest.with { $0.governorOfficeId = office }.allPages(
                pageSize: page
            ) { try await api.listRegionalFrames($0) }
            read.recommendations = try await ListRecommendationsRequest.with { $0.governorOfficeId = office }.allPages(
                pageSize: page
            ) { try await api.listRecommendations($0) }
            read.decisions = try await ListGrantDecisionsRequest.with { $0.governorOfficeId = office }.allPages(
                pageSize: page
            ) { try await api.listGrantDecisions($0) }
            read.grants = try await ListGrantsRequest.with { $0.governorOfficeId = office }.allPages(pageSize: page) {
                try await api.listGrants($0)
            }
            read.disbursements = try await ListDisbursementsRequest.with { $0.governorOfficeId = office }.allPages(
                pageSize: page
            ) { try await api.listDisbursements($0) }
            read.commitments = try await ListMultiYearCommitmentsRequest.with { $0.governorOfficeId = office }.allPages(
                pageSize: page
            ) { try await api.listMultiYearCommitments($0) }
            let policy = try await api.getPolicyConfig(
                .with {
                    $0.governorOfficeId = office
                    $0.scheme = scheme
                    $0.year = year
                }
            )
            if let threshold = policy.governorPolicy?.microGrantThresholdOre, threshold > 0 {
                read.microGrantThresholdOre = threshold
            }
            return read
        }
        entities.frames = allocation.frames
        entities.recommendations = allocation.recommendations
        entities.decisions = allocation.decisions
        entities.grants = allocation.grants
        entities.disbursements = allocation.disbursements
        entities.commitments = allocation.commitments
        entities.microGrantThresholdOre = allocation.microGrantThresholdOre
        let partnerships = try await stack.client(.partnerships, as: caseworker.identity, person: caseworker.person) {
            client in
            let api = PartnershipServiceClient(wrapping: client)
            var read = FigureEntities(reference: stack.reference, today: stack.time.today())
            read.partnerships = try await ListPartnershipsRequest.with { $0.governorOfficeId = office }.allPages(
                pageSize: page
            ) { try await api.listPartnerships($0) }
            read.measures = try await ListMeasuresRequest.with { $0.governorOfficeId = office }.allPages(pageSize: page)
            { try await api.listMeasures($0) }
            read.partnershipReports = try await ListPartnershipReportsRequest.with { $0.governorOfficeId = office }
                .allPages(pageSize: page) { try await api.listPartnershipReports($0) }
            read.conflicts = try await ListConflictCasesRequest.with { $0.governorOfficeId = office }.allPages(
                pageSize: page
            ) { try await api.listConflictCases($0) }
            read.contributions = try await ListThirdPartyContributionsRequest.with { $0.governorOfficeId = office }
                .allPages(pageSize: page) { try await api.listThirdPartyContributions($0) }
            return read
        }
        entities.partnerships = partnerships.partnerships
        entities.measures = partnerships.measures
        entities.partnershipReports = partnerships.partnershipReports
        entities.conflicts = partnerships.conflicts
        entities.contributions = partnerships.contributions
        // Statped intake lists the referrals it handles; a referral returned to PPT (or a PPT draft) is listed by its
        // PPT office only (PRIV-R3, R4), so each office's leader is asked as well, through the gateway identity.
        let today = stack.time.today()
        var readers: [Caller] = [
            try stack.reference.caller(
                orgNumber: stack.reference.orgNumbers(ofRecordKind: .statped, on: today).first ?? "",
                personId: "demo-statped-inntak",
                on: today
            )
        ]
        for office in stack.reference.set.organisations where office.recordKind == .pptOffice {
            if let caller = try? stack.reference.caller(
                orgNumber: office.orgNumber,
                personId: "demo-ppt-leder-\(office.recordId)",
                on: today
            ) {
                readers.append(caller)
            }
        }
        let callers = readers
        entities.referrals = try await stack.client(.referral, as: "gateway-client") { client in
            var referrals: [String: ExpectedReferral] = [:]
            let apis = callers.map {
                ReferralServiceRemote(ReferralServiceClient(wrapping: client), metadata: stack.metadata(for: $0))
            }
            for api in apis {
                for summary in try await ListReferralsRequest().allPages(pageSize: page, api.listReferrals)
                where referrals[summary.id] == nil {
                    // The home municipality is on the case only (child data: whoever may read the case now, Statped intake or
                    // the responsible PPT office; PRIV-R8 logs the read).
                    var child: Child?
                    // Statped no longer reads the child of a case returned to PPT; the PPT office does.
                    for reader in apis where summary.kind != .system && (child?.residenceMunicipalityId ?? "").isEmpty {
                        child = try? await reader.getReferral(
                            .with {
                                $0.id = summary.id
                                $0.purpose = "statistikkontroll i test"
                            }
                        ).child
                    }
                    let municipality = child?.residenceMunicipalityId ?? ""
                    let stamps = summary.timestamps ?? ReferralTimestamps()
                    // The division the milestones carry: the assigned one, else the child's age band on the latest milestone.
                    let latest =
                        [
                            stamps.submittedAt, stamps.triagedAt, stamps.acceptedAt, stamps.startupHeldAt,
                            stamps.inServiceAt, stamps.closedAt,
                        ].max() ?? 0
                    let division =
                        !summary.divisionId.isEmpty
                        ? summary.divisionId
                        : ageBandDivision(
                            birth: child?.birthDate,
                            on: OsloCalendar.localDate(atMillis: latest),
                            reference: stack.reference
                        )
                    referrals[summary.id] = ExpectedReferral(
                        id: summary.id,
                        region: summary.governorOfficeId,
                        municipalityId: municipality,
                        status: summary.status,
                        divisionId: division,
                        submittedAt: stamps.submittedAt,
                        triagedAt: stamps.triagedAt,
                        acceptedAt: stamps.acceptedAt,
                        startupHeldAt: stamps.startupHeldAt,
                        inServiceAt: stamps.inServiceAt,
                        closedAt: stamps.closedAt
                    )
                }
            }
            return referrals.values.sorted { $0.id < $1.id }
        }
        return entities
    }

    /// §3.5: the age-based division (not SEAD) whose ages hold the child's age on `date`; "" without a birth date.
    static func ageBandDivision(birth: LocalDate?, on date: LocalDate, reference: ReferenceData) -> String {
        guard let birth else { return "" }
        var age = date.year - birth.year
        if (date.month, date.day) < (birth.month, birth.day) { age -= 1 }
        return reference.set.statpedDivisions.first { !$0.isSead && $0.ageFrom <= age && age <= $0.ageTo }?.id ?? ""
    }
}
