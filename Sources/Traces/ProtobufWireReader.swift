/// Reads the fields of one protobuf message in place, without materialising it: the receiver's
/// decoder walks an export request with it and skips what traceload does not keep (attributes,
/// events, links, status) in O(1) a field.
///
/// It checks what SwiftProtobuf checks of the fields it walks: wire types 0 to 5 only, field
/// numbers from 1, varints of at most 10 bytes, lengths and fixed-width values within the
/// message, groups closed by their own end. The bodies of skipped length-delimited fields are
/// not looked into.
struct ProtobufWireReader {
    enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case startGroup = 3
        case endGroup = 4
        case fixed32 = 5
    }

    enum Failure: Error, Equatable {
        case truncated
        case malformed
        case invalidUTF8
    }

    /// How deep skipped groups may nest (SwiftProtobuf's default message depth).
    static let maxGroupDepth = 100

    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// The next field's number and wire type; nil at the end of the message.
    mutating func nextField() throws(Failure) -> (number: Int, wireType: WireType)? {
        guard position < bytes.count else { return nil }
        let start = position
        let key = try varint()
        // A tag is at most 5 bytes (SwiftProtobuf rejects longer ones, however they decode).
        guard position - start <= 5, key < UInt64(UInt32.max), let wireType = WireType(rawValue: UInt8(key & 7)),
            key >> 3 != 0
        else { throw .malformed }
        // An end-group tag outside the group it closes.
        if wireType == .endGroup { throw .malformed }
        return (Int(key >> 3), wireType)
    }

    mutating func varint() throws(Failure) -> UInt64 {
        guard position < bytes.count else { throw .truncated }
        var byte = bytes[position]
        position &+= 1
        if byte < 0x80 { return UInt64(byte) }
        var value = UInt64(byte & 0x7F)
        var shift: UInt64 = 7
        while true {
            guard position < bytes.count, shift <= 63 else { throw .malformed }
            byte = bytes[position]
            position &+= 1
            value |= UInt64(byte & 0x7F) &<< shift
            if byte < 0x80 { return value }
            shift &+= 7
        }
    }

    mutating func fixed64() throws(Failure) -> UInt64 {
        guard bytes.count - position >= 8 else { throw .truncated }
        let value = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position &+= 8
        return UInt64(littleEndian: value)
    }

    /// A length-delimited field's body, in place.
    mutating func lengthDelimited() throws(Failure) -> UnsafeRawBufferPointer {
        let length = try varint()
        guard length < 0x7FFF_FFFF else { throw .malformed }
        guard length <= UInt64(bytes.count - position) else { throw .truncated }
        let body = UnsafeRawBufferPointer(rebasing: bytes[position..<position + Int(length)])
        position &+= Int(length)
        return body
    }

    /// Skips the value of a field whose tag was just read.
    mutating func skip(_ wireType: WireType, number: Int, depth: Int = 0) throws(Failure) {
        switch wireType {
        case .varint:
            _ = try varint()
        case .fixed64:
            guard bytes.count - position >= 8 else { throw .truncated }
            position &+= 8
        case .fixed32:
            guard bytes.count - position >= 4 else { throw .truncated }
            position &+= 4
        case .lengthDelimited:
            _ = try lengthDelimited()
        case .startGroup:
            guard depth < Self.maxGroupDepth else { throw .malformed }
            while true {
                guard position < bytes.count else { throw .truncated }
                let key = try varint()
                guard key < UInt64(UInt32.max), let inner = WireType(rawValue: UInt8(key & 7)), key >> 3 != 0 else {
                    throw .malformed
                }
                if inner == .endGroup {
                    guard Int(key >> 3) == number else { throw .malformed }
                    return
                }
                try skip(inner, number: Int(key >> 3), depth: depth + 1)
            }
        case .endGroup:
            throw .malformed
        }
    }
}
