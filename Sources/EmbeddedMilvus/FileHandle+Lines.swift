import Foundation

extension FileHandle {
    /// Reads lines on a thread of its own until the other end closes, calling `body` with each
    /// line (without its newline), then `ended`. For the pipes of child processes, whose lines
    /// come whenever the child writes them.
    package func readLines(_ body: @escaping @Sendable (String) -> Void, ended: @escaping @Sendable () -> Void = {}) {
        Thread.detachNewThread { [self] in
            var buffer = Data()
            while true {
                let chunk = availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    body(String(decoding: buffer[..<newline], as: UTF8.self))
                    buffer.removeSubrange(...newline)
                }
            }
            ended()
        }
    }
}
