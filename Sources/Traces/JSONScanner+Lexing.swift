/// The scanner's checking half: passing over whole values, and the lexing of strings, numbers
/// and literals against JSON's grammar (RFC 8259), every byte looked at once.
extension JSONScanner {
    /// Passes over the next value, whatever it is, checking it and allocating nothing (unless it
    /// nests deeper than 64 levels).
    mutating func skipValue() throws(SyntaxError) {
        // Bit n of `shallow` (then `deep[n - 64]`) says whether level n is an object.
        var shallow: UInt64 = 0
        var deep: [Bool] = []
        var depth = 0
        justOpened = false
        while true {
            // A value starts here.
            skipWhitespace()
            guard offset < bytes.count else { throw error("a value expected, the text ended", atEnd: true) }
            let byte = bytes[offset]
            switch byte {
            case ASCII.openBrace, ASCII.openBracket:
                guard depth < Self.maxDepth else { throw error("nested deeper than \(Self.maxDepth) levels") }
                let object = byte == ASCII.openBrace
                if depth < 64 {
                    if object { shallow |= 1 << UInt64(depth) } else { shallow &= ~(1 << UInt64(depth)) }
                } else {
                    if deep.count > depth - 64 { deep[depth - 64] = object } else { deep.append(object) }
                }
                depth += 1
                offset += 1
                skipWhitespace()
                guard offset < bytes.count else {
                    throw error(object ? "an object is not closed" : "an array is not closed", atEnd: true)
                }
                if bytes[offset] == (object ? ASCII.closeBrace : ASCII.closeBracket) {
                    offset += 1
                    depth -= 1
                } else {
                    if object { _ = try readKey() }
                    continue
                }
            case ASCII.quote: _ = try scanString()
            case ASCII.minus, ASCII.zero...ASCII.nine: _ = try scanNumber()
            case ASCII.t: try literal("true")
            case ASCII.f: try literal("false")
            case ASCII.n: try literal("null")
            default: throw error("a value expected, found \(describe(byte))")
            }
            // A value ended: close the containers it ends, or go on to the next member or element.
            while true {
                guard depth > 0 else { return }
                skipWhitespace()
                let level = depth - 1
                let object = level < 64 ? shallow & (1 << UInt64(level)) != 0 : deep[level - 64]
                guard offset < bytes.count else {
                    throw error(object ? "an object is not closed" : "an array is not closed", atEnd: true)
                }
                let next = bytes[offset]
                if next == ASCII.comma {
                    offset += 1
                    if object {
                        skipWhitespace()
                        _ = try readKey()
                    }
                    break
                }
                guard next == (object ? ASCII.closeBrace : ASCII.closeBracket) else {
                    throw error(
                        object
                            ? "',' or '}' expected after an object member"
                            : "',' or ']' expected after an array element")
                }
                offset += 1
                depth -= 1
            }
        }
    }

    /// From the opening quote to past the closing one, checking escapes, control characters and UTF-8.
    mutating func scanString() throws(SyntaxError) -> RawString {
        let open = offset
        offset += 1
        let start = offset
        var hasEscapes = false
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == ASCII.quote {
                offset += 1
                return RawString(start: start, count: offset - 1 - start, hasEscapes: hasEscapes)
            }
            if byte == ASCII.backslash {
                hasEscapes = true
                try scanEscape()
            } else if byte < 0x20 {
                throw error("a control character (\(describe(byte))) in a string")
            } else if byte >= 0x80 {
                try scanUTF8()
            } else {
                offset += 1
            }
        }
        throw SyntaxError(reason: "a string is not closed", offset: open, atEnd: true)
    }

    mutating func scanEscape() throws(SyntaxError) {
        let at = offset
        guard offset + 1 < bytes.count else { throw error("an escape is cut short", atEnd: true) }
        switch bytes[offset + 1] {
        case ASCII.quote, ASCII.backslash, ASCII.slash, ASCII.b, ASCII.f, ASCII.n, ASCII.r, ASCII.t:
            offset += 2
        case ASCII.u:
            let unit = try scanHex4(at: offset + 2, escape: at)
            offset += 6
            if unit & 0xFC00 == 0xDC00 {
                throw SyntaxError(
                    reason: "a low surrogate (\\u\(Self.hex(unit))) without a high one", offset: at, atEnd: false)
            }
            if unit & 0xFC00 == 0xD800 {
                guard offset + 1 < bytes.count, bytes[offset] == ASCII.backslash, bytes[offset + 1] == ASCII.u else {
                    // The text may have ended where the low surrogate's "\u" would be.
                    let cut = offset >= bytes.count || (offset + 1 == bytes.count && bytes[offset] == ASCII.backslash)
                    throw SyntaxError(
                        reason: "a high surrogate (\\u\(Self.hex(unit))) without a low one", offset: at, atEnd: cut)
                }
                let low = try scanHex4(at: offset + 2, escape: offset)
                guard low & 0xFC00 == 0xDC00 else {
                    throw SyntaxError(
                        reason: "a high surrogate (\\u\(Self.hex(unit))) without a low one", offset: at, atEnd: false)
                }
                offset += 6
            }
        default:
            throw SyntaxError(reason: "an unknown escape \\\(describe(bytes[offset + 1]))", offset: at, atEnd: false)
        }
    }

    func scanHex4(at start: Int, escape: Int) throws(SyntaxError) -> UInt32 {
        guard start + 4 <= bytes.count else {
            throw SyntaxError(reason: "a \\u escape is cut short", offset: escape, atEnd: true)
        }
        var value: UInt32 = 0
        for index in start..<start + 4 {
            guard let digit = Self.hexDigit(bytes[index]) else {
                throw SyntaxError(reason: "a \\u escape needs 4 hex digits", offset: escape, atEnd: false)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// One multi-byte UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
    mutating func scanUTF8() throws(SyntaxError) {
        let lead = bytes[offset]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, high) = (3, 0x9F)
        case 0xF0: (length, low) = (4, 0x90)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, high) = (4, 0x8F)
        default: throw error("invalid UTF-8 (byte 0x\(Self.hex(UInt32(lead))))")
        }
        guard offset + length <= bytes.count else { throw error("a UTF-8 sequence is cut short", atEnd: true) }
        let second = bytes[offset + 1]
        guard second >= low, second <= high else { throw error("invalid UTF-8 (byte 0x\(Self.hex(UInt32(lead))))") }
        for index in offset + 2..<offset + length where bytes[index] & 0xC0 != 0x80 {
            throw error("invalid UTF-8 (byte 0x\(Self.hex(UInt32(lead))))")
        }
        offset += length
    }

    /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    mutating func scanNumber() throws(SyntaxError) -> RawNumber {
        let start = offset
        var plain = true
        if offset < bytes.count, bytes[offset] == ASCII.minus {
            plain = false
            offset += 1
        }
        guard offset < bytes.count else { throw error("a number is cut short", atEnd: true) }
        if bytes[offset] == ASCII.zero {
            offset += 1
        } else if bytes[offset] > ASCII.zero, bytes[offset] <= ASCII.nine {
            skipDigits()
        } else {
            throw error("a digit expected, found \(describe(bytes[offset]))")
        }
        if offset < bytes.count, bytes[offset] == ASCII.dot {
            plain = false
            offset += 1
            try requireDigits()
        }
        if offset < bytes.count, bytes[offset] | 0x20 == ASCII.e {
            plain = false
            offset += 1
            if offset < bytes.count, bytes[offset] == ASCII.plus || bytes[offset] == ASCII.minus { offset += 1 }
            try requireDigits()
        }
        return RawNumber(start: start, count: offset - start, isUnsignedInteger: plain)
    }

    mutating func skipDigits() {
        while offset < bytes.count, bytes[offset] &- ASCII.zero < 10 { offset += 1 }
    }

    mutating func requireDigits() throws(SyntaxError) {
        guard offset < bytes.count else { throw error("a number is cut short", atEnd: true) }
        guard bytes[offset] &- ASCII.zero < 10 else {
            throw error("a digit expected, found \(describe(bytes[offset]))")
        }
        skipDigits()
    }

    mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let count = word.utf8CodeUnitCount
        for index in 0..<count {
            guard offset + index < bytes.count else { throw error("'\(word)' is cut short", atEnd: true) }
            guard bytes[offset + index] == word.utf8Start[index] else { throw error("'\(word)' misspelt") }
        }
        offset += count
    }
}
