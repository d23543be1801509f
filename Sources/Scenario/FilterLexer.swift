/// Splits a filter into tokens the way Milvus's lexer (Plan.g4) does in 2.3 to 2.6. What it cannot
/// tokenize, Milvus refuses too; so do the bitwise operators, which the grammar has but every
/// version refuses ("BitAnd is not supported"), and `{name}` placeholders, which need
/// filter_params that traceload never sends.
struct FilterLexer {
    let characters: [Character]
    var index = 0

    static func tokens(of text: String) throws(FilterProblem) -> [FilterToken] {
        var lexer = FilterLexer(characters: Array(text))
        var tokens: [FilterToken] = []
        while let token = try lexer.next() { tokens.append(token) }
        return tokens
    }

    static let keywords: [String: String] = [
        "and": "and", "AND": "and", "or": "or", "OR": "or", "not": "not", "NOT": "not", "in": "in", "IN": "in",
        "like": "like", "LIKE": "like", "exists": "exists", "EXISTS": "exists",
    ]
    static let booleans: [String: Bool] = [
        "true": true, "True": true, "TRUE": true, "false": false, "False": false, "FALSE": false,
    ]
    static let bitwise: [String: String] = [
        "&": "; use '&&' or 'and'", "|": "; use '||' or 'or'", "^": "", "~": "; use 'not'", "<<": "", ">>": "",
    ]

    mutating func next() throws(FilterProblem) -> FilterToken? {
        while index < characters.count, [" ", "\t", "\n", "\r", "\r\n"].contains(characters[index]) { index += 1 }
        guard index < characters.count else { return nil }
        let start = index
        let c = characters[index]
        let kind: FilterToken.Kind
        if c == "\"" || c == "'" {
            kind = .string(try string())
        } else if isWordStart(c) {
            kind = try word()
        } else if c == "$" {
            guard text(index, 5) == "$meta", !(peek(5).map(isWordPart) ?? false) else {
                throw FilterProblem(column: start + 1, "'$' starts no name Milvus knows but $meta")
            }
            index += 5
            kind = path() ?? .identifier
        } else if isDigit(c) || (c == "." && peek(1).map(isDigit) == true) {
            kind = try number()
        } else if c == "{" {
            let close = characters[index...].firstIndex(of: "}").map { $0 + 1 } ?? characters.count
            throw FilterProblem(
                column: start + 1,
                "\(String(characters[index..<close])) is a template placeholder, filled from filter_params, which traceload does not send; write the value"
            )
        } else {
            kind = .symbol(try symbol())
        }
        return FilterToken(kind: kind, text: String(characters[start..<index]), column: start + 1, end: index + 1)
    }

    mutating func word() throws(FilterProblem) -> FilterToken.Kind {
        let start = index
        while index < characters.count, isWordPart(characters[index]) { index += 1 }
        let word = String(characters[start..<index])
        // u8"...", u"...", U"...", L"...": C's encoding prefixes, which the grammar keeps.
        if ["u8", "u", "U", "L"].contains(word), let quote = peek(0), quote == "\"" || quote == "'" {
            return .string(try string())
        }
        for phrase in ["is not null", "is null", "IS NOT NULL", "IS NULL"] where text(start, phrase.count) == phrase {
            guard !(peek(phrase.count - word.count).map(isWordPart) ?? false) else { continue }
            index = start + phrase.count
            return .keyword(phrase.lowercased())
        }
        if let keyword = Self.keywords[word] { return .keyword(keyword) }
        if let value = Self.booleans[word] { return .boolean(value) }
        return path() ?? .identifier
    }

    /// `[key]` parts right after a name (no space between, as Milvus's JSONIdentifier token):
    /// quoted keys or whole numbers. nil when none follows.
    mutating func path() -> FilterToken.Kind? {
        let base = String(characters[..<index].reversed().prefix { isWordPart($0) || $0 == "$" }.reversed())
        var parts = 0
        while peek(0) == "[" {
            var probe = self
            probe.index += 1
            if let quote = probe.peek(0), quote == "\"" || quote == "'" {
                guard (try? probe.string()) != nil else { break }
            } else if probe.peek(0) == "0" {
                probe.index += 1
            } else if let digit = probe.peek(0), isDigit(digit) {
                while let next = probe.peek(0), isDigit(next) { probe.index += 1 }
            } else {
                break
            }
            guard probe.peek(0) == "]" else { break }
            index = probe.index + 1
            parts += 1
        }
        return parts > 0 ? .path(base: base) : nil
    }

    /// A quoted string from its opening quote; the text between the quotes, escapes as written.
    mutating func string() throws(FilterProblem) -> String {
        let open = index
        let quote = characters[index]
        index += 1
        var content = ""
        while index < characters.count {
            let c = characters[index]
            if c == quote {
                index += 1
                return content
            }
            if ["\n", "\r", "\r\n"].contains(c) { break }
            if c == "\\" {
                let length = escapeLength()
                guard length > 0 else {
                    let shown = peek(1).map { "\\\($0)" } ?? "\\"
                    throw FilterProblem(
                        column: index + 1,
                        "'\(shown)' is not an escape Milvus knows (\\\" \\' \\\\ \\n \\t \\xHH \\uHHHH ...); write \\\\ for a backslash"
                    )
                }
                content.append(contentsOf: characters[index..<index + length])
                index += length
                continue
            }
            content.append(c)
            index += 1
        }
        throw FilterProblem(column: open + 1, "this string has no closing \(quote)")
    }

    /// How many characters the escape at `index` takes (0: none Milvus knows).
    func escapeLength() -> Int {
        guard let e = peek(1) else { return 0 }
        let hex = { (offset: Int) in peek(offset).map { $0.isHexDigit } == true }
        if "'\"?abfnrtv\\".contains(e) || ["\n", "\r\n"].contains(e) { return 2 }
        if ("0"..."7").contains(e) {
            var length = 2
            while length < 4, let d = peek(length), ("0"..."7").contains(d) { length += 1 }
            return length
        }
        if e == "x", hex(2) {
            var length = 3
            while hex(length) { length += 1 }
            return length
        }
        if e == "u", (2..<6).allSatisfy(hex) { return 6 }
        if e == "U", (2..<10).allSatisfy(hex) { return 10 }
        return 0
    }

    /// Integers in decimal, octal (leading 0), hex (0x) or binary (0b), within int64; floats in
    /// decimal (`1.5`, `.5`, `1e3`) or hex (`0x1p3`).
    mutating func number() throws(FilterProblem) -> FilterToken.Kind {
        let start = index
        func skip(_ allowed: (Character) -> Bool) { while let c = peek(0), allowed(c) { index += 1 } }
        if peek(0) == "0", let x = peek(1), "xXbB".contains(x), let first = peek(2),
            x.lowercased() == "x" ? first.isHexDigit : "01".contains(first)
        {
            index += 2
            let hex = x.lowercased() == "x"
            skip { hex ? $0.isHexDigit : "01".contains($0) }
            let digits = String(characters[start + 2..<index])
            if hex, let float = hexFloat(start) { return .float(float) }
            guard let value = Int64(digits, radix: hex ? 16 : 2) else { throw tooLarge(start) }
            return .integer(value)
        }
        skip(isDigit)
        var isFloat = false
        if peek(0) == "." {
            isFloat = true
            index += 1
            skip(isDigit)
        }
        if let e = peek(0), "eE".contains(e) {
            let signed = peek(1).map { "+-".contains($0) } == true
            if let digit = peek(signed ? 2 : 1), isDigit(digit) {
                isFloat = true
                index += signed ? 2 : 1
                skip(isDigit)
            }
        }
        var literal = String(characters[start..<index])
        if isFloat {
            if literal.hasPrefix(".") { literal = "0" + literal }
            literal = literal.replacingOccurrences(of: ".e", with: ".0e").replacingOccurrences(of: ".E", with: ".0E")
            if literal.hasSuffix(".") { literal += "0" }
            return .float(Double(literal) ?? .infinity)
        }
        if literal.count > 1, literal.hasPrefix("0") {
            guard literal.allSatisfy({ ("0"..."7").contains($0) }) else {
                throw FilterProblem(column: start + 1, "'\(literal)' is not a number: a leading 0 makes it octal")
            }
            guard let value = Int64(literal.dropFirst(), radix: 8) else { throw tooLarge(start) }
            return .integer(value)
        }
        guard let value = Int64(literal) else { throw tooLarge(start) }
        return .integer(value)
    }

    /// The rest of a hex float (`0x1.8p3`) after its leading digits, if one follows.
    mutating func hexFloat(_ start: Int) -> Double? {
        var probe = self
        if probe.peek(0) == "." {
            probe.index += 1
            while let c = probe.peek(0), c.isHexDigit { probe.index += 1 }
        }
        guard let p = probe.peek(0), "pP".contains(p) else { return nil }
        let signed = probe.peek(1).map { "+-".contains($0) } == true
        guard let digit = probe.peek(signed ? 2 : 1), isDigit(digit) else { return nil }
        probe.index += signed ? 2 : 1
        while let c = probe.peek(0), isDigit(c) { probe.index += 1 }
        index = probe.index
        return Double(String(characters[start..<index]))
    }

    func tooLarge(_ start: Int) -> FilterProblem {
        FilterProblem(
            column: start + 1, "\(String(characters[start..<index])) is beyond int64, the largest integer Milvus reads")
    }

    mutating func symbol() throws(FilterProblem) -> String {
        let column = index + 1
        let two = text(index, 2)
        if two == "<>" { throw FilterProblem(column: column, "'<>' is not an operator; use '!='") }
        for symbol in [two, String(characters[index])] {
            if let advice = Self.bitwise[symbol] {
                throw FilterProblem(column: column, "'\(symbol)' is a bitwise operator, which Milvus refuses\(advice)")
            }
            if [
                "==", "!=", "<=", ">=", "&&", "||", "**", "(", ")", "[", "]", ",", "<", ">", "+", "-", "*", "/", "%",
                "!", "=",
            ].contains(symbol) {
                index += symbol.count
                return symbol
            }
        }
        throw FilterProblem(column: column, "'\(characters[index])' is not part of Milvus's filter syntax")
    }

    func peek(_ offset: Int) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    func text(_ from: Int, _ count: Int) -> String {
        String(characters[min(from, characters.count)..<min(from + count, characters.count)])
    }

    func isDigit(_ c: Character) -> Bool { ("0"..."9").contains(c) }
    func isWordStart(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c == "_") }
    func isWordPart(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
}
