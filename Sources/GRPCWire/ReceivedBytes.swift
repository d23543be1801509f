import NIOCore
import SwiftProtobuf

/// A received message's bytes, for `Message(serializedBytes:)` without copying them out.
public struct ReceivedBytes: SwiftProtobufContiguousBytes {
    public var buffer: ByteBuffer

    public init(_ buffer: ByteBuffer) { self.buffer = buffer }
    public init(repeating: UInt8, count: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: count)
        buffer.writeRepeatingByte(repeating, count: count)
    }
    public init<S: Sequence>(_ sequence: S) where S.Element == UInt8 {
        buffer = ByteBufferAllocator().buffer(capacity: 0)
        buffer.writeBytes(Array(sequence))
    }
    public var count: Int { buffer.readableBytes }
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeReadableBytes(body)
    }
    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeMutableReadableBytes(body)
    }
}
