// swift-tools-version:6.1
import PackageDescription

// The wire bridge under libFuzzer, in a package of its own so that `make test`'s main build is untouched.
// Build folder: `../.build-fuzz`, built with `--sanitize fuzzer --sanitize address` (see the root Makefile
// and docs/fuzzing.md). To keep a fresh build short, `KSICore` here is only the wire bridge and the
// generated model: Sources/KSICore holds symlinks to ../Sources/KSICore/{Wire,Model/Generated} and the two
// model files they use, so the fuzzed code is the product's code, without PostgresNIO, NIOSSL or SQLKit.
let package = Package(
    name: "ksi-fuzz",
    platforms: [.macOS(.v15)],
    targets: [
        .systemLibrary(name: "CProtobufC", pkgConfig: "libprotobuf-c", providers: [.apt(["libprotobuf-c-dev"])]),
        .target(name: "KSIWire", dependencies: ["CProtobufC"], path: "Sources/KSIWire"),
        .target(name: "KSICore", dependencies: ["KSIWire", "CProtobufC"], path: "Sources/KSICore"),
        // The libFuzzer entry point (no main: libFuzzer's own runs it).
        .executableTarget(
            name: "WireFuzz",
            dependencies: ["KSICore"],
            path: "Sources/WireFuzz",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
