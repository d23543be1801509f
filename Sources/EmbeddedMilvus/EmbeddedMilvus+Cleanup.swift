import Foundation

extension EmbeddedMilvus {
    /// After a failed run: everything Milvus wrote (its unpacked binaries, etcd, segments; about
    /// half a gigabyte) goes, only its logs stay, for the error message to point at.
    public static func removeDataKeepingLogs(in runDirectory: String) {
        let fileManager = FileManager.default
        for entry in (try? fileManager.contentsOfDirectory(atPath: runDirectory)) ?? [] where entry != "logs" {
            try? fileManager.removeItem(atPath: "\(runDirectory)/\(entry)")
        }
    }

    /// The last `lines` lines of each of Milvus's logs, each under its file name.
    public func logTail(lines: Int = 200) -> String {
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
