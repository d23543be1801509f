import ServerMetrics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a run has used so far, read at a phase boundary: this process's CPU, the server's CPU and
/// memory (from its metrics), and the spans the receiver took in. Two of them bound a phase.
public struct ResourceSnapshot: Sendable {
    public var clientCPUSeconds: Double
    public var server: ServerProcessMetrics?
    public var spans: SpanCounts?

    public init(clientCPUSeconds: Double, server: ServerProcessMetrics?, spans: SpanCounts?) {
        self.clientCPUSeconds = clientCPUSeconds
        self.server = server
        self.spans = spans
    }
}

/// Spans a receiver took in, and dropped, since it started.
public struct SpanCounts: Sendable, Equatable {
    public var received: Int
    public var dropped: Int

    public init(received: Int, dropped: Int) {
        self.received = received
        self.dropped = dropped
    }
}

/// User + system CPU of this process so far (all threads).
public func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
