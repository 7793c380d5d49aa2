import KSICore
import KSIDemoData

/// The seeded generator for property tests: the same SplitMix64 the demo data uses.
public typealias SplitMix64 = DemoRandom
