/// Reads Milvus's boolean expression syntax into a `FilterExpression`; anything it cannot
/// evaluate exactly (arithmetic, JSON and array functions, `like` other than a prefix) is an
/// error that names the part.
package struct FilterParser {
    package struct Failure: Error, Equatable, CustomStringConvertible {
        package var message: String
        package var description: String { message }
    }

    enum Token: Equatable {
        case word(String)
        case number(String)
        case text(String)
        case symbol(String)
    }

    var tokens: [Token]
    var position = 0

    package static func parse(_ text: String) throws(Failure) -> FilterExpression {
        var parser = FilterParser(tokens: try tokenize(text))
        guard !parser.tokens.isEmpty else { throw Failure(message: "the filter is empty") }
        let expression = try parser.orExpression()
        guard parser.position == parser.tokens.count else {
            throw Failure(message: "cannot evaluate '\(parser.rest)'")
        }
        return expression
    }

    var rest: String {
        tokens[position...].map { token in
            switch token {
            case .word(let w), .number(let w), .symbol(let w): w
            case .text(let t): "\"\(t)\""
            }
        }.joined(separator: " ")
    }

    mutating func orExpression() throws(Failure) -> FilterExpression {
        var left = try andExpression()
        while accept(word: "or") || accept(symbol: "||") { left = .or(left, try andExpression()) }
        return left
    }

    mutating func andExpression() throws(Failure) -> FilterExpression {
        var left = try notExpression()
        while accept(word: "and") || accept(symbol: "&&") { left = .and(left, try notExpression()) }
        return left
    }

    mutating func notExpression() throws(Failure) -> FilterExpression {
        if accept(word: "not") || accept(symbol: "!") { return .not(try notExpression()) }
        return try primary()
    }

    mutating func primary() throws(Failure) -> FilterExpression {
        if accept(symbol: "(") {
            let inner = try orExpression()
            guard accept(symbol: ")") else { throw Failure(message: "a '(' without its ')' near '\(rest)'") }
            return inner
        }
        // `lower op field op upper`: a range.
        if let lower = try? peekValue(), position + 1 < tokens.count, case .symbol(let op) = tokens[position + 1],
            ["<", "<="].contains(op)
        {
            position += 2
            guard case .word(let field)? = next() else { throw Failure(message: "expected a field in a range near '\(rest)'") }
            guard case .symbol(let op2)? = next(), ["<", "<="].contains(op2) else {
                throw Failure(message: "expected < or <= after \(field) in a range")
            }
            let upper = try value()
            let comparison = { (text: String) -> FilterExpression.Comparison in text == "<" ? .greater : .greaterOrEqual }
            return .and(
                .compare(field: field, comparison(op), lower),
                .compare(field: field, op2 == "<" ? .less : .lessOrEqual, upper))
        }
        guard case .word(let field)? = next() else { throw Failure(message: "expected a field near '\(rest)'") }
        if tokens.indices.contains(position), tokens[position] == .symbol("(") {
            throw Failure(message: "cannot evaluate the function \(field)(...)")
        }
        if accept(word: "not") {
            guard accept(word: "in") else { throw Failure(message: "expected 'in' after '\(field) not'") }
            return .member(field: field, try list(), negated: true)
        }
        if accept(word: "in") { return .member(field: field, try list(), negated: false) }
        if accept(word: "like") {
            guard case .text(let pattern)? = next() else { throw Failure(message: "expected a quoted pattern after like") }
            let body = pattern.dropLast()
            guard pattern.hasSuffix("%"), !body.contains("%"), !body.contains("_") else {
                throw Failure(message: "cannot evaluate like \"\(pattern)\": only a prefix (\"abc%\") is evaluated")
            }
            return .prefix(field: field, String(body))
        }
        guard case .symbol(let symbol)? = next() else { throw Failure(message: "expected a comparison after \(field)") }
        let normalized = symbol == "=" ? "==" : symbol
        guard let comparison = FilterExpression.Comparison(rawValue: normalized) else {
            throw Failure(message: "cannot evaluate '\(field) \(symbol) \(rest)'")
        }
        return .compare(field: field, comparison, try value())
    }

    mutating func list() throws(Failure) -> [FilterExpression.Value] {
        guard accept(symbol: "[") else { throw Failure(message: "expected a list [a, b, ...] near '\(rest)'") }
        var values: [FilterExpression.Value] = []
        if accept(symbol: "]") { return values }
        repeat { values.append(try value()) } while accept(symbol: ",")
        guard accept(symbol: "]") else { throw Failure(message: "expected ']' near '\(rest)'") }
        return values
    }

    func peekValue() throws(Failure) -> FilterExpression.Value {
        var copy = self
        return try copy.value()
    }

    mutating func value() throws(Failure) -> FilterExpression.Value {
        var negative = false
        if accept(symbol: "-") { negative = true }
        switch next() {
        case .number(let text)?:
            let signed = negative ? "-" + text : text
            if let integer = Int64(signed) { return .integer(integer) }
            if let number = Double(signed) { return .number(number) }
            throw Failure(message: "'\(signed)' is not a number")
        case .text(let text)? where !negative: return .text(text)
        case .word(let word)? where !negative && ["true", "false"].contains(word.lowercased()):
            return .boolean(word.lowercased() == "true")
        default:
            throw Failure(message: "expected a value (a number, a quoted string, true or false) near '\(rest)'")
        }
    }

    mutating func next() -> Token? {
        guard position < tokens.count else { return nil }
        defer { position += 1 }
        return tokens[position]
    }

    mutating func accept(word: String) -> Bool {
        guard position < tokens.count, case .word(let w) = tokens[position], w.lowercased() == word else { return false }
        position += 1
        return true
    }

    mutating func accept(symbol: String) -> Bool {
        guard position < tokens.count, tokens[position] == .symbol(symbol) else { return false }
        position += 1
        return true
    }

    static func tokenize(_ text: String) throws(Failure) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c.isWhitespace {
                i += 1
            } else if c == "\"" || c == "'" {
                var j = i + 1
                var value = ""
                while j < characters.count && characters[j] != c {
                    if characters[j] == "\\", j + 1 < characters.count { j += 1 }
                    value.append(characters[j])
                    j += 1
                }
                guard j < characters.count else { throw Failure(message: "a string without its closing quote") }
                tokens.append(.text(value))
                i = j + 1
            } else if c.isNumber {
                var j = i
                while j < characters.count && (characters[j].isNumber || characters[j] == "." || characters[j] == "e"
                    || characters[j] == "E")
                {
                    j += 1
                }
                tokens.append(.number(String(characters[i..<j])))
                i = j
            } else if c.isLetter || c == "_" || c == "$" {
                var j = i
                while j < characters.count && (characters[j].isLetter || characters[j].isNumber || characters[j] == "_"
                    || characters[j] == "$")
                {
                    j += 1
                }
                tokens.append(.word(String(characters[i..<j])))
                i = j
            } else {
                let two = i + 1 < characters.count ? String(characters[i...i + 1]) : ""
                if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
                    tokens.append(.symbol(two))
                    i += 2
                } else {
                    tokens.append(.symbol(String(c)))
                    i += 1
                }
            }
        }
        return tokens
    }
}
