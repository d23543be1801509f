#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read front to back in chunks, for readers that take it a line at a time: memory holds
/// one chunk (or the longest line, if longer), never the whole file.
enum FileChunks {
    /// What a reader asks for per read: large enough that the system calls cost nothing, small
    /// enough not to matter beside the spans.
    static let defaultSize = 4 << 20

    /// Hands `consume` the bytes not consumed yet plus the next chunk, until the end of the file
    /// (`isLast`) or until `consume` answers nil. `consume` answers how many bytes it used (the
    /// complete lines); the rest is handed again, with more after it. The bytes are valid only
    /// during the call.
    static func stream(
        _ path: String, chunkSize: Int = defaultSize,
        _ consume: (_ bytes: UnsafeRawBufferPointer, _ isLast: Bool) throws -> Int?
    ) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw TraceSourceError.unreadable("cannot read \(path)") }
        defer { close(descriptor) }
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkSize, 1), alignment: 16)
        defer { buffer.deallocate() }
        var used = 0
        while true {
            if used == buffer.count {
                // A line longer than the buffer: keep it whole.
                let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
                larger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = larger
            }
            let count = read(descriptor, buffer.baseAddress! + used, buffer.count - used)
            if count < 0 {
                if errno == EINTR { continue }
                throw TraceSourceError.unreadable("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            used += count
            let isLast = count == 0
            guard let consumed = try consume(UnsafeRawBufferPointer(rebasing: buffer[0..<used]), isLast), !isLast
            else { return }
            if consumed > 0 {
                memmove(buffer.baseAddress!, buffer.baseAddress! + consumed, used - consumed)
                used -= consumed
            }
        }
    }
}
