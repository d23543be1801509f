import Foundation
import NIOCore
import SwiftProtobuf

/// A protobuf message in gRPC's length-prefixed framing (one flag byte, a 4-byte big-endian
/// length, the message), serialized straight into a ByteBuffer: no intermediate array, and the
/// buffer goes to the socket as it is.
///
/// SwiftProtobuf serializes into any `SwiftProtobufContiguousBytes` by creating it at the
/// message's size and filling `withUnsafeMutableBytes`; this type reserves the 5-byte prefix in
/// front of that region.
package struct GRPCFramedMessage: SwiftProtobufContiguousBytes {
    static let prefixLength = 5
    package var buffer: ByteBuffer

    package init(repeating: UInt8, count: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: Self.prefixLength + count)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(count))
        buffer.writeRepeatingByte(repeating, count: count)
    }

    package init<S: Sequence>(_ sequence: S) where S.Element == UInt8 {
        let bytes = Array(sequence)
        self.init(repeating: 0, count: bytes.count)
        buffer.setBytes(bytes, at: Self.prefixLength)
    }

    package var count: Int { buffer.readableBytes - Self.prefixLength }

    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeReadableBytes {
            try body(UnsafeRawBufferPointer(rebasing: $0.dropFirst(Self.prefixLength)))
        }
    }

    package mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeMutableReadableBytes {
            try body(UnsafeMutableRawBufferPointer(rebasing: $0.dropFirst(Self.prefixLength)))
        }
    }
}

/// `message` serialized in gRPC's length-prefixed framing.
package func grpcFramed(_ message: some SwiftProtobuf.Message) throws -> ByteBuffer {
    let framed: GRPCFramedMessage = try message.serializedBytes()
    return framed.buffer
}
