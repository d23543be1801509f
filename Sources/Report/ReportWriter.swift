import Foundation

/// Writes report files atomically: each goes to a temporary file in the same directory and is
/// renamed into place, so a reader (or a crash) never sees half a file.
package struct ReportWriter: Sendable {
    package let directory: String

    package init(directory: String) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportError.io("cannot create the report directory \(directory): \(error.localizedDescription)")
        }
    }

    package func write(_ name: String, _ text: String) throws {
        try write(name, Data(text.utf8))
    }

    package func write(_ name: String, _ data: Data) throws {
        let target = URL(fileURLWithPath: directory).appendingPathComponent(name)
        let temporary = URL(fileURLWithPath: directory).appendingPathComponent(".\(name).tmp-\(getpid())")
        do {
            try data.write(to: temporary)
            // rename(2) replaces the target atomically within one file system.
            guard rename(temporary.path, target.path) == 0 else {
                throw ReportError.io(String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportError.io("cannot write \(target.path): \(error.localizedDescription)")
        }
    }

    package func path(_ name: String) -> String { URL(fileURLWithPath: directory).appendingPathComponent(name).path }
}
