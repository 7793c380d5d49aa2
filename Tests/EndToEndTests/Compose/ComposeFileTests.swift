import Foundation
import KSITestSupport
import Services
import Testing

/// compose.yaml against the Compose specification's JSON schema (deploy/compose-spec.schema.json) and
/// the wiring rules docs/deploy.md promises. No Docker engine is needed.
@Suite("compose.yaml: schema and wiring")
struct ComposeFileTests {
    static let schema = RepositoryPaths.root.appendingPathComponent("deploy/compose-spec.schema.json").path
    static let kSIServices = ["needs", "partnerships", "allocation", "referral"]

    @Test("compose.yaml validates against the Compose specification's JSON schema")
    func validatesAgainstTheSchema() throws {
        let result = try runProgram(
            RepositoryPaths.python,
            [ComposeFile.checkScript, "validate", ComposeFile.path.path, Self.schema]
        )
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("0 violations of Compose Specification"), "\(result.output)")
    }

    @Test(
        "the schema check refuses a file that breaks the specification (a misspelt key, a wrong depends_on condition)"
    )
    func schemaCheckRefusesABrokenFile() throws {
        let dir = try RepositoryPaths.temporaryDirectory("compose-schema")
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("compose.yaml")
        try """
        services:
          needs:
            image: ksi:local
            helthcheck:
              test: ["CMD", "true"]
            depends_on:
              postgres:
                condition: service_ready
          postgres:
            image: postgres:15
        """.write(to: broken, atomically: true, encoding: .utf8)
        let result = try runProgram(
            RepositoryPaths.python,
            [ComposeFile.checkScript, "validate", broken.path, Self.schema]
        )
        #expect(result.status == 1)
        #expect(result.output.contains("2 violations"), "\(result.output)")
        #expect(result.output.contains("helthcheck"), "\(result.output)")
        #expect(result.output.contains("service_ready"), "\(result.output)")
    }

    @Test(
        "the stack is certs, referral-key, postgres, the four services and the gateway, all KSI containers from the one image"
    )
    func theStacksServices() throws {
        let compose = try ComposeFile.load()
        #expect(Set(compose.services.keys) == Set(["certs", "referral-key", "postgres", "gateway"] + Self.kSIServices))
        let images = Set(compose.services.filter { $0.key != "postgres" }.map { $0.value.image ?? "" })
        #expect(images == ["ksi:local"])
        let notBuiltHere = compose.services.filter { $0.key != "postgres" && !$0.value.usesKSIImage }.map(\.key)
        #expect(notBuiltHere.isEmpty)
        #expect(compose.services["postgres"]?.image == "postgres:15")
    }

    @Test(
        "every long-running service has a health check; the one-shot init services have none and are waited for to complete"
    )
    func everyServiceHasAHealthCheck() throws {
        let compose = try ComposeFile.load()
        for (name, service) in compose.services {
            if service.isOneShot {
                #expect(service.healthcheck == nil, "\(name)")
                let waiters = compose.services.values.compactMap { $0.dependsOn?[name]?.condition }
                #expect(
                    !waiters.isEmpty && waiters.allSatisfy { $0 == "service_completed_successfully" },
                    "\(name): \(waiters)"
                )
            } else {
                let test = service.healthcheck?.test ?? []
                #expect(test.first == "CMD" && test.count > 1, "\(name) has no exec-form health check")
                #expect(service.healthcheck?.disable != true, "\(name)")
            }
        }
    }

    @Test(
        "the KSI services and the gateway check their health with `ksi health` on their own gRPC port, with their own client identity"
    )
    func healthChecksProbeTheirOwnPort() throws {
        let compose = try ComposeFile.load()
        for name in Self.kSIServices + ["gateway"] {
            let service = try #require(compose.services[name])
            let port = try #require(service.env["KSI_LISTEN_PORT"])
            #expect(
                service.healthcheck?.test == [
                    "CMD", "ksi", "health", "\(name):\(port)", "--identity", "\(name)-client",
                ],
                "\(name)"
            )
        }
        #expect(compose.services["gateway"]?.env["KSI_LISTEN_PORT"] == "50050")
        #expect(Self.kSIServices.allSatisfy { compose.services[$0]?.env["KSI_LISTEN_PORT"] == "50051" })
    }

    @Test("the gateway publishes only its HTTPS port (8443); no other service publishes a port")
    func onlyTheGatewaysHTTPSPortIsPublished() throws {
        let compose = try ComposeFile.load()
        let gateway = try #require(compose.services["gateway"])
        #expect(gateway.ports == ["8443:8443"])
        #expect(gateway.env["KSI_HTTP_PORT"] == "8443")
        #expect(gateway.env["KSI_LISTEN_PORT"] != "8443")
        for (name, service) in compose.services where name != "gateway" {
            #expect(service.ports == nil, "\(name) publishes \(service.ports ?? [])")
        }
        // The published host port follows KSI_GATEWAY_HTTPS_PORT; the container side stays the API's port.
        let moved = try ComposeFile.load(variables: ["KSI_GATEWAY_HTTPS_PORT": "9443"])
        #expect(moved.services["gateway"]?.ports == ["9443:8443"])
    }

    @Test("every KSI_* variable a service sets is one its `ksi` command reads, and so are the image's ENV defaults")
    func everyVariableIsReadByTheBinary() throws {
        let compose = try ComposeFile.load()
        let readBy = try KSIEnvironmentVariables.readByCommand()
        // The extraction itself: `serve` reads the listen and peer variables, `health` the cert folder.
        #expect(
            readBy["serve"]?.isSuperset(of: [
                "KSI_LISTEN_PORT", "KSI_POSTGRES_URL", "KSI_ALLOCATION_ADDRESS", "KSI_REFERRAL_KEY_FILE",
            ]) == true
        )
        #expect(readBy["health"] == ["KSI_CERT_DIR"])
        let entrypoint = try Dockerfile.entrypoint()
        #expect(entrypoint == ["ksi"])
        var checked = 0
        for (name, service) in compose.services where service.usesKSIImage && service.entrypoint == nil {
            let subcommand = try #require(service.command?.first, "\(name) has no command")
            let reads = try #require(readBy[subcommand], "`ksi \(subcommand)` is not a subcommand the sources define")
            for variable in service.env.keys where variable.hasPrefix("KSI_") {
                #expect(reads.contains(variable), "\(name) sets \(variable), which `ksi \(subcommand)` does not read")
                checked += 1
            }
            // The health check runs in the same container, so its variables come from the same environment.
            if service.healthcheck?.test?.dropFirst(2).first == "health" {
                #expect(readBy["health", default: []].isSubset(of: Set(service.env.keys)), "\(name)")
            }
        }
        #expect(checked >= 30)
        let everyRead = readBy.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        let imageDefaults = try Dockerfile.environmentVariables()
        #expect(imageDefaults == ["KSI_CERT_DIR", "KSI_DATA_DIR"])
        #expect(imageDefaults.isSubset(of: everyRead))
    }

    @Test(
        "each KSI service has its own PostgreSQL database, runs as <svc>_service and migrates as <svc>_owner over verified TLS; deploy/postgres-init.sh creates exactly those"
    )
    func eachServiceHasItsOwnDatabase() throws {
        let compose = try ComposeFile.load()
        var databases: [String] = []
        for name in Self.kSIServices {
            let env = try #require(compose.services[name]).env
            for (variable, role) in [
                ("KSI_POSTGRES_URL", "\(name)_service"), ("KSI_POSTGRES_MIGRATION_URL", "\(name)_owner"),
            ] {
                let url = try #require(URLComponents(string: env[variable] ?? ""), "\(name).\(variable)")
                #expect(url.host == "postgres", "\(name)")
                #expect(url.port == 5432, "\(name)")
                #expect(url.user == role, "\(name).\(variable)")
                #expect(
                    url.user != compose.services["postgres"]?.env["POSTGRES_USER"],
                    "\(name) must not use the superuser"
                )
                #expect(url.path == "/\(name)", "\(name)")
                let query = Dictionary(uniqueKeysWithValues: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") })
                #expect(
                    query == ["sslmode": "verify-full", "sslrootcert": "\(env["KSI_CERT_DIR"] ?? "")/ca.pem"],
                    "\(name).\(variable)"
                )
            }
            databases.append(name)
        }
        let initScript = try String(
            contentsOf: RepositoryPaths.root.appendingPathComponent("deploy/postgres-init.sh"),
            encoding: .utf8
        )
        let loop = try #require(initScript.firstMatch(of: /for database in ([a-z ]+); do/))
        #expect(loop.output.1.split(separator: " ").map(String.init).sorted() == databases.sorted())
        #expect(initScript.contains(#"-v owner="${database}_owner" -v service="${database}_service""#))
        let postgres = try #require(compose.services["postgres"])
        #expect(
            postgres.volumes?.contains("./deploy/postgres-init.sh:/docker-entrypoint-initdb.d/10-ksi-databases.sh:ro")
                == true
        )
        // PostgreSQL serves TLS with its own bundle's certificate.
        let start = postgres.command?.joined(separator: "\n") ?? ""
        #expect(start.contains("-c ssl=on"))
        #expect(start.contains("/var/lib/ksi/certs/postgres-server-key.pem"))
        // The owner and service passwords feed the init script and every URL.
        let other = try ComposeFile.load(variables: [
            "KSI_POSTGRES_SERVICE_PASSWORD": "s3rvice", "KSI_POSTGRES_OWNER_PASSWORD": "0wner",
        ])
        #expect(other.services["postgres"]?.env["KSI_POSTGRES_SERVICE_PASSWORD"] == "s3rvice")
        #expect(other.services["postgres"]?.env["KSI_POSTGRES_OWNER_PASSWORD"] == "0wner")
        #expect(
            Self.kSIServices.allSatisfy {
                other.services[$0]?.env["KSI_POSTGRES_URL"]?.contains("_service:s3rvice@postgres") == true
            }
        )
        #expect(
            Self.kSIServices.allSatisfy {
                other.services[$0]?.env["KSI_POSTGRES_MIGRATION_URL"]?.contains("_owner:0wner@postgres") == true
            }
        )
    }

    @Test(
        "trusted gateway and system identities are configuration: the development identities by default, replaced from .env"
    )
    func identitiesAreConfiguration() throws {
        let compose = try ComposeFile.load()
        // The org numbers the development certificates carry (`ksi certs`).
        let development = Dictionary(uniqueKeysWithValues: ServiceIdentities.all.map { ($0.name, $0.orgNumber) })
        for name in Self.kSIServices + ["gateway"] {
            let env = try #require(compose.services[name]).env
            #expect(
                env["KSI_SYSTEM_IDENTITIES"]?.split(separator: ",").map(String.init).sorted()
                    == development.values.sorted(),
                "\(name)"
            )
        }
        for name in Self.kSIServices {
            #expect(compose.services[name]?.env["KSI_TRUSTED_GATEWAYS"] == development["gateway-client"], "\(name)")
        }
        #expect(compose.services["gateway"]?.env["KSI_TRUSTED_GATEWAYS"] == nil)
        let other = try ComposeFile.load(variables: [
            "KSI_TRUSTED_GATEWAYS": "974760673", "KSI_SYSTEM_IDENTITIES": "974760673,971032081",
        ])
        #expect(Self.kSIServices.allSatisfy { other.services[$0]?.env["KSI_TRUSTED_GATEWAYS"] == "974760673" })
        #expect(
            (Self.kSIServices + ["gateway"]).allSatisfy {
                other.services[$0]?.env["KSI_SYSTEM_IDENTITIES"] == "974760673,971032081"
            }
        )
    }

    @Test(
        "every peer address names a compose service and the port it listens on: the relays' producers, the registry followers' AllocationService, allocation's NeedsService (ALLOC-R4) and the gateway's four upstreams"
    )
    func peerAddressesPointAtListeningPorts() throws {
        let compose = try ComposeFile.load()
        let expected: [String: [String: String]] = [
            "needs": ["KSI_ALLOCATION_ADDRESS": "allocation"],
            "partnerships": ["KSI_ALLOCATION_ADDRESS": "allocation"],
            "allocation": ["KSI_PARTNERSHIPS_ADDRESS": "partnerships", "KSI_NEEDS_ADDRESS": "needs"],
            "referral": ["KSI_ALLOCATION_ADDRESS": "allocation"],
            "gateway": [
                "KSI_NEEDS_ADDRESS": "needs", "KSI_PARTNERSHIPS_ADDRESS": "partnerships",
                "KSI_ALLOCATION_ADDRESS": "allocation", "KSI_REFERRAL_ADDRESS": "referral",
            ],
        ]
        for (name, peers) in expected {
            let env = try #require(compose.services[name]).env
            #expect(Set(env.keys.filter { $0.hasSuffix("_ADDRESS") }) == Set(peers.keys), "\(name)")
            for (variable, peer) in peers {
                let address = try #require(
                    compose.serviceAddress(env[variable] ?? ""),
                    "\(name).\(variable) = \(env[variable] ?? "")"
                )
                #expect(address.service == peer, "\(name).\(variable)")
                #expect(compose.services[peer]?.env["KSI_LISTEN_PORT"] == String(address.port), "\(name).\(variable)")
            }
        }
    }

    @Test(
        "start order: services wait for the certificates and a healthy PostgreSQL; the gateway for four healthy services"
    )
    func dependenciesStartThingsInOrder() throws {
        let compose = try ComposeFile.load()
        #expect(compose.services["postgres"]?.dependsOn?["certs"]?.condition == "service_completed_successfully")
        for name in Self.kSIServices {
            let depends = try #require(compose.services[name]?.dependsOn, "\(name)")
            #expect(depends["certs"]?.condition == "service_completed_successfully", "\(name)")
            #expect(depends["postgres"]?.condition == "service_healthy", "\(name)")
        }
        #expect(compose.services["referral"]?.dependsOn?["referral-key"]?.condition == "service_completed_successfully")
        let gateway = try #require(compose.services["gateway"]?.dependsOn)
        #expect(Self.kSIServices.allSatisfy { gateway[$0]?.condition == "service_healthy" })
        let order = try compose.startOrder()
        #expect(order.last == "gateway")
        #expect(order.firstIndex(of: "certs")! < order.firstIndex(of: "needs")!)
        #expect(order.firstIndex(of: "referral-key")! < order.firstIndex(of: "referral")!)
    }

    @Test(
        "state lives in named volumes: the CA (only in `certs`), one certificate bundle per process (read-only, only in that process), the referral key ring, PostgreSQL's data"
    )
    func stateLivesInNamedVolumes() throws {
        let compose = try ComposeFile.load()
        let bundles = Self.kSIServices + ["gateway", "postgres"]
        #expect(
            Set((compose.volumes ?? [:]).keys)
                == Set(["pki", "certs-demo", "referral-keys", "pgdata"] + bundles.map { "certs-\($0)" })
        )
        for (name, service) in compose.services {
            for mount in service.namedMounts {
                #expect(
                    compose.volumes?.keys.contains(mount.volume) == true,
                    "\(name) mounts undeclared \(mount.volume)"
                )
            }
        }
        // The one-shot writes the CA into `pki` and each bundle into its volume, one `--bundle` per mount.
        let certs = try #require(compose.services["certs"])
        #expect(certs.env["KSI_CERT_DIR"] == "/var/lib/ksi/pki")
        let bundleMounts = certs.namedMounts.filter { $0.volume.hasPrefix("certs-") }
        #expect(Set(bundleMounts.map(\.volume)) == Set((bundles + ["demo"]).map { "certs-\($0)" }))
        let command = certs.command ?? []
        let bundleArguments = zip(command, command.dropFirst()).filter { $0.0 == "--bundle" }.map(\.1)
        #expect(Set(bundleArguments) == Set(bundleMounts.map(\.target)))
        // The image creates every folder the one-shot writes into, owned by its user, so Docker gives a
        // new volume that owner.
        let image = try Dockerfile.text
        for mount in certs.namedMounts {
            #expect(
                image.contains(mount.target + " ") || image.contains(mount.target + "\n"),
                "the Dockerfile does not create \(mount.target)"
            )
        }
        for mount in bundleMounts {
            #expect(
                mount.volume == URL(fileURLWithPath: mount.target).lastPathComponent,
                "\(mount.volume) at \(mount.target)"
            )
        }
        // No other container mounts the CA volume, the demo identities or another process's bundle.
        for (name, service) in compose.services where name != "certs" {
            let mounted = service.namedMounts.map(\.volume).filter { $0 == "pki" || $0.hasPrefix("certs-") }
            #expect(mounted == (bundles.contains(name) ? ["certs-\(name)"] : []), "\(name) mounts \(mounted)")
        }
        for name in bundles {
            #expect(compose.services[name]?.volumes?.contains("certs-\(name):/var/lib/ksi/certs:ro") == true, "\(name)")
        }
        for name in Self.kSIServices + ["gateway"] {
            #expect(compose.services[name]?.env["KSI_CERT_DIR"] == "/var/lib/ksi/certs", "\(name)")
        }
        #expect(compose.services["referral"]?.volumes?.contains("referral-keys:/var/lib/ksi/keys:ro") == true)
        #expect(
            compose.services["referral"]?.env["KSI_REFERRAL_KEY_FILE"]
                == compose.services["referral-key"]?.env["KSI_REFERRAL_KEY_FILE"]
        )
        #expect(compose.services["postgres"]?.volumes?.contains("pgdata:/var/lib/postgresql/data") == true)
    }
}
