import NIOCore

/// Runs tasks on one event loop. A worker whose task prefers its connection's loop issues a
/// call and resumes with the answer on the thread that does the connection's I/O: no thread
/// hop and no wake-up of another thread per request, which at low concurrency is most of what a
/// request costs the client.
package final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    package init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
