import NIOCore

/// A task executor (SE-0417) that runs a task's jobs on one NIO event loop (issue 17).
///
/// A PostgreSQL statement is written and its answer read on the connection's event loop. A task on Swift's
/// pool that awaits it is woken by that loop through the pool: two thread hand-offs per statement, and a
/// group-committed command runs about ten statements one after another on the batch's serial path. A task
/// that prefers its connection's loop (`withTaskExecutorPreference`) sends from that thread and is resumed
/// there when the answer is read, with no hand-off. The cost: while the task runs, the loop's other channels
/// wait, so only work that does not block its thread may prefer a loop (KSI's command and read bodies do
/// not; SQLite's writer is not involved).
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
