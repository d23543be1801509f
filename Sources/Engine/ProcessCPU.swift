import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time (user + system seconds) and memory of another process by pid (this process's own
/// CPU: `HostCPU.processSeconds`).
enum ProcessCPU {
    /// Another process (Linux `/proc/PID/stat`: utime and stime, fields 14 and 15, in clock
    /// ticks); nil when it cannot be read.
    static func of(pid: Int32) -> Double? {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces), starting at field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resident memory of a process in bytes (`/proc/PID/statm`), nil when it cannot be read.
    static func resident(pid: Int32) -> Double? {
        guard pid > 0, let statm = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else {
            return nil
        }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return nil }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }
}
