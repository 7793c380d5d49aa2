import Gateway
import KSICore
import Testing

/// `ViewVisibility` (PRIV-R12): what of the gateway's system-level reads a caller's view may draw on.
@Suite("View visibility of unpublished entities (PRIV-R12)")
struct ViewVisibilityTests {
    static let ownerA = "owner-a", ownerB = "owner-b", embete = "agder"

    func caller(_ grants: RoleGrant...) -> Caller { Caller(orgNumber: "999999999", grants: grants) }

    func report(_ id: String, _ status: NeedsReportStatus, submittedAt: Int64 = 0) -> NeedsReport {
        NeedsReport.with {
            $0.id = id
            $0.status = status
            $0.leadOwnerId = Self.ownerA
            $0.governorOfficeId = Self.embete
            $0.submittedAt = submittedAt
        }
    }

    var needs: NeedsData {
        var data = NeedsData()
        data.reports = [
            report("draft", .draft), report("withdrawn-unsubmitted", .withdrawn),
            report("withdrawn-after-submission", .withdrawn, submittedAt: 1),
            report("submitted", .submitted, submittedAt: 1),
            report("returned", .returned, submittedAt: 1),
        ]
        return data
    }

    @Test(
        "another owner sees owner A's submitted, returned and withdrawn-after-submission reports, never a draft or a report withdrawn unsubmitted"
    )
    func otherOwnerSeesPublishedReportsOnly() {
        let seen = ViewVisibility(caller: caller(RoleGrant(.ownerAdmin, scope: Self.ownerB))).needs(needs).reports.map(
            \.id
        )
        #expect(seen == ["withdrawn-after-submission", "submitted", "returned"])
    }

    @Test(
        "the owner, the embete's staff and forum and Udir see every report; another embete's staff does not see the drafts"
    )
    func entitledSeeDrafts() {
        let all = needs.reports.map(\.id)
        for entitled in [
            caller(RoleGrant(.ownerAdmin, scope: Self.ownerA)), caller(RoleGrant(.sfCaseworker, scope: Self.embete)),
            caller(RoleGrant(.forumMember, scope: Self.embete)), caller(RoleGrant(.udirAdmin)),
        ] {
            #expect(ViewVisibility(caller: entitled).needs(needs).reports.map(\.id) == all, "\(entitled.grants)")
        }
        let otherEmbete = ViewVisibility(caller: caller(RoleGrant(.sfCaseworker, scope: "vestland"))).needs(needs)
            .reports.map(\.id)
        #expect(otherEmbete == ["withdrawn-after-submission", "submitted", "returned"])
    }

    @Test(
        "one cached value read by callers who may see different reports: each gets their own subset, again on a second read, and a list set anew is filtered afresh"
    )
    func subsetsKeptWithTheCachedData() {
        var data = needs  // one value, as a cache entry holds it
        let published = ["withdrawn-after-submission", "submitted", "returned"]
        let all = data.reports.map(\.id)
        let other = ViewVisibility(caller: caller(RoleGrant(.ownerAdmin, scope: Self.ownerB)))
        let owner = ViewVisibility(caller: caller(RoleGrant(.ownerAdmin, scope: Self.ownerA)))
        let otherEmbete = ViewVisibility(caller: caller(RoleGrant(.sfCaseworker, scope: "vestland")))
        for _ in 0..<2 {
            #expect(other.needs(data).reports.map(\.id) == published)
            #expect(Set(other.needs(data).reportsById.keys) == Set(published))
            #expect(owner.needs(data).reports.map(\.id) == all)
            #expect(otherEmbete.needs(data).reports.map(\.id) == published)
        }
        // A new published report leaves out the same drafts as before: a subset kept from the old list would miss it.
        data.reports.append(report("submitted-2", .submitted, submittedAt: 2))
        #expect(other.needs(data).reports.map(\.id) == published + ["submitted-2"])
        #expect(Set(other.needs(data).reportsById.keys) == Set(published + ["submitted-2"]))
        data.reports.append(report("draft-2", .draft))
        #expect(other.needs(data).reports.map(\.id) == published + ["submitted-2"])
        #expect(owner.needs(data).reports.map(\.id) == all + ["submitted-2", "draft-2"])

        var lists = partnerships
        let outsider = ViewVisibility(caller: caller(RoleGrant(.ownerAdmin, scope: Self.ownerB)))
        for _ in 0..<2 { #expect(outsider.partnerships(lists).measures.map(\.id) == ["m-active"]) }
        lists.measures.append(
            Measure.with {
                $0.id = "m-active-2"
                $0.partnershipId = "p-active"
            }
        )
        #expect(outsider.partnerships(lists).measures.map(\.id) == ["m-active", "m-active-2"])
        lists.reports.append(
            PartnershipReport.with {
                $0.id = "r-submitted-2"
                $0.partnershipId = "p-active"
                $0.status = .submitted
            }
        )
        #expect(outsider.partnerships(lists).reports.map(\.id) == ["r-submitted", "r-submitted-2"])
    }

    @Test(
        "callers with different rights reading one cached value at the same time each get exactly their own subset, with more kinds of caller than subsets are kept"
    )
    func concurrentCallersWithDifferentRights() async {
        // Six owners, each with a draft and a submitted report: owner k's admin sees the six submitted ones and draft k
        // alone, so six callers leave out six different sets, more than the four subsets kept with one value.
        let owners = (1...6).map { "owner-\($0)" }
        var data = NeedsData()
        data.reports = owners.flatMap { owner in
            [
                NeedsReport.with {
                    $0.id = "draft-\(owner)"
                    $0.status = .draft
                    $0.leadOwnerId = owner
                    $0.governorOfficeId = Self.embete
                },
                NeedsReport.with {
                    $0.id = "submitted-\(owner)"
                    $0.status = .submitted
                    $0.submittedAt = 1
                    $0.leadOwnerId = owner
                    $0.governorOfficeId = Self.embete
                },
            ]
        }
        let shared = data  // one value, as a cache entry holds it
        let expected = Dictionary(
            uniqueKeysWithValues: owners.map { owner in
                (
                    owner,
                    owners.flatMap { other in
                        other == owner ? ["draft-\(other)", "submitted-\(other)"] : ["submitted-\(other)"]
                    }
                )
            }
        )
        let callers = owners.map { owner in (owner, caller(RoleGrant(.ownerAdmin, scope: owner))) }
        let wrong = await withTaskGroup(of: [String].self) { group in
            for task in 0..<12 {
                group.addTask {
                    var wrong: [String] = []
                    for round in 0..<60 {
                        let (owner, caller) = callers[(task + round) % callers.count]
                        let seen = ViewVisibility(caller: caller).needs(shared)
                        if seen.reports.map(\.id) != expected[owner]
                            || Set(seen.reportsById.keys) != Set(expected[owner] ?? [])
                        {
                            wrong.append("\(owner) saw \(seen.reports.map(\.id))")
                        }
                    }
                    return wrong
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    var partnerships: PartnershipsData {
        var data = PartnershipsData()
        data.partnerships = [
            Partnership.with {
                $0.id = "p-draft"
                $0.status = .draft
                $0.ownerIds = [Self.ownerA]
                $0.governorOfficeId = Self.embete
            },
            Partnership.with {
                $0.id = "p-active"
                $0.status = .active
                $0.ownerIds = [Self.ownerA]
                $0.governorOfficeId = Self.embete
            },
        ]
        data.measures = [
            Measure.with {
                $0.id = "m-draft"
                $0.partnershipId = "p-draft"
            },
            Measure.with {
                $0.id = "m-active"
                $0.partnershipId = "p-active"
            },
        ]
        data.reports = [
            PartnershipReport.with {
                $0.id = "r-draft-of-active"
                $0.partnershipId = "p-active"
                $0.status = .draft
            },
            PartnershipReport.with {
                $0.id = "r-submitted"
                $0.partnershipId = "p-active"
                $0.status = .submitted
            },
            PartnershipReport.with {
                $0.id = "r-of-draft"
                $0.partnershipId = "p-draft"
                $0.status = .submitted
            },
        ]
        data.conflicts = [
            ConflictCase.with {
                $0.id = "c-draft"
                $0.partnershipId = "p-draft"
            }
        ]
        data.contributions = [
            ThirdPartyContribution.with {
                $0.id = "t-draft"
                $0.partnershipId = "p-draft"
            }
        ]
        return data
    }

    @Test(
        "a draft partnership, with its measures, reports, conflicts and contributions, and a draft partnership report reach only the partnership's readers"
    )
    func draftPartnerships() {
        let other = ViewVisibility(caller: caller(RoleGrant(.ownerAdmin, scope: Self.ownerB))).partnerships(
            partnerships
        )
        #expect(other.partnerships.map(\.id) == ["p-active"])
        #expect(other.measures.map(\.id) == ["m-active"])
        #expect(other.reports.map(\.id) == ["r-submitted"])
        #expect(other.conflicts.isEmpty && other.contributions.isEmpty)

        for entitled in [
            caller(RoleGrant(.ownerAdmin, scope: Self.ownerA)), caller(RoleGrant(.sfCaseworker, scope: Self.embete)),
        ] {
            let seen = ViewVisibility(caller: entitled).partnerships(partnerships)
            #expect(seen.partnerships.map(\.id) == ["p-draft", "p-active"])
            #expect(seen.measures.map(\.id) == ["m-draft", "m-active"])
            #expect(seen.reports.map(\.id) == ["r-draft-of-active", "r-submitted", "r-of-draft"])
            #expect(seen.conflicts.map(\.id) == ["c-draft"] && seen.contributions.map(\.id) == ["t-draft"])
        }
    }
}
