import Foundation
import KSICore

/// A seeded national data set for benchmarks: all 10 embeter (ids from the bundled reference data),
/// ~356 synthetic kommuner with populations, owners, units and PPT offices, and — at scale 1× —
/// 20 000 needs reports, 5 000 measures in 1 250 partnerships and 3 000 referrals over the years
/// 2021–2025 and the three schemes.
///
/// **How it writes.** Unlike `DemoYear`, this generator does *not* run commands: it writes finished
/// entities directly with `StoreTransaction.insert`, in transactions of `batchSize` (default 500), so
/// a national load takes seconds rather than hours. No rule runs, no audit records, outbox events or
/// idempotency records are written; the entities are shaped as the commands would leave them (statuses,
/// timestamps, outcomes consistent with the status), and the referrals' child data is sealed with the
/// given key ring exactly as `ReferralContext` seals it (PRIV-R2). The allocation database is not
/// written. The reference data (`referenceDataSet()`) is in memory: merge it over the bundled data
/// before building contexts on the loaded databases.
///
/// Deterministic: the same scale gives the same entities (ids and contents; sealed values differ only in
/// their random nonces).
public struct NationalDataSet: Sendable {
    public struct Counts: Sendable, Hashable {
        public var governorOffices = 0
        public var municipalities = 0
        public var owners = 0
        public var units = 0
        public var pptOffices = 0
        public var needsRounds = 0
        public var needsReports = 0
        public var partnerships = 0
        public var measures = 0
        public var referrals = 0
    }

    /// Entities at scale 1×.
    public static let baseNeedsReports = 20_000
    public static let baseMeasures = 5_000
    public static let baseReferrals = 3_000
    public static let measuresPerPartnership = 4
    public static let years: [Int32] = [2021, 2022, 2023, 2024, 2025]
    public static let schemes: [Scheme] = [.ksi, .dekom, .rekom]

    /// Kommuner per embete (roughly the real counts from 2024; 356 in all).
    static let kommunerPerEmbete: [String: Int] = [
        "agder": 25, "innlandet": 46, "more-og-romsdal": 26, "nordland": 41, "ostfold-buskerud-oslo-akershus": 52,
        "rogaland": 23,
        "troms-og-finnmark": 39, "trondelag": 38, "vestfold-og-telemark": 23, "vestland": 43,
    ]

    public let scale: Double
    public let embeter: [GovernorOffice]
    public let uhIds: [String]
    public let reference: ReferenceDataSet
    /// Per synthetic kommune: (id, embete, county, owner id, unit ids, PPT office id).
    let kommuner: [(id: String, office: String, county: String, owner: String, units: [String], ppt: String)]

    public var needsReportCount: Int { Int((Double(Self.baseNeedsReports) * scale).rounded()) }
    public var measureCount: Int { Int((Double(Self.baseMeasures) * scale).rounded()) }
    public var partnershipCount: Int {
        max(1, (measureCount + Self.measuresPerPartnership - 1) / Self.measuresPerPartnership)
    }
    public var referralCount: Int { Int((Double(Self.baseReferrals) * scale).rounded()) }
    public var needsRoundCount: Int { embeter.count * Self.schemes.count * Self.years.count }

    /// The generator for `scale` (1, 2, 4; fractions for tests), over the bundled embeter in `base`.
    public init(scale: Double, base: ReferenceData) {
        self.scale = scale
        let embeter = base.set.governorOffices.filter { $0.validTo == nil }.sorted { $0.id < $1.id }
        var unique: [GovernorOffice] = []
        for office in embeter where !unique.contains(where: { $0.id == office.id }) { unique.append(office) }
        self.embeter = unique
        let uhIds = base.set.uhInstitutions.map(\.id).sorted()
        self.uhIds = uhIds.isEmpty ? ["uia"] : uhIds
        var random = DemoRandom(seed: 356)
        var set = ReferenceDataSet()
        var kommuner: [(id: String, office: String, county: String, owner: String, units: [String], ppt: String)] = []
        var serial = 0
        func organisation(
            _ id: String,
            _ name: String,
            _ orgNumber: String,
            _ kind: OrganisationKind,
            _ record: OrganisationRecordKind,
            _ grants: [RoleGrant]
        ) {
            set.organisations.append(
                Organisation.with {
                    $0.id = "org-\(id)"
                    $0.orgNumber = orgNumber
                    $0.name = name
                    $0.kind = kind
                    $0.recordKind = record
                    $0.recordId = id
                    $0.roleGrants = grants
                }
            )
        }
        func orgNumber(_ n: Int) -> String { OrgNumber.fictitious(6_000_000 + n * 10).value }
        for office in unique {
            let county = office.countyIds.first ?? "00"
            let countyOwner = "nat-owner-county-\(office.id)"
            set.owners.append(
                Owner.with {
                    $0.id = countyOwner
                    $0.orgNumber = orgNumber(90_000 + set.owners.count)
                    $0.name = "Syntetisk fylkeskommune (\(office.id))"
                    $0.ownerType = .countyAuthority
                    $0.countyId = county
                    $0.governorOfficeId = office.id
                }
            )
            for _ in 0..<(Self.kommunerPerEmbete[office.id] ?? 35) {
                serial += 1
                let id = "9\(String(format: "%03d", serial))"
                let countyId = office.countyIds.isEmpty ? county : office.countyIds[serial % office.countyIds.count]
                // Skewed sizes: most kommuner are small, a few large.
                let population =
                    800 + random.next(upTo: 12_000) * (serial % 9 == 0 ? 8 : 1) + (serial % 50 == 0 ? 150_000 : 0)
                set.municipalities.append(
                    Municipality.with {
                        $0.id = id
                        $0.name = "Syntetisk kommune \(String(format: "%03d", serial))"
                        $0.countyId = countyId
                        $0.governorOfficeId = office.id
                        $0.population = population
                        $0.children0to19 = population * 23 / 100
                        $0.validFrom = LocalDate(year: 2020, month: 1, day: 1)
                    }
                )
                let owner = "nat-owner-\(id)"
                set.owners.append(
                    Owner.with {
                        $0.id = owner
                        $0.orgNumber = orgNumber(serial)
                        $0.name = "Syntetisk kommune \(String(format: "%03d", serial))"
                        $0.ownerType = .municipality
                        $0.municipalityId = id
                        $0.countyId = countyId
                        $0.governorOfficeId = office.id
                    }
                )
                organisation(
                    owner,
                    "Syntetisk kommune \(serial)",
                    orgNumber(serial),
                    .other,
                    .owner,
                    [RoleGrant(.ownerAdmin, scope: owner)]
                )
                let ppt = "nat-ppt-\(id)"
                set.pptOffices.append(
                    PptOffice.with {
                        $0.id = ppt
                        $0.orgNumber = orgNumber(10_000 + serial)
                        $0.name = "PPT syntetisk kommune \(serial)"
                        $0.hostOwnerId = owner
                        $0.serviceArea = PptServiceArea.with { $0.municipalityIds = [id] }
                    }
                )
                organisation(
                    ppt,
                    "PPT syntetisk kommune \(serial)",
                    orgNumber(10_000 + serial),
                    .ppt,
                    .pptOffice,
                    [RoleGrant(.pptLeader, scope: ppt), RoleGrant(.pptAdviser, scope: ppt)]
                )
                var units: [String] = []
                let count = max(1, Int(min(population / 5_000, 8)))
                for index in 1...count {
                    for (type, label) in [(UnitType.primarySchool, "skole"), (.kindergarten, "barnehage")] {
                        let unit = "nat-unit-\(id)-\(label)-\(index)"
                        units.append(unit)
                        set.units.append(
                            Unit.with {
                                $0.id = unit
                                $0.name = "Syntetisk \(label) \(index) (\(id))"
                                $0.unitType = type
                                $0.ownerId = owner
                                $0.municipalityId = id
                                $0.pptOfficeId = ppt
                                $0.enrolledCount = 40 + random.next(upTo: 400)
                                $0.teacherFteHundredths = $0.enrolledCount * 100 / 12
                            }
                        )
                    }
                }
                if serial % 4 == 0 {
                    let privateOwner = "nat-owner-private-\(id)"
                    set.owners.append(
                        Owner.with {
                            $0.id = privateOwner
                            $0.orgNumber = orgNumber(20_000 + serial)
                            $0.name = "Syntetiske private barnehagar \(serial) AS"
                            $0.ownerType = .privateKindergarten
                            $0.municipalityId = id
                            $0.countyId = countyId
                            $0.governorOfficeId = office.id
                        }
                    )
                    set.units.append(
                        Unit.with {
                            $0.id = "nat-unit-\(id)-privat"
                            $0.name = "Syntetisk privat barnehage (\(id))"
                            $0.unitType = .kindergarten
                            $0.ownerId = privateOwner
                            $0.municipalityId = id
                            $0.pptOfficeId = ppt
                            $0.enrolledCount = 50
                        }
                    )
                }
                kommuner.append((id, office.id, countyId, owner, units, ppt))
            }
        }
        set.datasetVersion = 1
        self.reference = set
        self.kommuner = kommuner
    }

    /// The synthetic organisations, municipalities, owners, units and PPT offices (merge over the bundled data).
    public func referenceDataSet() -> ReferenceDataSet { reference }

    /// Writes the data set into the three databases (migrated, empty) and returns what it wrote.
    public func load(
        needs: KSIDatabase,
        partnerships: KSIDatabase,
        referral: KSIDatabase,
        keyRing: ReferralKeyRing,
        batchSize: Int = 500,
        progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> Counts {
        let total = needsRoundCount + needsReportCount + partnershipCount + measureCount + referralCount
        var done = 0
        func write<E: StoredEntity>(_ entities: [E], into database: KSIDatabase, context: String) async throws {
            var start = 0
            while start < entities.count {
                let batch = Array(entities[start..<min(start + batchSize, entities.count)])
                try await database.transaction { sql in
                    let store = StoreTransaction(sql: sql, context: context)
                    for entity in batch { try await store.insert(entity, at: entity.createdAtMillis) }
                }
                start += batch.count
                done += batch.count
                progress(done, total)
            }
        }
        progress(0, total)
        let rounds = makeRounds()
        try await write(rounds, into: needs, context: BoundedContext.needs.rawValue)
        try await write(makeReports(rounds: rounds), into: needs, context: BoundedContext.needs.rawValue)
        let partnershipEntities = makePartnerships()
        try await write(partnershipEntities, into: partnerships, context: BoundedContext.partnerships.rawValue)
        try await write(
            makeMeasures(partnerships: partnershipEntities),
            into: partnerships,
            context: BoundedContext.partnerships.rawValue
        )
        try await write(try makeReferrals(keyRing: keyRing), into: referral, context: ReferralContext.contextName)
        return Counts(
            governorOffices: embeter.count,
            municipalities: kommuner.count,
            owners: reference.owners.count,
            units: reference.units.count,
            pptOffices: reference.pptOffices.count,
            needsRounds: rounds.count,
            needsReports: needsReportCount,
            partnerships: partnershipEntities.count,
            measures: measureCount,
            referrals: referralCount
        )
    }

    // MARK: Entities

    static func millis(_ date: LocalDate) -> Int64 { date.daysSinceEpoch * 86_400_000 + 9 * 3_600_000 }

    func makeRounds() -> [NeedsRound] {
        var rounds: [NeedsRound] = []
        for office in embeter {
            for scheme in Self.schemes {
                for year in Self.years {
                    let opens = LocalDate(year: year - 1, month: 11, day: 1)
                    rounds.append(
                        NeedsRound.with {
                            $0.id = "nat-round-\(office.id)-\(scheme.name)-\(year)"
                            $0.createdAt = Self.millis(LocalDate(year: year - 1, month: 10, day: 1))
                            $0.updatedAt = $0.createdAt
                            $0.governorOfficeId = office.id
                            $0.scheme = scheme
                            $0.year = year
                            $0.opensOn = opens
                            $0.submissionDeadline = LocalDate(year: year, month: 3, day: 15)
                            $0.status = year < 2025 ? .archived : .closed
                            $0.openedAt = Self.millis(opens)
                            $0.closedAt = Self.millis(LocalDate(year: year, month: 3, day: 16))
                        }
                    )
                }
            }
        }
        return rounds
    }

    static let themes: [ThemeCode] = [
        .inclusivePractice, .inclusiveLearningEnvironment, .teamAroundChild, .professionalCommunity, .adaptedEducation,
        .earlyIntervention,
        .readingWriting, .mathematics, .languageAndCommunication, .behaviour, .psychosocial, .schoolAttendance, .autism,
        .adhd,
        .hearing, .vision, .aac, .curriculumRenewal, .assessmentPractice, .basicSkills,
    ]

    /// The needs reports the load writes (for tests and benchmarks that want them in memory).
    public func makeReportsForTest() -> [NeedsReport] { makeReports(rounds: makeRounds()) }

    func makeReports(rounds: [NeedsRound]) -> [NeedsReport] {
        var random = DemoRandom(seed: 20_000)
        var reports: [NeedsReport] = []
        reports.reserveCapacity(needsReportCount)
        let decided: [NeedsReportStatus] = [
            .fundedAsRequested, .fundedAsRequested, .fundedAsRequested, .fundedOtherThanRequested, .rejected,
            .rejected, .withdrawn,
        ]
        let current: [NeedsReportStatus] = [
            .draft, .submitted, .returned, .underReview, .prioritised, .notPrioritised, .inRecommendation,
            .fundedAsRequested, .fundedOtherThanRequested, .rejected, .withdrawn,
        ]
        for index in 0..<needsReportCount {
            let kommune = kommuner[Int(random.next(upTo: Int64(kommuner.count)))]
            let year = Self.years[Int(random.next(upTo: Int64(Self.years.count)))]
            let pick = random.next(upTo: 10)
            let scheme: Scheme = pick < 5 ? .ksi : pick < 8 ? .dekom : .rekom
            let status =
                year < 2025
                ? decided[Int(random.next(upTo: Int64(decided.count)))]
                : current[Int(random.next(upTo: Int64(current.count)))]
            let requested = (100_000 + random.next(upTo: 1_400) * 1_000) * 100
            let created = LocalDate(year: year - 1, month: 12, day: Int32(1 + random.next(upTo: 28)))
            let theme1 = Self.themes[Int(random.next(upTo: Int64(Self.themes.count)))]
            let theme2 = Self.themes[Int(random.next(upTo: Int64(Self.themes.count)))]
            let units = Array(kommune.units.prefix(Int(1 + random.next(upTo: 4))))
            reports.append(
                NeedsReport.with {
                    $0.id = "nat-report-\(String(format: "%06d", index))"
                    $0.createdAt = Self.millis(created)
                    $0.updatedAt = $0.createdAt
                    $0.roundId = "nat-round-\(kommune.office)-\(scheme.name)-\(year)"
                    $0.scheme = scheme
                    $0.year = year
                    $0.governorOfficeId = kommune.office
                    $0.title = "Syntetisk behovsmelding \(index) (\(theme1.name))"
                    $0.leadOwnerId = kommune.owner
                    $0.participatingUnitIds = units
                    $0.sectors = [.kindergarten, .compulsorySchool]
                    $0.themes = theme1 == theme2 ? [theme1] : [theme1, theme2]
                    $0.targetGroups = [.teachers, .pptStaff]
                    $0.uhPartnerIds = [uhIds[index % uhIds.count]]
                    $0.pptInvolvement = [.informed, .invited, .participating, .coApplicant][index % 4]
                    $0.pptOfficeIds = [kommune.ppt]
                    $0.requestedAmountOre = requested
                    $0.requestedYears = Int32(1 + index % 3)
                    $0.status = status
                    if status != .draft && status != .withdrawn {
                        $0.submittedAt = Self.millis(LocalDate(year: year, month: 3, day: 1))
                    }
                    switch status {
                    case .fundedAsRequested:
                        $0.outcome = .fundedAsRequested
                        $0.decidedAmountOre = requested
                        $0.fundingRatioBp = 10_000
                    case .fundedOtherThanRequested:
                        $0.outcome = .fundedOtherThanRequested
                        $0.decidedAmountOre = requested * 6 / 10 / 100 * 100
                        $0.fundingRatioBp = 6_000
                    case .rejected:
                        $0.outcome = .notFunded
                        $0.fundingRatioBp = 0
                    default:
                        break
                    }
                }
            )
        }
        return reports
    }

    func makePartnerships() -> [Partnership] {
        var random = DemoRandom(seed: 1_250)
        return (0..<partnershipCount).map { index in
            let kommune = kommuner[Int(random.next(upTo: Int64(kommuner.count)))]
            let from = Self.years[Int(random.next(upTo: Int64(Self.years.count)))]
            let to = from + 1
            return Partnership.with {
                $0.id = "nat-partnership-\(String(format: "%05d", index))"
                $0.createdAt = Self.millis(LocalDate(year: from, month: 2, day: 1))
                $0.updatedAt = $0.createdAt
                $0.scheme = Self.schemes[index % 5 == 4 ? 1 : 0]
                $0.governorOfficeId = kommune.office
                $0.name = "Syntetisk partnerskap \(index)"
                $0.ownerIds = [kommune.owner]
                $0.uhInstitutionIds = [uhIds[index % uhIds.count]]
                $0.pptOfficeIds = [kommune.ppt]
                $0.agreement = PartnershipAgreement.with {
                    $0.version = 1
                    $0.signedByOwnerOn = LocalDate(year: from, month: 2, day: 10)
                    $0.signedByUhOn = LocalDate(year: from, month: 2, day: 12)
                    $0.validFrom = LocalDate(year: from, month: 3, day: 1)
                    $0.validTo = LocalDate(year: to, month: 12, day: 31)
                    $0.expectations = PartnershipExpectations.with {
                        $0.what = "Kollektiv kompetanseutvikling"
                        $0.how = "Rettleiing og observasjon"
                        $0.uhHours = 300
                        $0.ownerHours = 400
                    }
                }
                $0.meetingPlan = PartnershipMeetingPlan.with { $0.plannedPerHalfYear = 2 }
                $0.status = to < 2025 ? .expired : .active
                $0.activatedAt = Self.millis(LocalDate(year: from, month: 2, day: 12))
            }
        }
    }

    func makeMeasures(partnerships: [Partnership]) -> [Measure] {
        var random = DemoRandom(seed: 5_000)
        let statuses: [MeasureStatus] = [
            .planned, .started, .inProgress, .inProgress, .completing, .completed, .completed, .followUp, .aborted,
        ]
        return (0..<measureCount).map { index in
            let partnership = partnerships[index % partnerships.count]
            let kommune = kommuner.first { $0.owner == partnership.ownerIds.first } ?? kommuner[0]
            let start = partnership.agreement?.validFrom ?? LocalDate(year: 2025, month: 3, day: 1)
            let expired = partnership.status == .expired
            let status =
                expired
                ? [MeasureStatus.completed, .followUp, .aborted][index % 3]
                : statuses[Int(random.next(upTo: Int64(statuses.count)))]
            let theme = Self.themes[Int(random.next(upTo: Int64(Self.themes.count)))]
            return Measure.with {
                $0.id = "nat-measure-\(String(format: "%06d", index))"
                $0.createdAt = Self.millis(start)
                $0.updatedAt = $0.createdAt
                $0.partnershipId = partnership.id
                $0.grantLineId = "nat-line-\(partnership.id)"
                $0.scheme = partnership.scheme
                $0.governorOfficeId = partnership.governorOfficeId
                $0.title = "Syntetisk tiltak \(index) (\(theme.name))"
                $0.themes = [theme]
                $0.targetGroups = [.teachers]
                $0.participatingUnitIds = Array(kommune.units.prefix(2))
                $0.sectors = [.compulsorySchool]
                $0.formats = [.gathering, .workingGroup]
                $0.practiceComponents = [.guidance, .observationFeedback]
                $0.pptRole = .developmentPartner
                $0.uhRole = .developmentPartner
                $0.budgetLines = [
                    BudgetLine.with {
                        $0.category = .uhHours
                        $0.payer = .uh
                        $0.amountOre = (50_000 + random.next(upTo: 200) * 1_000) * 100
                    }
                ]
                $0.startDate = start
                $0.endDate = partnership.agreement?.validTo
                $0.status = status
                if status == .aborted {
                    $0.abortReason = "Syntetisk avbrot"
                    $0.abortNotifiedAt = Self.millis(start) + 90 * 86_400_000
                    $0.abortedAt = $0.abortNotifiedAt
                }
                if status == .completed || status == .followUp {
                    $0.completedAt = Self.millis(start) + 300 * 86_400_000
                }
            }
        }
    }

    func makeReferrals(keyRing: ReferralKeyRing) throws -> [Referral] {
        var random = DemoRandom(seed: 3_000)
        let sealing = ReferralSealing(crypto: ReferralFieldCrypto(keyRing: keyRing))
        let statuses: [ReferralStatus] = [
            .draft, .submitted, .inTriage, .returned, .accepted, .declined, .assigned, .startupHeld, .inService,
            .inService, .closing, .closed, .closed, .closed, .withdrawn,
        ]
        let path: [ReferralStatus] = [
            .submitted, .inTriage, .accepted, .assigned, .startupHeld, .inService, .closing, .closed,
        ]
        let areas: [StatpedSubjectArea] = [
            .hearing, .vision, .deafblindness, .languageAndSpeech, .complexLearningDifficulties,
            .acquiredBrainInjury, .aac, .autism, .severeSchoolAbsence, .signLanguage,
        ]
        let divisions = [
            "statped-division-earlyYears", "statped-division-compulsory", "statped-division-upperSecondaryAdult",
        ]
        var referrals: [Referral] = []
        for index in 0..<referralCount {
            let kommune = kommuner[Int(random.next(upTo: Int64(kommuner.count)))]
            let status = statuses[Int(random.next(upTo: Int64(statuses.count)))]
            let system = index % 20 == 19
            let year = Self.years[Int(random.next(upTo: Int64(Self.years.count)))]
            let created = LocalDate(
                year: year,
                month: Int32(1 + random.next(upTo: 9)),
                day: Int32(1 + random.next(upTo: 28))
            )
            let createdMillis = Self.millis(created)
            let id = "nat-referral-\(String(format: "%05d", index))"
            let day: Int64 = 86_400_000
            let reached = { (stage: ReferralStatus) -> Bool in
                guard let s = path.firstIndex(of: stage) else { return false }
                if let t = path.firstIndex(of: status) { return t >= s }
                if status == .returned || status == .declined { return s <= 1 }
                return false
            }
            var referral = Referral.with {
                $0.id = id
                $0.createdAt = createdMillis
                $0.updatedAt = createdMillis
                $0.kind = system ? .system : .individual
                $0.status = status
                $0.governorOfficeId = kommune.office
                $0.subjectAreas = [areas[Int(random.next(upTo: Int64(areas.count)))]]
                $0.grounds = [.triedLocallyWithoutResult]
                if system {
                    $0.requestingOrgId = kommune.owner
                    $0.topic = "Syntetisk systemførespurnad \(index)"
                } else {
                    $0.referringPptOfficeId = kommune.ppt
                    $0.referringAdviserId = "nat-ppt-radgiver-\(index % 50)"
                }
                var stamps = ReferralTimestamps()
                if reached(.submitted) { stamps.submittedAt = createdMillis + 7 * day }
                if reached(.inTriage) || status == .declined || status == .returned {
                    stamps.triagedAt = createdMillis + 20 * day
                }
                if reached(.accepted) { stamps.acceptedAt = createdMillis + 30 * day }
                if reached(.startupHeld) { stamps.startupHeldAt = createdMillis + (38 + random.next(upTo: 14)) * day }
                if reached(.inService) { stamps.inServiceAt = createdMillis + 60 * day }
                if reached(.closed) { stamps.closedAt = createdMillis + 240 * day }
                $0.timestamps = stamps
                if reached(.assigned) {
                    $0.assignment = Assignment.with {
                        $0.divisionId = divisions[index % divisions.count]
                        $0.locationId = "statped-location-\(index % 12)"
                        $0.adviserIds = ["nat-statped-radgiver-\(index % 40)"]
                        $0.reason = [.competence, .capacity, .proximity, .continuity][index % 4]
                        $0.assignedAt = createdMillis + 35 * day
                    }
                }
            }
            if !system {
                let born = LocalDate(
                    year: Int32(2008 + random.next(upTo: 17)),
                    month: Int32(1 + random.next(upTo: 12)),
                    day: Int32(1 + random.next(upTo: 28))
                )
                let child = ChildInput.with {
                    $0.nationalId = DemoPeople.dNumber(born: born, serial: index)
                    $0.name = "Testbarn \(index + 1)"
                    $0.birthDate = born
                    $0.residenceMunicipalityId = kommune.id
                    $0.unitId = kommune.units.first ?? ""
                }
                referral.child = try sealing.sealChild(
                    child,
                    childRef: "nat-child-\(String(format: "%05d", index))",
                    referralId: id
                )
                referral.guardianAgreementRecordedAt = referral.timestamps?.submittedAt ?? 0
            }
            referrals.append(referral)
        }
        return referrals
    }
}

extension StoredEntity {
    /// `createdAt` of the generated entities (every one has it), for the storage row's timestamps.
    var createdAtMillis: Int64 {
        switch self {
        case let e as NeedsRound: e.createdAt
        case let e as NeedsReport: e.createdAt
        case let e as Partnership: e.createdAt
        case let e as Measure: e.createdAt
        case let e as Referral: e.createdAt
        default: 0
        }
    }
}
