import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock timing helpers for the benchmarks.
enum Measure {
    /// Runs `body` once and returns its result and its duration in milliseconds.
    static func time<R>(_ body: () async throws -> R) async rethrows -> (R, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await body()
        return (result, milliseconds(clock.now - start))
    }

    /// The median of `runs` timed runs of `body` (ms), after `warmUp` untimed runs.
    static func median(runs: Int, warmUp: Int = 1, _ body: () async throws -> Void) async rethrows -> Double {
        for _ in 0..<warmUp { try await body() }
        var samples: [Double] = []
        for _ in 0..<runs { samples.append(try await time(body).1) }
        samples.sort()
        return samples[samples.count / 2]
    }

    /// The median of `body` over `runs`, with `before` run untimed before each run (and each warm-up).
    static func median(
        runs: Int,
        warmUp: Int = 1,
        before: () async throws -> Void,
        _ body: () async throws -> Void
    ) async throws -> Double {
        for _ in 0..<warmUp {
            try await before()
            try await body()
        }
        var samples: [Double] = []
        for _ in 0..<runs {
            try await before()
            samples.append(try await time(body).1)
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }

    /// The process's peak resident set size so far (getrusage ru_maxrss; KiB on Linux), in MiB.
    static func peakMemoryMiB() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_maxrss) / 1024
    }
}

/// A Markdown table, printed at the end of a run.
struct MarkdownTable {
    let header: [String]
    var rows: [[String]] = []

    init(_ header: String...) { self.header = header }

    mutating func add(_ cells: String...) { rows.append(cells) }

    var text: String {
        let lines = [header, header.map { _ in "---" }] + rows
        return lines.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
    }
}

extension Double {
    /// Fixed decimals, for tables.
    func format(_ decimals: Int = 1) -> String { String(format: "%.\(decimals)f", self) }
}
