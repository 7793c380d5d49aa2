import Benchmark
import CodecFixtures

// Codec benchmarks (issue 6, item 1): encode and decode of three representative messages through the
// KSI protobuf-c bridge, raw protobuf-c on an already-filled C struct (the floor), and swift-protobuf.
// Run with `make bench-codec`; results and targets are in BENCHMARKS.md.
let benchmarks: @Sendable () -> Void = {
    // Building the cases checks that the three paths agree on the content (preconditions).
    let cases = CodecCases()

    // .kilo: each measured iteration runs the body 1 000 times, and the results are per operation.
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )

    registerCodecBenchmarks(cases.needsReport)
    registerCodecBenchmarks(cases.recommendation)
    registerCodecBenchmarks(cases.referralMilestone)
}

/// Six benchmarks per message: encode and decode through each of the three paths.
func registerCodecBenchmarks<Value, ProtobufValue>(_ codec: CodecCase<Value, ProtobufValue>) {
    Benchmark("\(codec.name) encode bridge") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(codec.encodeBridge()) }
    }
    Benchmark("\(codec.name) encode protobuf-c") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(codec.encodeFloor()) }
    }
    Benchmark("\(codec.name) encode swift-protobuf") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(codec.encodeSwiftProtobuf()) }
    }
    Benchmark("\(codec.name) decode bridge") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(codec.decodeBridge()) }
    }
    Benchmark("\(codec.name) decode protobuf-c") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(codec.decodeFloor()) }
    }
    Benchmark("\(codec.name) decode swift-protobuf") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(codec.decodeSwiftProtobuf()) }
    }
}
