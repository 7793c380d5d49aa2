import CodecFixtures

// A plain loop over one codec path, for profilers (package-benchmark's own loop would dominate a
// callgrind profile). Usage:
//   CodecProfile agreement
//   CodecProfile <needs|recommendation|milestone> <encode|decode> <bridge|protobuf-c|swift-protobuf> [iterations]
// Example: valgrind --tool=callgrind .build-bench/release/CodecProfile recommendation decode bridge 200

@inline(never) func consume<T>(_ value: T) { withExtendedLifetime(value) {} }

func run<Value, ProtobufValue>(
    _ codec: CodecCase<Value, ProtobufValue>,
    _ op: String,
    _ path: String,
    _ iterations: Int
) {
    let body: () -> Void
    switch (op, path) {
    case ("encode", "bridge"): body = { consume(codec.encodeBridge()) }
    case ("encode", "protobuf-c"): body = { consume(codec.encodeFloor()) }
    case ("encode", "swift-protobuf"): body = { consume(codec.encodeSwiftProtobuf()) }
    case ("decode", "bridge"): body = { consume(codec.decodeBridge()) }
    case ("decode", "protobuf-c"): body = { consume(codec.decodeFloor()) }
    case ("decode", "swift-protobuf"): body = { consume(codec.decodeSwiftProtobuf()) }
    default: fatalError("unknown operation \(op) \(path)")
    }
    for _ in 0..<iterations { body() }
}

let arguments = CommandLine.arguments.dropFirst()
let cases = CodecCases()
if arguments.first == "agreement" || arguments.isEmpty {
    cases.agreement.forEach { print($0) }
} else {
    let values = Array(arguments)
    precondition(values.count >= 3, "usage: CodecProfile <message> <encode|decode> <path> [iterations]")
    let iterations = values.count > 3 ? Int(values[3])! : 1_000
    switch values[0] {
    case "needs": run(cases.needsReport, values[1], values[2], iterations)
    case "recommendation": run(cases.recommendation, values[1], values[2], iterations)
    case "milestone": run(cases.referralMilestone, values[1], values[2], iterations)
    default: fatalError("unknown message \(values[0])")
    }
}
