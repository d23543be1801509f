import Foundation
import NIOCore
import NIOHPACK
import SwiftProtobuf

/// A protobuf message in gRPC's length-prefixed framing (one flag byte, a 4-byte big-endian
/// length, the message), serialized straight into a ByteBuffer: no intermediate array, and the
/// buffer goes to the socket as it is.
///
/// SwiftProtobuf serializes into any `SwiftProtobufContiguousBytes` by creating it at the
/// message's size and filling `withUnsafeMutableBytes`; this type reserves the 5-byte prefix in
/// front of that region.
struct GRPCFramedMessage: SwiftProtobufContiguousBytes {
    static let prefixLength = 5
    var buffer: ByteBuffer

    init(repeating: UInt8, count: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: Self.prefixLength + count)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(count))
        buffer.writeRepeatingByte(repeating, count: count)
    }

    init<S: Sequence>(_ sequence: S) where S.Element == UInt8 {
        let bytes = Array(sequence)
        self.init(repeating: 0, count: bytes.count)
        buffer.setBytes(bytes, at: Self.prefixLength)
    }

    var count: Int { buffer.readableBytes - Self.prefixLength }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeReadableBytes { try body(UnsafeRawBufferPointer(rebasing: $0.dropFirst(Self.prefixLength))) }
    }

    mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeMutableReadableBytes { try body(UnsafeMutableRawBufferPointer(rebasing: $0.dropFirst(Self.prefixLength))) }
    }
}

/// A received message's bytes, for `Message(serializedBytes:)` without copying them out.
struct ReceivedBytes: SwiftProtobufContiguousBytes {
    var buffer: ByteBuffer

    init(_ buffer: ByteBuffer) { self.buffer = buffer }
    init(repeating: UInt8, count: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: count)
        buffer.writeRepeatingByte(repeating, count: count)
    }
    init<S: Sequence>(_ sequence: S) where S.Element == UInt8 {
        buffer = ByteBufferAllocator().buffer(capacity: 0)
        buffer.writeBytes(Array(sequence))
    }
    var count: Int { buffer.readableBytes }
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeReadableBytes(body)
    }
    mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeMutableReadableBytes(body)
    }
}

/// gRPC's status codes, named as grpc-swift names them (the error kinds reports count).
enum GRPCStatus {
    static let ok = 0
    static let deadlineExceeded = 4

    static func name(_ code: Int) -> String {
        switch code {
        case 1: "cancelled"
        case 2: "unknown"
        case 3: "invalidArgument"
        case 4: "deadlineExceeded"
        case 5: "notFound"
        case 6: "alreadyExists"
        case 7: "permissionDenied"
        case 8: "resourceExhausted"
        case 9: "failedPrecondition"
        case 10: "aborted"
        case 11: "outOfRange"
        case 12: "unimplemented"
        case 13: "internalError"
        case 14: "unavailable"
        case 15: "dataLoss"
        case 16: "unauthenticated"
        default: "unknown"
        }
    }

    /// The outcome of a call from its trailers (or trailers-only answer) and its body.
    static func result(trailers: HPACKHeaders, body: ByteBuffer?, timeoutSeconds: Double) -> Result<ByteBuffer, MilvusError> {
        guard let statusText = trailers.first(name: "grpc-status"), let status = Int(statusText) else {
            let httpStatus = trailers.first(name: ":status").map { " (HTTP \($0))" } ?? ""
            return .failure(.transport(code: "internalError", message: "answer without grpc-status\(httpStatus)"))
        }
        guard status == ok else {
            if status == deadlineExceeded { return .failure(.timeout(seconds: timeoutSeconds)) }
            let message = trailers.first(name: "grpc-message").map { $0.removingPercentEncoding ?? $0 } ?? ""
            return .failure(.transport(code: name(status), message: message))
        }
        guard var body, let compressed = body.readInteger(as: UInt8.self), let length = body.readInteger(as: UInt32.self),
              let message = body.readSlice(length: Int(length))
        else {
            return .failure(.transport(code: "internalError", message: "answer without a complete message"))
        }
        guard compressed == 0 else { return .failure(.transport(code: "internalError", message: "compressed answer (not asked for)")) }
        return .success(message)
    }
}

/// `message` serialized in gRPC's length-prefixed framing.
public func grpcFramed(_ message: some SwiftProtobuf.Message) throws -> ByteBuffer {
    let framed: GRPCFramedMessage = try message.serializedBytes()
    return framed.buffer
}
