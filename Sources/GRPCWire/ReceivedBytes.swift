import NIOCore
import SwiftProtobuf

/// A received message's bytes, for `Message(serializedBytes:)` without copying them out.
package struct ReceivedBytes: SwiftProtobufContiguousBytes {
    package var buffer: ByteBuffer

    package init(_ buffer: ByteBuffer) { self.buffer = buffer }
    package init(repeating: UInt8, count: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: count)
        buffer.writeRepeatingByte(repeating, count: count)
    }
    package init<S: Sequence>(_ sequence: S) where S.Element == UInt8 {
        buffer = ByteBufferAllocator().buffer(capacity: 0)
        buffer.writeBytes(Array(sequence))
    }
    package var count: Int { buffer.readableBytes }
    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeReadableBytes(body)
    }
    package mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeMutableReadableBytes(body)
    }
}
