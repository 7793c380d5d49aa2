import Foundation
import KSICore
import KSITestSupport
import Testing

@Suite("Referral field encryption (PRIV-R2)")
struct ReferralEncryptionTests {
    let ring: ReferralKeyRing
    init() throws { ring = try ReferralFixtures.keyRing() }

    @Test("PRIV-R2 a sealed field opens to the same text and carries the current key id")
    func roundTrip() throws {
        let crypto = ReferralFieldCrypto(keyRing: ring)
        let sealed = try crypto.sealText("Sunniva", referralId: "r1", field: "child.name")
        #expect(!sealed.contains("Sunniva"))
        #expect(try ReferralFieldCrypto.keyId(ofSealedText: sealed) == "current-2026")
        #expect(try crypto.openText(sealed, referralId: "r1", field: "child.name") == "Sunniva")
        // A fresh nonce each time: the same text never seals to the same bytes.
        #expect(try crypto.sealText("Sunniva", referralId: "r1", field: "child.name") != sealed)
    }

    @Test("PRIV-R2 old values stay readable after rotation and new values use the new key id")
    func rotation() throws {
        let oldRing = try ReferralKeyRing(keys: [("k1", [UInt8](repeating: 7, count: 32))])
        let old = try ReferralFieldCrypto(keyRing: oldRing).sealText("12345", referralId: "r", field: "f")
        let rotated = try oldRing.adding(keyId: "k2", key: [UInt8](repeating: 9, count: 32))
        let crypto = ReferralFieldCrypto(keyRing: rotated)
        #expect(rotated.currentKeyId == "k2")
        #expect(try crypto.openText(old, referralId: "r", field: "f") == "12345")
        let fresh = try crypto.sealText("67890", referralId: "r", field: "f")
        #expect(try ReferralFieldCrypto.keyId(ofSealedText: fresh) == "k2")
        #expect(try ReferralFieldCrypto.keyId(ofSealedText: old) == "k1")
    }

    @Test("PRIV-R2 a tampered ciphertext is detected, not decrypted")
    func tampering() throws {
        let crypto = ReferralFieldCrypto(keyRing: ring)
        let sealed = try crypto.sealText("Sunniva Fjellheim", referralId: "r1", field: "child.name")
        var bytes = [UInt8](Data(base64Encoded: String(sealed.dropFirst("ksi1:".count)))!)
        bytes[bytes.count - 1] ^= 0x01
        let tampered = "ksi1:" + Data(bytes).base64EncodedString()
        let error = #expect(throws: ReferralCryptoError.self) {
            try crypto.openText(tampered, referralId: "r1", field: "child.name")
        }
        #expect(error?.code == .authenticationFailed)
        // The same ciphertext under another referral or field does not open either (AAD).
        #expect(throws: ReferralCryptoError.self) { try crypto.openText(sealed, referralId: "r2", field: "child.name") }
        #expect(throws: ReferralCryptoError.self) {
            try crypto.openText(sealed, referralId: "r1", field: "need_description")
        }
        #expect(throws: ReferralCryptoError.self) {
            try crypto.openText("ksi1:AAAA", referralId: "r1", field: "child.name")
        }
    }

    @Test("PRIV-R2 a value sealed with a key missing from the ring throws unknown key")
    func unknownKey() throws {
        let sealed = try ReferralFieldCrypto(keyRing: ring).sealText("x", referralId: "r", field: "f")
        let other = try ReferralKeyRing(keys: [("other", [UInt8](repeating: 3, count: 32))])
        let error = #expect(throws: ReferralCryptoError.self) {
            try ReferralFieldCrypto(keyRing: other).openText(sealed, referralId: "r", field: "f")
        }
        #expect(error?.code == .unknownKey)
        // Same id, wrong key material: authentication fails.
        let impostor = try ReferralKeyRing(keys: [("current-2026", [UInt8](repeating: 5, count: 32))])
        let wrong = #expect(throws: ReferralCryptoError.self) {
            try ReferralFieldCrypto(keyRing: impostor).openText(sealed, referralId: "r", field: "f")
        }
        #expect(wrong?.code == .authenticationFailed)
    }

    @Test("the key ring parses keyId:base64 lines, takes the last as current and rejects bad input")
    func keyRingParsing() throws {
        #expect(ring.currentKeyId == "current-2026")
        #expect(ring.keyIds == ["current-2026", "old-2025"])
        #expect(!ring.description.contains(Data(repeating: 0x22, count: 32).base64EncodedString()))
        let env = try ReferralKeyRing.fromEnvironment([
            ReferralKeyRing.keysVariable: "a:\(Data(repeating: 1, count: 32).base64EncodedString())"
        ])
        #expect(env.currentKeyId == "a")
        #expect(throws: ReferralCryptoError.self) { try ReferralKeyRing(parsing: "short:AAAA") }
        #expect(throws: ReferralCryptoError.self) { try ReferralKeyRing(parsing: "# nothing") }
        #expect(throws: ReferralCryptoError.self) { try ReferralKeyRing(parsing: "no-colon") }
        #expect(throws: ReferralCryptoError.self) { try ReferralKeyRing.fromEnvironment([:]) }
        let dir = try RepositoryPaths.temporaryDirectory("keys")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("referral.keys")
        try ReferralFixtures.keyRingText.write(to: file, atomically: true, encoding: .utf8)
        #expect(
            try ReferralKeyRing.fromEnvironment([ReferralKeyRing.keyFileVariable: file.path]).currentKeyId
                == "current-2026"
        )
    }

    @Test("PRIV-R2 the SQLite file and its WAL hold no child name, guardian name or national identity number")
    func rawDatabaseHoldsNoChildData() async throws {
        let dir = try RepositoryPaths.temporaryDirectory("referral-raw")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("referral.sqlite").path
        let database = try await KSIDatabase.openSQLite(path: path)
        try await database.withRunning { database in
            try await CoreSchema.migrate(database)
            let time = FixedTimeSource(date: ReferralHarness.startDate)
            let referrals = ReferralContext(
                database: database,
                reference: try ReferralFixtures.reference(),
                time: time,
                keyRing: ring
            )
            let created = try await referrals.intake.createReferral(
                CreateReferralRequest.with {
                    $0.requestId = "raw-1"
                    $0.kind = .individual
                    $0.referringPptOfficeId = TestRegion.pptKristiansand
                    $0.child = ReferralFixtures.child()
                    $0.content = ReferralFixtures.content()
                },
                as: ReferralHarness.ppt
            )
            _ = try await referrals.intake.addReferralAttachment(
                AddReferralAttachmentRequest.with {
                    $0.requestId = "raw-2"
                    $0.referralId = created.id
                    $0.expectedVersion = created.version
                    $0.kind = .pedagogicalReport
                    $0.title = "Report on \(ReferralFixtures.childName)"
                    $0.content = Array(
                        "Pedagogical report for \(ReferralFixtures.childName), \(ReferralFixtures.childNationalId)".utf8
                    )
                },
                as: ReferralHarness.ppt
            )
            // The authorised read returns the data: it is stored, only sealed.
            let read = try await referrals.records.getReferral(
                GetReferralRequest.with { $0.id = created.id },
                as: ReferralHarness.ppt
            )
            #expect(read.child?.name == ReferralFixtures.childName)
            #expect(read.guardians.first?.name == ReferralFixtures.guardianName)
            // While the database is open, the WAL holds the recent writes.
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            try Self.expectNoChildData(in: dir, mainFile: path)
        }
        // And after closing (checkpointed into the main file).
        try Self.expectNoChildData(in: dir, mainFile: path)
    }

    static func expectNoChildData(in dir: URL, mainFile: String) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).map {
            dir.appendingPathComponent($0).path
        }
        #expect(files.contains(mainFile))
        let needles = [
            ReferralFixtures.childName, "Fjellheim", ReferralFixtures.guardianName, ReferralFixtures.childNationalId,
            "Needs support with reading", "Pedagogical report for",
        ]
        var scanned = 0
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            scanned += bytes.count
            for needle in needles {
                #expect(
                    bytes.range(of: Data(needle.utf8)) == nil,
                    "\(needle) found in \((file as NSString).lastPathComponent)"
                )
            }
        }
        #expect(scanned > 0)
    }
}
