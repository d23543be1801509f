import Foundation

extension EmbeddedMilvus {
    /// After a failed run: everything Milvus wrote (its unpacked binaries, etcd, segments; about
    /// half a gigabyte) goes, only its logs stay, for the error message to point at.
    package static func removeDataKeepingLogs(in runDirectory: String) {
        let fileManager = FileManager.default
        for entry in (try? fileManager.contentsOfDirectory(atPath: runDirectory)) ?? [] where entry != "logs" {
            try? fileManager.removeItem(atPath: "\(runDirectory)/\(entry)")
        }
    }

    /// The last `lines` lines of each of Milvus's logs, each under its file name.
    package func logTail(lines: Int = 200) -> String {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: logDirectory)) ?? []).sorted()
        return files.compactMap { name -> String? in
            guard let text = try? String(contentsOfFile: "\(logDirectory)/\(name)", encoding: .utf8), !text.isEmpty
            else { return nil }
            let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(
                separator: "\n")
            return "==> \(name) (last \(lines) lines) <==\n\(tail)\n"
        }.joined(separator: "\n")
    }
}

/// Run directories of the embedded Milvus that an earlier traceload left behind (it was killed,
/// or the machine went down): each carries a mark naming the traceload process that owned it,
/// and once that process is gone the directory is nobody's.
package enum Leftovers {
    static let markName = ".traceload-owner"

    /// Marks `directory` as this process's.
    static func mark(_ directory: String) throws {
        try "\(getpid())\n".write(toFile: "\(directory)/\(markName)", atomically: true, encoding: .utf8)
    }

    /// Removes the marked directories under `parent` (one level down, and one more for a
    /// comparison's servers) whose owner no longer runs; returns what it removed.
    @discardableResult
    package static func remove(under parent: String = NSTemporaryDirectory()) -> [String] {
        let fileManager = FileManager.default
        var removed: [String] = []
        for entry in (try? fileManager.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix("traceload-") {
            let directory = URL(fileURLWithPath: parent).appendingPathComponent(entry).path
            let marked =
                [directory] + ((try? fileManager.contentsOfDirectory(atPath: directory)) ?? []).map { "\(directory)/\($0)" }
            let owners = marked.compactMap { path -> Int32? in
                guard let text = try? String(contentsOfFile: "\(path)/\(markName)", encoding: .utf8) else { return nil }
                return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            guard !owners.isEmpty, owners.allSatisfy({ !isTraceload($0) }) else { continue }
            if (try? fileManager.removeItem(atPath: directory)) != nil { removed.append(directory) }
        }
        return removed
    }

    /// Milvus 2.3.5 writes `server_id_<pid>` into a fixed runtime directory (`/run/milvus`, else
    /// `/tmp/milvus`) and never removes it; every run would leave one behind.
    static let serverIDDirectories = ["/run/milvus", "/tmp/milvus"]

    static func removeServerID(of pid: Int32) {
        guard pid > 0 else { return }
        for directory in serverIDDirectories {
            try? FileManager.default.removeItem(atPath: "\(directory)/server_id_\(pid)")
            removeIfEmpty(directory)
        }
    }

    /// Server id files of Milvus processes that no longer run: nobody reads them again.
    @discardableResult
    public static func removeStaleServerIDs() -> Int {
        var removed = 0
        for directory in serverIDDirectories {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            where name.hasPrefix("server_id_") {
                guard let pid = Int32(name.dropFirst("server_id_".count)), kill(pid, 0) != 0 && errno == ESRCH else {
                    continue
                }
                if (try? FileManager.default.removeItem(atPath: "\(directory)/\(name)")) != nil { removed += 1 }
            }
            removeIfEmpty(directory)
        }
        return removed
    }

    static func removeIfEmpty(_ directory: String) {
        if (try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == true {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Whether `pid` is a running traceload (a reused pid of another program does not count).
    static func isTraceload(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8) else { return true }
        return command.contains("traceload")
    }
}
