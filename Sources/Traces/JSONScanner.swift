import Foundation

/// A pull scanner over one JSON text in raw UTF-8 bytes: the caller walks the structure it expects
/// (objects, keys, strings, numbers) and skips everything else, so a reader materialises only the
/// fields it needs. Foundation's `JSONSerialization` builds a tree of `[String: Any]` per document,
/// which made reading a trace file most of `analyze --traces`.
///
/// Strings come back as ranges of the input (`RawString`), still escaped, and become `String`s
/// only when asked. Every byte that is passed over is still checked, so malformed JSON (bad
/// escapes, invalid UTF-8, trailing commas, unterminated values) is an error naming what and at
/// which byte. Skipping keeps its nesting in a bit stack, not in recursion, so depth costs no stack.
///
/// The bytes must outlive the scanner (it holds a pointer, not a copy).
struct JSONScanner {
    struct SyntaxError: Error, CustomStringConvertible {
        var reason: String
        /// Byte offset from the start of the scanned text.
        var offset: Int
        /// The text ended before the value did: what a truncated file or the first line of a
        /// pretty-printed document gives.
        var atEnd: Bool

        var description: String { "malformed JSON at byte \(offset): \(reason)" }
    }

    /// A string's bytes between its quotes, escapes not yet decoded.
    struct RawString {
        var start: Int
        var count: Int
        var hasEscapes: Bool
    }

    /// A number's text, checked against JSON's grammar.
    struct RawNumber {
        var start: Int
        var count: Int
        /// Digits only: no sign, fraction or exponent.
        var isUnsignedInteger: Bool
    }

    enum ValueKind {
        case object, array, string, number, bool, null
    }

    /// As deep as Foundation's parser goes; deeper input is refused rather than walked.
    static let maxDepth = 512

    let bytes: UnsafeRawBufferPointer
    /// The next byte to read (the extensions in JSONScanner+*.swift move it too).
    var offset = 0
    /// An object or array was just entered: its first member or element needs no comma.
    var justOpened = false

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset >= bytes.count }

    // MARK: Structure

    /// The kind of the next value, without consuming it.
    mutating func peekKind() throws(SyntaxError) -> ValueKind {
        skipWhitespace()
        guard offset < bytes.count else { throw error("a value expected, the text ended", atEnd: true) }
        switch bytes[offset] {
        case ASCII.openBrace: return .object
        case ASCII.openBracket: return .array
        case ASCII.quote: return .string
        case ASCII.minus, ASCII.zero...ASCII.nine: return .number
        case ASCII.t, ASCII.f: return .bool
        case ASCII.n: return .null
        default: throw error("a value expected, found \(describe(bytes[offset]))")
        }
    }

    mutating func enterObject() throws(SyntaxError) {
        try expect(ASCII.openBrace, "'{' expected")
        justOpened = true
    }

    /// The next member's key, the scanner left at its value; nil (and the object consumed) at '}'.
    mutating func nextKey() throws(SyntaxError) -> RawString? {
        skipWhitespace()
        guard offset < bytes.count else { throw error("an object is not closed", atEnd: true) }
        if bytes[offset] == ASCII.closeBrace {
            offset += 1
            justOpened = false
            return nil
        }
        if justOpened {
            justOpened = false
        } else {
            guard bytes[offset] == ASCII.comma else { throw error("',' or '}' expected after an object member") }
            offset += 1
            skipWhitespace()
        }
        return try readKey()
    }

    mutating func enterArray() throws(SyntaxError) {
        try expect(ASCII.openBracket, "'[' expected")
        justOpened = true
    }

    /// Whether another element follows (the scanner left at it); false (and the array consumed) at ']'.
    mutating func nextElement() throws(SyntaxError) -> Bool {
        skipWhitespace()
        guard offset < bytes.count else { throw error("an array is not closed", atEnd: true) }
        if bytes[offset] == ASCII.closeBracket {
            offset += 1
            justOpened = false
            return false
        }
        if justOpened {
            justOpened = false
        } else {
            guard bytes[offset] == ASCII.comma else { throw error("',' or ']' expected after an array element") }
            offset += 1
        }
        return true
    }

    /// After the top-level value: only whitespace may follow.
    mutating func finish() throws(SyntaxError) {
        skipWhitespace()
        guard offset == bytes.count else { throw error("\(describe(bytes[offset])) after the end of the value") }
    }

    /// A UTF-8 byte order mark at the start is not part of the text (Foundation skips it too).
    mutating func skipByteOrderMark() {
        if offset == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
    }

    // MARK: Scalars

    /// A string value, or nil after skipping a value of any other kind (the readers take a
    /// field of the wrong type as absent, as the Foundation reader did).
    mutating func readStringOrSkip() throws(SyntaxError) -> RawString? {
        guard try peekKind() == .string else {
            try skipValue()
            return nil
        }
        return try readString()
    }

    /// A value in an unusual form, as Foundation reads it: such forms keep the meaning the
    /// `JSONSerialization` readers gave them. Rare, so its cost does not matter.
    static func foundationValue(_ bytes: UnsafeRawBufferPointer) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)
    }

    mutating func readString() throws(SyntaxError) -> RawString {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == ASCII.quote else {
            throw offset < bytes.count
                ? error("a string expected, found \(describe(bytes[offset]))")
                : error("a string expected, the text ended", atEnd: true)
        }
        return try scanString()
    }

    mutating func readNumber() throws(SyntaxError) -> RawNumber {
        skipWhitespace()
        return try scanNumber()
    }

    /// The number's value when it is a plain unsigned integer that fits; nil otherwise.
    func unsignedValue(_ number: RawNumber) -> UInt64? {
        guard number.isUnsignedInteger else { return nil }
        return Self.decimal(UnsafeRawBufferPointer(rebasing: bytes[number.start..<number.start + number.count]))
    }

    /// Digits only, fitting a UInt64; nil otherwise (no sign, no spaces: what `UInt64(String)`
    /// accepts, less its leading '+', which callers leave to it).
    static func decimal(_ digits: UnsafeRawBufferPointer) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let digit = byte &- ASCII.zero
            guard digit < 10 else { return nil }
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return value
    }

    /// A string's bytes as they are in the text (escaped).
    func rawBytes(_ string: RawString) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[string.start..<string.start + string.count])
    }

    /// The bytes from `start` to the scanner's offset: a value just read or skipped.
    func bytes(from start: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
    }

    /// Whether the string is exactly `literal` (an ASCII key); escaped keys are decoded first.
    func matches(_ raw: RawString, _ literal: StaticString) -> Bool {
        if raw.hasEscapes { return string(raw) == literal.description }
        guard raw.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for index in 0..<raw.count where bytes[raw.start + index] != expected[index] { return false }
        return true
    }

    // MARK: Lexing (more in JSONScanner+Lexing.swift)

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case ASCII.space, ASCII.tab, ASCII.lineFeed, ASCII.carriageReturn: offset += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8, _ reason: String) throws(SyntaxError) {
        skipWhitespace()
        guard offset < bytes.count else { throw error(reason + ", the text ended", atEnd: true) }
        guard bytes[offset] == byte else { throw error(reason + ", found \(describe(bytes[offset]))") }
        offset += 1
    }

    /// A member's key and its ':'; the scanner is at the key's opening quote (whitespace skipped).
    mutating func readKey() throws(SyntaxError) -> RawString {
        guard offset < bytes.count else { throw error("a key expected, the text ended", atEnd: true) }
        guard bytes[offset] == ASCII.quote else { throw error("a key expected, found \(describe(bytes[offset]))") }
        let key = try scanString()
        try expect(ASCII.colon, "':' expected after a key")
        return key
    }

    func error(_ reason: String, atEnd: Bool = false) -> SyntaxError {
        SyntaxError(reason: reason, offset: offset, atEnd: atEnd)
    }

    func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(Self.hex(UInt32(byte)))"
    }
}
