import Foundation
import Testing

@testable import Traces

/// The scanner on hand-worked texts: what it reads, what it skips, and where it says malformed
/// JSON went wrong.
@Suite struct JSONScannerTests {
    /// Runs `body` on a scanner over `text`'s UTF-8.
    func scan<T>(_ text: String, _ body: (inout JSONScanner) throws -> T) throws -> T {
        try scan(Array(text.utf8), body)
    }

    func scan<T>(_ bytes: [UInt8], _ body: (inout JSONScanner) throws -> T) throws -> T {
        try bytes.withUnsafeBytes { buffer in
            var scanner = JSONScanner(buffer)
            return try body(&scanner)
        }
    }

    /// The one string `text` holds, decoded.
    func string(_ text: String) throws -> String {
        try scan(text) { scanner in
            let raw = try scanner.readString()
            try scanner.finish()
            return scanner.string(raw)
        }
    }

    /// The error skipping `text` (and requiring its end) gives.
    func failure(_ text: String) -> JSONScanner.SyntaxError? {
        failure(Array(text.utf8))
    }

    func failure(_ bytes: [UInt8]) -> JSONScanner.SyntaxError? {
        do {
            try scan(bytes) { scanner in
                try scanner.skipValue()
                try scanner.finish()
            }
            return nil
        } catch {
            return error as? JSONScanner.SyntaxError
        }
    }

    @Test func decodesEveryEscape() throws {
        #expect(try string(#""a\"b\\c\/d\be\ff\ng\rh\ti""#) == "a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti")
        #expect(try string(#""\u0041\u00e9\u20AC""#) == "Aé€")
        // U+1F600 as a UTF-16 surrogate pair, either case of hex.
        #expect(try string(#""x\uD83D\uDE00y\ud83d\ude00""#) == "x😀y😀")
        #expect(try string(#""\u0000""#) == "\u{0}")
        #expect(try string(#""plain""#) == "plain")
        #expect(try string(#""""#) == "")
    }

    @Test func passesUTF8Through() throws {
        #expect(try string("\"é€😀 naïve\"") == "é€😀 naïve")
    }

    @Test func refusesBadEscapesAndSurrogates() {
        #expect(failure(#""\x""#)?.offset == 1)
        #expect(failure(#""\u12G4""#)?.reason == "a \\u escape needs 4 hex digits")
        #expect(failure(#""ab\uD83D""#)?.reason == "a high surrogate (\\uD83D) without a low one")
        #expect(failure(#""ab\uD83D""#)?.offset == 3 && failure(#""ab\uD83D""#)?.atEnd == false)
        #expect(failure(#""ab\uD83D\"#)?.atEnd == true)
        #expect(failure(#""\uD83Dx""#) != nil)
        #expect(failure(#""\uD83D\u0041""#) != nil)
        #expect(failure(#""\uDE00""#)?.reason == "a low surrogate (\\uDE00) without a high one")
    }

    @Test func refusesInvalidUTF8AndControlCharacters() {
        // 0xC3 0x28: a lead byte without its continuation.
        #expect(failure([0x22, 0x61, 0xC3, 0x28, 0x22])?.offset == 2)
        // Overlong '/' and a UTF-8-encoded surrogate.
        #expect(failure([0x22, 0xC0, 0xAF, 0x22]) != nil)
        #expect(failure([0x22, 0xED, 0xA0, 0x80, 0x22]) != nil)
        #expect(failure([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]) != nil)
        #expect(failure([0x22, 0xE2, 0x82])?.atEnd == true)
        #expect(failure("\"a\nb\"")?.reason == "a control character (byte 0x0A) in a string")
        #expect(failure("\"a\nb\"")?.offset == 2)
    }

    @Test func readsNumbers() throws {
        func number(_ text: String) throws -> (UInt64?, Bool) {
            try scan(text) { scanner in
                let number = try scanner.readNumber()
                try scanner.finish()
                return (scanner.unsignedValue(number), number.isUnsignedInteger)
            }
        }
        #expect(try number("0") == (0, true))
        #expect(try number("1795625933592619817") == (1_795_625_933_592_619_817, true))
        #expect(try number("18446744073709551615") == (UInt64.max, true))
        // Valid JSON, too large for a UInt64.
        #expect(try number("18446744073709551616") == (nil, true))
        #expect(try number("-1") == (nil, false))
        #expect(try number("1.5e3") == (nil, false))
        #expect(try number("2E-7") == (nil, false))
        #expect(try number(" 12 ") == (12, true))
        #expect(failure("01")?.offset == 1)
        #expect(failure("1.")?.atEnd == true)
        #expect(failure("1.x")?.reason == "a digit expected, found 'x'")
        #expect(failure("-")?.atEnd == true)
        #expect(failure("1e")?.atEnd == true)
        #expect(failure(".5")?.offset == 0)
        #expect(failure("+1")?.offset == 0)
    }

    @Test func readsObjectsKeyByKey() throws {
        let text = #"{ "traceId" : "ab", "n": 7, "trace\u0049d": [1, {"x": null}], "t": true }"#
        let seen = try scan(text) { scanner -> [String] in
            var seen: [String] = []
            try scanner.enterObject()
            while let key = try scanner.nextKey() {
                if scanner.matches(key, "traceId") {
                    if try scanner.peekKind() == .string {
                        seen.append("traceId=" + scanner.string(try scanner.readString()))
                    } else {
                        try scanner.skipValue()
                        seen.append("traceId skipped")
                    }
                } else if scanner.matches(key, "n") {
                    seen.append("n=\(scanner.unsignedValue(try scanner.readNumber()) ?? 0)")
                } else {
                    let kind = try scanner.peekKind()
                    seen.append("\(scanner.string(key)) \(kind)")
                    try scanner.skipValue()
                }
            }
            try scanner.finish()
            return seen
        }
        // An escaped key matches the key it spells.
        #expect(seen == ["traceId=ab", "n=7", "traceId skipped", "t bool"])
    }

    @Test func readsArraysElementByElement() throws {
        let values = try scan("[ 1,2 , 3 ]") { scanner -> [UInt64] in
            var values: [UInt64] = []
            try scanner.enterArray()
            while try scanner.nextElement() { values.append(scanner.unsignedValue(try scanner.readNumber()) ?? 0) }
            try scanner.finish()
            return values
        }
        #expect(values == [1, 2, 3])
        let empty = try scan("[]") { scanner in
            try scanner.enterArray()
            return try scanner.nextElement()
        }
        #expect(!empty)
    }

    @Test func skipsAnyValue() throws {
        for text in [
            #"{"a":[1,{"b":[true,false,null,"x\"y",-0.5e+10]},[]],"c":{},"d":"\u00e9"}"#, "[]", "{}", "\"\"", "0",
            "true", "false", "null", " [ [ ] , { } ] ",
        ] {
            #expect(failure(text) == nil, "\(text)")
        }
        // Skipping stops at the value's end: what follows is the caller's.
        let after = try scan(#"{"a":{"b":[1,2]},"c":3}"#) { scanner -> Int in
            try scanner.enterObject()
            _ = try scanner.nextKey()
            try scanner.skipValue()
            return scanner.offset
        }
        #expect(after == 16)
    }

    @Test func nestsDeepWithoutRecursion() {
        // Deeper than the 64 levels of the bit register, up to the limit.
        let depth = JSONScanner.maxDepth
        #expect(failure(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) == nil)
        let objects = String(repeating: #"{"a":"#, count: 100) + "1" + String(repeating: "}", count: 100)
        #expect(failure(objects) == nil)
        let mixed = String(repeating: #"[{"a":"#, count: 100) + "1" + String(repeating: "}]", count: 100)
        #expect(failure(mixed) == nil)
        #expect(failure(String(repeating: #"[{"a":"#, count: 100) + "1" + String(repeating: "]}", count: 100)) != nil)
        let tooDeep = failure(String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1))
        #expect(tooDeep?.reason == "nested deeper than 512 levels" && tooDeep?.offset == depth)
    }

    @Test func saysWhereTruncatedInputEnds() {
        for text in [#"{"a":[1,2"#, #"{"a":"#, #"{"a""#, "[", "{", "tru", #"{"a":1"#, #""abc"#, #""a\"#, #""\u00"#] {
            let error = failure(text)
            #expect(error?.atEnd == true, "\(text): \(String(describing: error))")
        }
        #expect(failure(#""abc"#)?.offset == 0)
        #expect(failure("")?.reason == "a value expected, the text ended")
    }

    @Test func saysWhatAndWhereGarbageIs() {
        let cases: [(String, Int, String)] = [
            (#"{"a" 1}"#, 5, "':' expected after a key, found '1'"),
            (#"{"a":1,}"#, 7, "a key expected, found '}'"),
            (#"{"a":1 "b":2}"#, 7, "',' or '}' expected after an object member"),
            ("[1,]", 3, "a value expected, found ']'"),
            ("[1 2]", 3, "',' or ']' expected after an array element"),
            ("{1:2}", 1, "a key expected, found '1'"),
            ("trux", 0, "'true' misspelt"),
            ("{} x", 3, "'x' after the end of the value"),
            ("hello", 0, "a value expected, found 'h'"),
            ("[1}", 2, "',' or ']' expected after an array element"),
        ]
        for (text, offset, reason) in cases {
            let error = failure(text)
            #expect(error?.offset == offset && error?.reason == reason && error?.atEnd == false, "\(text)")
        }
        #expect(failure("{} x")?.description == "malformed JSON at byte 3: 'x' after the end of the value")
    }

    @Test func skipsAByteOrderMark() throws {
        let value = try scan([0xEF, 0xBB, 0xBF] + Array("7".utf8)) { scanner in
            scanner.skipByteOrderMark()
            return scanner.unsignedValue(try scanner.readNumber())
        }
        #expect(value == 7)
    }
}
