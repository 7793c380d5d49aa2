import KSICore

/// V2 Municipality profile (DOMAIN.md §5): reference facts, the reports, partnerships and measures of the
/// municipality's owners and units, five years of funding, Statped referral counts (suppressed, PRIV-R5) and
/// third-party contributions.
///
/// Product decisions (PD):
/// - the municipality's money is the money to owners located in it (private owners and a county authority
///   seated there included): decided lines, disbursements and reclaims (decided or settled) of each year's
///   grants, and the co-financing pledges of those owners on those grants;
/// - reports are those the municipality's owners lead or co-apply for, in the years read (Y − 4 … Y), of those
///   the caller may see: another owner's drafts only for those entitled (`ViewVisibility`, PRIV-R12); each shows
///   the whole decided amount and the part decided to this municipality's owners (`decidedToOwners`);
/// - partnerships are those an owner of the municipality signs, or whose measures include one of its units;
///   a role is "filled" when someone holds it today;
/// - the funding history runs oldest first (Y − 4 … Y);
/// - referral counts go by each referral's status after its latest milestone; a count of 0 is not listed.
public enum MunicipalityProfileView {
    public static func make(_ request: GetMunicipalityProfileRequest, inputs: ViewInputs) -> MunicipalityProfile {
        let year = inputs.query.years.upperBound
        var profile = MunicipalityProfile.with {
            $0.municipalityId = request.municipalityId
            $0.scheme = request.scheme
            $0.year = year
            $0.generatedAt = inputs.nowMillis
            $0.referenceSection = availableSection
            $0.needsSection = inputs.needs.status
            $0.partnershipsSection = inputs.partnerships.status
            $0.allocationSection = inputs.allocation.status
            $0.referralSection = inputs.referral.status
        }
        let reference = inputs.reference
        let yearEnd = LocalDate(year: year, month: 12, day: 31)
        guard
            let municipality = reference.municipality(request.municipalityId, on: yearEnd)
                ?? reference.municipality(request.municipalityId)
        else { return profile }

        let owners = reference.set.owners.filter { $0.municipalityId == municipality.id }.sorted { $0.id < $1.id }
        let ownerIds = Set(owners.map(\.id))
        let units = reference.set.units.filter { $0.municipalityId == municipality.id }.sorted { $0.id < $1.id }
        let unitIds = Set(units.map(\.id))

        profile.name = municipality.name
        profile.population = municipality.population
        profile.children0to19 = municipality.children0to19
        profile.sizeBand = SizeBands.code(
            population: municipality.population,
            set: SizeBands.set(request.sizeBandSet),
            reference: reference
        )
        profile.governorOfficeId = municipality.governorOfficeId
        profile.countyId = municipality.countyId
        profile.networkIds = (inputs.allocation.value?.networks ?? []).filter {
            $0.municipalityIds.contains(municipality.id)
        }.map(\.id).sorted()
        profile.owners = owners
        profile.units = units
        profile.ownersByType = counts(owners.map(\.ownerType)).map { type, count in
            OwnerTypeCount.with {
                $0.ownerType = type
                $0.count = count
            }
        }
        profile.unitsByType = counts(units.map(\.unitType)).map { type, count in
            UnitTypeCount.with {
                $0.unitType = type
                $0.count = count
                $0.privateCount = Int64(
                    units.filter { unit in
                        unit.unitType == type
                            && [.privateKindergarten, .privateSchool].contains(reference.owner(unit.ownerId)?.ownerType)
                    }.count
                )
            }
        }
        profile.pptOffices = reference.pptOffices(serving: municipality.id).sorted { $0.id < $1.id }

        let schemeScope = ViewScope(governorOfficeId: "", scheme: request.scheme, year: year)
        // The decided lines to the municipality's owners, per year of the query: worked out once, not once per
        // report and year (each `decidedLines` goes through every decision of the year).
        let ownerLines: [Int32: [DecidedLine]] =
            inputs.allocation.value.map { allocation in
                Dictionary(
                    uniqueKeysWithValues: inputs.query.years.map { lineYear in
                        (
                            lineYear,
                            allocation.decidedLines(year: lineYear, scheme: request.scheme).filter {
                                ownerIds.contains($0.recipientOrgId)
                            }
                        )
                    }
                )
            } ?? [:]
        if let needs = inputs.needs.value {
            profile.reports = needs.reports
                .filter { report in
                    schemeScope.contains(governorOfficeId: report.governorOfficeId, scheme: report.scheme)
                        && inputs.query.years.contains(report.year)
                        && !ownerIds.isDisjoint(with: [report.leadOwnerId] + report.coApplicantOwnerIds)
                }
                .sorted { ($1.year, $0.id) < ($0.year, $1.id) }
                .map { report in
                    var item = reportItem(report)
                    item.decidedToMunicipalityOre =
                        inputs.allocation.value == nil ? 0 : decidedToOwners(report, ownerLines: ownerLines)
                    return item
                }
        }
        if let partnerships = inputs.partnerships.value {
            let measures = partnerships.measures.filter {
                schemeScope.contains(governorOfficeId: $0.governorOfficeId, scheme: $0.scheme)
                    && !unitIds.isDisjoint(with: $0.participatingUnitIds)
            }.sorted { $0.id < $1.id }
            let withUnits = Set(measures.map(\.partnershipId))
            let mine = partnerships.partnerships.filter {
                schemeScope.contains(governorOfficeId: $0.governorOfficeId, scheme: $0.scheme)
                    && (!ownerIds.isDisjoint(with: $0.ownerIds) || withUnits.contains($0.id))
            }.sorted { $0.id < $1.id }
            profile.measures = measures.map(measureItem)
            let mineIds = Set(mine.map(\.id))
            // Counted in one pass over the measures, not one pass per partnership (quadratic at scale, issue 17).
            var measureCounts: [String: Int] = [:]
            for measure in partnerships.measures where mineIds.contains(measure.partnershipId) {
                measureCounts[measure.partnershipId, default: 0] += 1
            }
            profile.partnerships = mine.map { partnership in
                partnershipItem(partnership, measureCount: measureCounts[partnership.id] ?? 0, today: inputs.today)
            }
            var contributionIds = Set(
                partnerships.contributions.filter { mineIds.contains($0.partnershipId) }.map(\.id)
            )
            for partnership in mine { contributionIds.formUnion(partnership.thirdParties.map(\.id)) }
            profile.thirdPartyContributionCount = Int64(contributionIds.count)
        }
        if let allocation = inputs.allocation.value {
            profile.fundingHistory = (max(year - 4, inputs.query.years.lowerBound)...year).map { historyYear in
                yearFigures(
                    historyYear,
                    allocation: allocation,
                    ownerLines: ownerLines[historyYear] ?? [],
                    ownerIds: ownerIds,
                    scheme: request.scheme,
                    children: municipality.children0to19
                )
            }
            profile.decidedPerChildOre = profile.fundingHistory.first { $0.year == year }?.decidedPerChildOre ?? 0
        } else {
            profile.fundingHistory = (max(year - 4, inputs.query.years.lowerBound)...year).map { historyYear in
                MunicipalityYearFigures.with { $0.year = historyYear }
            }
        }
        if let referral = inputs.referral.value {
            profile.referralsByStatus = referralCounts(referral, municipalityId: municipality.id, inputs: inputs)
        }
        return profile
    }

    /// Counts per case, in the enum's order, leaving out cases that do not occur.
    static func counts<T: NamedEnum>(_ values: [T]) -> [(T, Int64)] {
        T.allCases.compactMap { value in
            let count = values.filter { $0 == value }.count
            return count > 0 ? (value, Int64(count)) : nil
        }
    }

    static func reportItem(_ report: NeedsReport) -> MunicipalityReportItem {
        MunicipalityReportItem.with {
            $0.needsReportId = report.id
            $0.title = report.title
            $0.scheme = report.scheme
            $0.year = report.year
            $0.leadOwnerId = report.leadOwnerId
            $0.status = report.status
            $0.outcome = report.outcome
            $0.requestedAmountOre = report.requestedAmountOre
            $0.decidedAmountOre = report.decidedAmountOre
        }
    }

    /// The part of a report's decided amount that went to the municipality's owners: its decided lines of the
    /// report's year whose recipient is one of them. A joint application's money is attributed to the recipients
    /// of its lines (normally the lead owner), so a co-applicant that receives nothing itself shows 0 here and in
    /// `decidedPerChildOre`, and lists the application with the whole decided amount beside it (PD).
    static func decidedToOwners(_ report: NeedsReport, ownerLines: [Int32: [DecidedLine]]) -> Int64 {
        let lines = (ownerLines[report.year] ?? []).filter { $0.needsReportIds.contains(report.id) }
        return Money.saturatingSum(lines) { $0.amountOre }
    }

    static func measureItem(_ measure: Measure) -> MunicipalityMeasureItem {
        MunicipalityMeasureItem.with {
            $0.measureId = measure.id
            $0.partnershipId = measure.partnershipId
            $0.title = measure.title
            $0.status = measure.status
            $0.pptRole = measure.pptRole
            $0.themes = measure.themes
        }
    }

    static func partnershipItem(
        _ partnership: Partnership,
        measureCount: Int,
        today: LocalDate
    ) -> MunicipalityPartnershipItem {
        let filled = partnership.roles.filter { role in
            !role.personId.isEmpty && (role.from.map { $0 <= today } ?? true) && (role.to.map { today <= $0 } ?? true)
        }.map(\.role)
        return MunicipalityPartnershipItem.with {
            $0.partnershipId = partnership.id
            $0.name = partnership.name
            $0.scheme = partnership.scheme
            $0.status = partnership.status
            $0.uhInstitutionIds = partnership.uhInstitutionIds
            $0.filledRoles = PartnershipRole.allCases.filter { $0 != .unspecified && filled.contains($0) }
            $0.measureCount = Int64(measureCount)
        }
    }

    /// One year of the funding history: the money of that year's grants to the municipality's owners.
    static func yearFigures(
        _ year: Int32,
        allocation: AllocationData,
        ownerLines: [DecidedLine],
        ownerIds: Set<String>,
        scheme: Scheme,
        children: Int64
    ) -> MunicipalityYearFigures {
        let scope = ViewScope(governorOfficeId: "", scheme: scheme, year: year)
        // LIM-R2: sums over stored data saturate to Money.saturatedOre (shown as beyond range), never trap.
        let decided = Money.saturatingSum(ownerLines) { $0.amountOre }
        let grants = Set(
            allocation.grants.filter {
                ownerIds.contains($0.recipientOrgId)
                    && scope.contains(governorOfficeId: $0.governorOfficeId, scheme: $0.scheme, year: $0.year)
            }.map(\.id)
        )
        let yearGrants = Set(
            allocation.grants.filter {
                scope.contains(governorOfficeId: $0.governorOfficeId, scheme: $0.scheme, year: $0.year)
            }.map(\.id)
        )
        let pledges = allocation.pledges.filter { yearGrants.contains($0.grantId) && ownerIds.contains($0.ownerId) }
        return MunicipalityYearFigures.with {
            $0.year = year
            $0.decidedOre = decided
            $0.disbursedOre = Money.saturatingSum(allocation.disbursements.filter { grants.contains($0.grantId) }) {
                $0.amountOre
            }
            $0.coFinancingRequiredOre = Money.saturatingSum(pledges) { $0.requiredOre }
            $0.coFinancingDocumentedOre = Money.saturatingSum(pledges) { $0.documentedOre }
            $0.reclaimedOre = Money.saturatingSum(
                allocation.reclaims.filter {
                    grants.contains($0.grantId) && ($0.status == .decided || $0.status == .settled)
                }
            ) { $0.amountOre }
            $0.decidedPerChildOre =
                children > 0 && decided != Money.saturatedOre
                ? decided / children : (children > 0 ? Money.saturatedOre : 0)
        }
    }

    /// Referral counts by status for the municipality (PRIV-R5): n < threshold shown as suppressed, and when
    /// exactly one count is hidden the next-smallest is hidden too (secondary suppression, §5), unless the
    /// audience may see these municipalities' counts raw (Statped; the municipality's own PPT office).
    static func referralCounts(
        _ referral: ReferralData,
        municipalityId: String,
        inputs: ViewInputs
    ) -> [ReferralStatusCount] {
        let timelines = referral.timelines.filter { $0.municipalityId == municipalityId && $0.status != .unspecified }
        let statuses = ReferralStatus.allCases.filter { status in timelines.contains { $0.status == status } }
        let cells = statuses.map { status in
            var cell = ReferralCell()
            for timeline in timelines where timeline.status == status { cell.add(1, municipalityId: municipalityId) }
            return cell
        }
        let shown = Suppression(inputs).counts(cells)
        return zip(statuses, shown).map { status, count in
            ReferralStatusCount.with {
                $0.status = status
                $0.count = count
            }
        }
    }
}
