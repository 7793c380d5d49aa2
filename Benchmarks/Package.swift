// swift-tools-version:6.1
import PackageDescription

// The KSI benchmarks, in a package of their own so that `make test` never builds them (`make bench` does).
// Build folder: `../.build-bench` (see the root Makefile). Results and how to read them: ../BENCHMARKS.md.
let package = Package(
    name: "ksi-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ksi", path: ".."),
        // The malloc interposer gives the malloc counters; the default RuntimeInterposer trait is left off.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // Code generated once by scripts/generate-bench-protos (protoc + protoc-gen-swift 1.39.0), committed.
        .target(
            name: "SwiftProtobufModels",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Sources/SwiftProtobufModels"
        ),
        // The three representative messages, in KSI, protobuf-c and swift-protobuf form, checked to agree.
        .target(
            name: "CodecFixtures",
            dependencies: [
                "SwiftProtobufModels",
                .product(name: "KSICore", package: "ksi"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/CodecFixtures"
        ),
        // A plain loop over one codec path, for `valgrind --tool=callgrind` (see BENCHMARKS.md).
        .executableTarget(
            name: "CodecProfile",
            dependencies: ["CodecFixtures"],
            path: "Sources/CodecProfile"
        ),
        .executableTarget(
            name: "Codec",
            dependencies: [
                "CodecFixtures",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Codec",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
