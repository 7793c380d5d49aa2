import KSICore

// The list requests behind each source's view data, written once: the full read and the read of changed entities
// again (`ServiceViewDataSource+Updates`) ask with the same filters.

/// AllocationService's lists for a view query.
struct AllocationLists {
    var frames: ListRegionalFramesRequest
    var recommendations: ListRecommendationsRequest
    var decisions: ListGrantDecisionsRequest
    var grants: ListGrantsRequest
    var disbursements: ListDisbursementsRequest
    var reclaims: ListReclaimCasesRequest
    var commitments: ListMultiYearCommitmentsRequest
    var pledges: ListCoFinancingPledgesRequest

    init(_ query: ViewQuery) {
        let office = query.governorOfficeId
        let scheme = query.scheme
        let year = query.yearFilter
        frames = .with {
            $0.governorOfficeId = office
            $0.scheme = scheme
            $0.year = year
        }
        recommendations = .with {
            $0.governorOfficeId = office
            $0.scheme = scheme
            $0.year = year
        }
        decisions = .with {
            $0.governorOfficeId = office
            $0.scheme = scheme
            $0.year = year
        }
        // Grants of every year: a commitment for Y may hang on a grant made in an earlier year.
        grants = .with {
            $0.governorOfficeId = office
            $0.scheme = scheme
        }
        disbursements = .with {
            $0.governorOfficeId = office
            $0.year = year
        }
        reclaims = .with {
            $0.governorOfficeId = office
            $0.year = year
        }
        // Commitments for year Y are often made in earlier years: read them for every year.
        commitments = .with {
            $0.governorOfficeId = office
            $0.scheme = scheme
        }
        pledges = .with {
            $0.governorOfficeId = office
            $0.year = year
        }
    }
}

/// NeedsService's list for a view query.
struct NeedsLists {
    var reports: ListNeedsReportsRequest

    init(_ query: ViewQuery) {
        reports = .with {
            $0.governorOfficeId = query.governorOfficeId
            $0.scheme = query.scheme
            $0.year = query.yearFilter
        }
    }
}

/// PartnershipService's lists for a view query.
struct PartnershipLists {
    var partnerships: ListPartnershipsRequest
    var measures: ListMeasuresRequest
    var reports: ListPartnershipReportsRequest
    var conflicts: ListConflictCasesRequest
    var contributions: ListThirdPartyContributionsRequest

    init(_ query: ViewQuery) {
        let office = query.governorOfficeId
        let scheme = query.scheme
        partnerships = .with {
            $0.governorOfficeId = office
            $0.scheme = scheme
        }
        measures = .with {
            $0.governorOfficeId = office
            $0.scheme = scheme
        }
        reports = .with {
            $0.governorOfficeId = office
            $0.scheme = scheme
        }
        conflicts = .with { $0.governorOfficeId = office }
        contributions = .with { $0.governorOfficeId = office }
    }
}
