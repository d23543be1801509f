import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// This machine's CPU and traceload's own, as counters a timeline reads as rates beside Milvus's
/// (`machine_cpu_cores`, `client_cpu_cores`): whether the load generator shared the machine with
/// Milvus, and how much of it it took.
package enum HostCPU {
    package static let machineSeries = SeriesKey(name: "traceload_machine_cpu_seconds_total", labels: [:])
    package static let clientSeries = SeriesKey(name: "traceload_process_cpu_seconds_total", labels: [:])

    /// Busy seconds of every core since boot (`/proc/stat`: all but idle and iowait), nil off Linux.
    static func machineSeconds() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") })
        else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 5 else { return nil }
        let busy = fields.enumerated().filter { $0.offset != 3 && $0.offset != 4 && $0.offset < 8 }.map(\.element)
        return busy.reduce(0, +) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// This process's user + system seconds, all threads.
    package static func processSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// `snapshot` with the host's counters as of now.
    static func adding(to snapshot: MetricsSnapshot) -> MetricsSnapshot {
        var out = snapshot
        if let machine = machineSeconds() { out.values[machineSeries] = machine }
        out.values[clientSeries] = processSeconds()
        return out
    }
}
