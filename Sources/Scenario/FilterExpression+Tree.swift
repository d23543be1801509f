extension FilterExpression {
    /// The filter as traceload evaluates it on the rows it inserted (for filtered recall's ground
    /// truth), read with Milvus's own grammar (`FilterSyntax`), so that what is evaluated is what
    /// Milvus parsed; what traceload cannot evaluate exactly (arithmetic, JSON and array paths,
    /// functions, `is null`, `like` other than a prefix) is refused at the part that is.
    package static func parse(_ text: String) throws(FilterProblem) -> FilterExpression {
        try FilterExpression(try FilterSyntax.parse(text))
    }

    package init(_ tree: FilterTree) throws(FilterProblem) {
        func cannot(_ part: FilterTree, _ what: String = "") -> FilterProblem {
            FilterProblem(column: part.column, "traceload cannot evaluate '\(part.text)'\(what)")
        }
        switch tree.kind {
        case .binary(let op, let left, let right) where op == "and" || op == "or":
            let (a, b) = (try FilterExpression(left), try FilterExpression(right))
            self = op == "and" ? .and(a, b) : .or(a, b)
        case .unary("not", let operand):
            self = .not(try FilterExpression(operand))
        case .binary(let op, let left, let right):
            guard let comparison = Comparison(rawValue: op) else { throw cannot(tree, " (arithmetic)") }
            if case .field(let field) = left.kind {
                self = .compare(field: field, comparison, try Self.value(right))
            } else if case .field(let field) = right.kind {
                // `7 < id` reads as `id > 7`.
                let mirrored: [Comparison: Comparison] = [
                    .less: .greater, .lessOrEqual: .greaterOrEqual, .greater: .less, .greaterOrEqual: .lessOrEqual,
                ]
                self = .compare(field: field, mirrored[comparison] ?? comparison, try Self.value(left))
            } else {
                let side = (try? Self.value(left)) == nil ? left : right
                throw cannot(side, " (a comparison of a field with a value)")
            }
        case .range(let lower, let field, let upper, let lowerInclusive, let upperInclusive):
            guard case .field(let name) = field.kind else { throw cannot(field, " (a field)") }
            self = .and(
                .compare(field: name, lowerInclusive ? .greaterOrEqual : .greater, try Self.value(lower)),
                .compare(field: name, upperInclusive ? .lessOrEqual : .less, try Self.value(upper)))
        case .membership(let field, let list, let negated):
            guard case .field(let name) = field.kind else { throw cannot(field, " (a field)") }
            guard case .list(let items) = list.kind else { throw cannot(list, " (a list)") }
            var values: [Value] = []
            for item in items { values.append(try Self.value(item)) }
            self = .member(field: name, values, negated: negated)
        case .like(let field, let pattern):
            guard case .field(let name) = field.kind else { throw cannot(field, " (a field)") }
            let body = Self.unescaped(String(pattern.dropLast()))
            guard pattern.hasSuffix("%"), !body.contains("%"), !body.contains("_") else {
                throw cannot(tree, ": only a prefix (\"abc%\") is evaluated")
            }
            self = .prefix(field: name, body)
        default:
            throw cannot(tree)
        }
    }

    /// A literal: a number (with its sign), a string, true or false.
    static func value(_ tree: FilterTree) throws(FilterProblem) -> Value {
        switch tree.kind {
        case .integer(let value): return .integer(value)
        case .float(let value): return .number(value)
        case .string(let text): return .text(unescaped(text))
        case .boolean(let value): return .boolean(value)
        case .unary("-", let operand):
            switch operand.kind {
            case .integer(let value) where value != .min: return .integer(-value)
            case .float(let value): return .number(-value)
            default: break
            }
        case .unary("+", let operand): return try value(operand)
        default: break
        }
        throw FilterProblem(column: tree.column, "traceload cannot evaluate '\(tree.text)' (a number, a quoted string, true or false)")
    }

    /// A string literal's text with its escapes read as Milvus reads them (Go's `strconv.Unquote`:
    /// `\n`, `\t`, `\"`, `\\`, `\x41`, `\u00e9`, octal `\101`, ...): the value it compares.
    static func unescaped(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        var i = 0
        func scalar(_ digits: ArraySlice<Character>, radix: Int) -> Character? {
            UInt32(String(digits), radix: radix).flatMap(Unicode.Scalar.init).map(Character.init)
        }
        while i < characters.count {
            let c = characters[i]
            guard c == "\\", i + 1 < characters.count else {
                out.append(c)
                i += 1
                continue
            }
            let e = characters[i + 1]
            let simple: [Character: Character] = [
                "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t", "v": "\u{0B}",
            ]
            let widths: [Character: (count: Int, radix: Int)] = ["x": (2, 16), "u": (4, 16), "U": (8, 16)]
            if let mapped = simple[e] {
                out.append(mapped)
                i += 2
            } else if let (count, radix) = widths[e], i + 2 + count <= characters.count,
                let value = scalar(characters[(i + 2)..<(i + 2 + count)], radix: radix)
            {
                out.append(value)
                i += 2 + count
            } else if ("0"..."7").contains(e), i + 4 <= characters.count,
                let value = scalar(characters[(i + 1)..<(i + 4)], radix: 8)
            {
                out.append(value)
                i += 4
            } else {
                out.append(e)
                i += 2
            }
        }
        return out
    }
}
