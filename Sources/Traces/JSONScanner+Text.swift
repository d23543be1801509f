/// Making text: a string's escapes decoded, hex digits, the bytes of JSON's grammar.
extension JSONScanner {
    /// The string's text, escapes decoded. The scanner has checked the escapes and the UTF-8.
    func string(_ raw: RawString) -> String {
        let source = rawBytes(raw)
        guard raw.hasEscapes else { return String(decoding: source, as: UTF8.self) }
        // Every escape is at least as long as what it stands for, so the text fits in `count`.
        return String(unsafeUninitializedCapacity: raw.count) { out in
            var written = 0
            var index = 0
            while index < source.count {
                let byte = source[index]
                guard byte == ASCII.backslash else {
                    out[written] = byte
                    written += 1
                    index += 1
                    continue
                }
                let escape = source[index + 1]
                index += 2
                let scalar: UInt32
                switch escape {
                case ASCII.b: scalar = 0x08
                case ASCII.f: scalar = 0x0C
                case ASCII.n: scalar = 0x0A
                case ASCII.r: scalar = 0x0D
                case ASCII.t: scalar = 0x09
                case ASCII.u:
                    let unit = Self.hex4(source, at: index)
                    index += 4
                    if unit & 0xFC00 == 0xD800 {
                        // A high surrogate: the scanner made sure a low one follows as \uXXXX.
                        let low = Self.hex4(source, at: index + 2)
                        index += 6
                        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        scalar = unit
                    }
                default: scalar = UInt32(escape)  // \" \\ \/
                }
                written += Self.encodeUTF8(scalar, into: out, at: written)
            }
            return written
        }
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case ASCII.zero...ASCII.nine: byte - ASCII.zero
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func hex4(_ source: UnsafeRawBufferPointer, at start: Int) -> UInt32 {
        var value: UInt32 = 0
        for index in start..<start + 4 { value = value << 4 | UInt32(hexDigit(source[index]) ?? 0) }
        return value
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return digits.count < 2 ? "0" + digits : digits
    }

    static func encodeUTF8(
        _ scalar: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at index: Int
    ) -> Int {
        switch scalar {
        case ..<0x80:
            out[index] = UInt8(scalar)
            return 1
        case ..<0x800:
            out[index] = UInt8(0xC0 | scalar >> 6)
            out[index + 1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case ..<0x10000:
            out[index] = UInt8(0xE0 | scalar >> 12)
            out[index + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[index + 2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            out[index] = UInt8(0xF0 | scalar >> 18)
            out[index + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            out[index + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[index + 3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }

    /// The bytes JSON's grammar is made of.
    enum ASCII {
        static let quote = UInt8(ascii: "\"")
        static let backslash = UInt8(ascii: "\\")
        static let slash = UInt8(ascii: "/")
        static let openBrace = UInt8(ascii: "{")
        static let closeBrace = UInt8(ascii: "}")
        static let openBracket = UInt8(ascii: "[")
        static let closeBracket = UInt8(ascii: "]")
        static let comma = UInt8(ascii: ",")
        static let colon = UInt8(ascii: ":")
        static let minus = UInt8(ascii: "-")
        static let plus = UInt8(ascii: "+")
        static let dot = UInt8(ascii: ".")
        static let zero = UInt8(ascii: "0")
        static let nine = UInt8(ascii: "9")
        static let space = UInt8(ascii: " ")
        static let tab = UInt8(ascii: "\t")
        static let lineFeed = UInt8(ascii: "\n")
        static let carriageReturn = UInt8(ascii: "\r")
        static let b = UInt8(ascii: "b")
        static let e = UInt8(ascii: "e")
        static let f = UInt8(ascii: "f")
        static let n = UInt8(ascii: "n")
        static let r = UInt8(ascii: "r")
        static let t = UInt8(ascii: "t")
        static let u = UInt8(ascii: "u")
    }
}
