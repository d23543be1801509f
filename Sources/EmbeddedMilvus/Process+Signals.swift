import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Process {
    /// `run()` with no signal blocked in the child. A blocked mask survives fork and exec, and
    /// traceload starts its children from Swift's worker threads, which block nearly every
    /// signal: a child so started never hears SIGTERM or SIGINT (the embedded Milvus's launcher
    /// ignored every stop until traceload's 20 s deadline sent SIGKILL). The child takes the
    /// calling thread's mask, so the mask is cleared for the moment of the spawn.
    package func runWithSignalsUnblocked() throws {
        var none = sigset_t()
        sigemptyset(&none)
        var previous = sigset_t()
        pthread_sigmask(SIG_SETMASK, &none, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try run()
    }
}
