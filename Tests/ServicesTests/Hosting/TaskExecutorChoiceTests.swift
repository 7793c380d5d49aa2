import Services
import Testing

/// `KSI_TASK_EXECUTOR` (issue 17 item 2): unset or empty is Swift's pool, the two names are the two choices,
/// anything else is refused with the variable's name and the values it takes. Installing the event-loop
/// executor is process-wide, so it is exercised by the processes `ComposeStackTests` starts, not here.
@Suite("The task executor setting")
struct TaskExecutorChoiceTests {
    @Test("unset or empty means Swift's cooperative pool")
    func defaultIsCooperative() throws {
        #expect(try TaskExecutorChoice(setting: nil, field: "KSI_TASK_EXECUTOR") == .cooperative)
        #expect(try TaskExecutorChoice(setting: "", field: "KSI_TASK_EXECUTOR") == .cooperative)
    }

    @Test("each choice is read by its name")
    func namesAreRead() throws {
        #expect(try TaskExecutorChoice(setting: "cooperative", field: "KSI_TASK_EXECUTOR") == .cooperative)
        #expect(try TaskExecutorChoice(setting: "event-loops", field: "KSI_TASK_EXECUTOR") == .eventLoops)
    }

    @Test(
        "any other value is refused with the variable and the values it takes",
        arguments: ["eventloops", "EVENT-LOOPS", " cooperative", "event-loops ", "global", "1", "\u{0}"]
    )
    func otherValuesAreRefused(value: String) throws {
        let error = #expect(throws: TaskExecutorChoiceError.self) {
            try TaskExecutorChoice(setting: value, field: "KSI_TASK_EXECUTOR")
        }
        #expect(error?.description.hasPrefix("KSI_TASK_EXECUTOR: ") == true)
        #expect(error?.description.hasSuffix("expected one of cooperative, event-loops") == true)
    }
}
