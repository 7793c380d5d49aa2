import KSICore

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry point: decodes the input as one request message of a service group through the
/// real bridge (`WireCodec.decode`), and when it decodes, re-encodes it and decodes again: the round
/// trip must give the same value. Any trap, sanitizer report, leak or out-of-memory is a finding.
///
/// The group comes from `KSI_FUZZ_GROUP` (allocation, needs, partnerships, referral, gateway, health;
/// see FuzzedRequests.swift); the first input byte selects the message type within it (modulo the
/// group's size), the rest are the message bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let types = FuzzGroup.selected.types
    let type = types[Int(data[0]) % types.count]
    roundTrip(type, UnsafeRawBufferPointer(start: data + 1, count: size - 1))
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>?,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    let group = FuzzGroup.selected
    print("WireFuzz: group \(group.name), \(group.types.count) request types")
    return 0
}

func roundTrip<M: WireMessage>(_ type: M.Type, _ bytes: UnsafeRawBufferPointer) {
    let decoded: M
    do {
        decoded = try WireCodec.decode(M.self, from: bytes)
    } catch {
        return  // refused input: the bridge's job, as long as it did not trap
    }
    let encoded: [UInt8]
    do {
        encoded = try WireCodec.encode(decoded)
    } catch {
        fatalError("\(M.wireName): a decoded value does not encode: \(error)")
    }
    do {
        let again = try WireCodec.decode(M.self, from: encoded)
        if again != decoded { fatalError("\(M.wireName): the round trip changed the value") }
    } catch {
        fatalError("\(M.wireName): a re-encoded value does not decode: \(error)")
    }
}

/// The request types fuzzed in one run.
struct FuzzGroup: Sendable {
    let name: String
    let types: [any WireMessage.Type]

    static let selected: FuzzGroup = {
        let names = FuzzedRequests.groups.map(\.name)
        guard let value = getenv("KSI_FUZZ_GROUP") else { fatalError("set KSI_FUZZ_GROUP to one of \(names)") }
        let name = String(cString: value)
        guard let types = FuzzedRequests.groups.first(where: { $0.name == name })?.types else {
            fatalError("KSI_FUZZ_GROUP=\(name): not one of \(names)")
        }
        return FuzzGroup(name: name, types: types)
    }()
}
