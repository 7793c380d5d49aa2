/// The allocation simulator (view V12, issue 16): allocation methods × split rules over draft lines; it stores
/// nothing. Vended by `AllocationContext.simulator`.
public struct SimulatorContext: Sendable, AllocationContextPart {
    let environment: AllocationEnvironment
}
