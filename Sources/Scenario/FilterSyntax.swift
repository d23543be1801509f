/// Checks a filter against Milvus's boolean expression grammar (`Plan.g4`) as Milvus 2.3 to 2.6
/// accept it, and returns its tree for the type checks. Where the versions differ, what any of
/// them accepts passes (uppercase `AND`, `is null`, `text_match` are 2.5's), so that a filter
/// valid for the server at hand is never refused. What traceload evaluates itself, for recall, is
/// read from this tree (`FilterExpression.init(_:)`), so the two never read a filter differently.
///
/// Precedence follows the grammar's order of alternatives: `like`, then `**`, then the prefix
/// operators (so `not a == 1` reads as `(not a) == 1`, as in Milvus), `* / %`, `+ -`, `in`,
/// ranges and `< <= > >=`, `== !=`, `and`, `or`.
package struct FilterSyntax {
    let tokens: [FilterToken]
    let source: [Character]
    var position = 0

    package static func parse(_ text: String) throws(FilterProblem) -> FilterTree {
        let tokens = try FilterLexer.tokens(of: text)
        guard !tokens.isEmpty else { throw FilterProblem(column: nil, "the filter is empty") }
        var parser = FilterSyntax(tokens: tokens, source: Array(text))
        let tree = try parser.expression(0)
        if let extra = parser.peek {
            throw parser.unexpected(extra, "an operator (==, <, in, and, or, ...) or the end of the filter")
        }
        return tree
    }

    /// Binary operators by how tightly they bind (higher: tighter).
    static let levels: [String: Int] = [
        "**": 9, "*": 8, "/": 8, "%": 8, "+": 7, "-": 7, "in": 5, "not": 5, "<": 4, "<=": 4, ">": 4, ">=": 4,
        "==": 3, "!=": 3, "and": 2, "&&": 2, "or": 1, "||": 1,
    ]
    static let prefixLevel = 9

    mutating func expression(_ minimum: Int) throws(FilterProblem) -> FilterTree {
        var left = try unary()
        while let token = peek {
            if token.isSymbol("=") { throw FilterProblem(column: token.column, "'=' is not an operator; use '=='") }
            let op: String
            switch token.kind {
            case .symbol(let symbol): op = symbol
            case .keyword(let keyword): op = keyword
            default: op = ""
            }
            guard let level = Self.levels[op], level >= minimum else { break }
            position += 1
            if level == 5 {
                let negated = op == "not"
                if negated, !accept(keyword: "in") {
                    throw unexpected(peek, "'in' after 'not' (x not in [1, 2])")
                }
                guard peek?.isSymbol("[") == true else {
                    throw unexpected(peek, "a list in brackets after 'in', [1, 2, 3]")
                }
                let list = try primary()
                left = node(.membership(left, list: list, negated: negated), from: left, to: list)
            } else if level == 4, let range = try range(from: left, op) {
                left = range
            } else {
                let right = try expression(level + 1)
                let name = ["&&": "and", "||": "or"][op] ?? op
                left = node(.binary(name, left, right), from: left, to: right)
            }
        }
        return left
    }

    /// `lower < field < upper` (or `>` both ways): a comparison whose right side is a field
    /// followed by a second comparison the same way round.
    mutating func range(from lower: FilterTree, _ op: String) throws(FilterProblem) -> FilterTree? {
        let ascending = op.hasPrefix("<")
        guard let field = peek, isField(field), position + 1 < tokens.count,
            tokens[position + 1].isSymbol(ascending ? "<" : ">", ascending ? "<=" : ">=")
        else { return nil }
        let fieldTree = try primary()
        let op2 = tokens[position].text
        position += 1
        let upper = try expression(5)
        let (low, high) = ascending ? (lower, upper) : (upper, lower)
        let (lowOp, highOp) = ascending ? (op, op2) : (op2, op)
        return node(
            .range(
                lower: low, fieldTree, upper: high, lowerInclusive: lowOp.hasSuffix("="),
                upperInclusive: highOp.hasSuffix("=")),
            from: lower, to: upper)
    }

    mutating func unary() throws(FilterProblem) -> FilterTree {
        if let token = peek, token.isSymbol("-", "+", "!") || token.isKeyword("not") {
            position += 1
            let operand = try expression(Self.prefixLevel)
            let op = token.isSymbol("-", "+") ? token.text : "not"
            return FilterTree(.unary(op, operand), column: token.column, text: slice(token.column, operand))
        }
        var operand = try primary()
        while accept(keyword: "like") {
            guard let pattern = peek, case .string(let text) = pattern.kind else {
                throw unexpected(peek, "a quoted pattern after 'like' (like \"abc%\")")
            }
            position += 1
            operand = FilterTree(
                .like(operand, pattern: text), column: operand.column, text: slice(operand.column, to: pattern.end))
        }
        return operand
    }

    mutating func primary() throws(FilterProblem) -> FilterTree {
        guard let token = peek else { throw unexpected(nil, "a field, a value or '('") }
        position += 1
        let leaf = { (kind: FilterTree.Kind) in FilterTree(kind, column: token.column, text: token.text) }
        switch token.kind {
        case .integer(let value): return leaf(.integer(value))
        case .float(let value): return leaf(.float(value))
        case .string(let value): return leaf(.string(value))
        case .boolean(let value): return leaf(.boolean(value))
        case .identifier where peek?.isSymbol("(") == true: return try call(token)
        case .identifier, .path:
            if FilterFunction.isReserved(token.text) {
                throw FilterProblem(column: token.column, "\(token.text) is a function; expected '(' after it")
            }
            let field = leaf(token.kind == .identifier ? .field(token.text) : .path(base: baseName(token)))
            if let next = peek, next.isKeyword("is null") || next.isKeyword("is not null") {
                position += 1
                return FilterTree(
                    .isNull(field, negated: next.isKeyword("is not null")), column: token.column,
                    text: slice(token.column, to: next.end))
            }
            if let next = peek, next.isSymbol("["), next.column == token.end {
                throw FilterProblem(
                    column: next.column,
                    "a field's key or index is a quoted string or a whole number: meta[\"k\"], arr[0]")
            }
            return field
        case .keyword("exists"):
            let operand = try primary()
            return FilterTree(.exists(operand), column: token.column, text: slice(token.column, operand))
        case .symbol("("):
            let inner = try expression(0)
            guard accept(symbol: ")") else { throw unexpected(peek, "')' to close the '(' at column \(token.column)") }
            return FilterTree(inner.kind, column: token.column, text: slice(token.column, to: tokens[position - 1].end))
        case .symbol("["):
            var items: [FilterTree] = []
            while !(peek?.isSymbol("]") ?? false) {
                items.append(try expression(0))
                guard accept(symbol: ",") else { break }
            }
            guard accept(symbol: "]") else {
                throw unexpected(peek, "',' or ']' in the list opened at column \(token.column)")
            }
            return FilterTree(
                .list(items), column: token.column, text: slice(token.column, to: tokens[position - 1].end))
        default:
            position -= 1
            throw unexpected(token, "a field, a value or '('")
        }
    }

    mutating func call(_ name: FilterToken) throws(FilterProblem) -> FilterTree {
        guard let function = FilterFunction.named(name.text) else {
            let names = FilterFunction.all.map(\.name).joined(separator: ", ")
            throw FilterProblem(column: name.column, "'\(name.text)' is not a function Milvus has; it has \(names)")
        }
        position += 1
        let shapes = function.arguments + function.optional
        var arguments: [FilterTree] = []
        var comma = false
        while !(peek?.isSymbol(")") ?? false), arguments.count < shapes.count {
            arguments.append(try argument(shapes[arguments.count], of: function))
            comma = accept(symbol: ",")
            guard comma else { break }
        }
        // Only the functions Milvus looks up by name take a trailing comma.
        if comma, !function.anyCase, peek?.isSymbol(")") == true {
            throw FilterProblem(
                column: tokens[position - 1].column, "a ',' before ')': \(function.name) takes \(function.arity)")
        }
        let closed = accept(symbol: ")")
        if closed ? arguments.count < function.arguments.count : comma && arguments.count == shapes.count {
            throw FilterProblem(column: name.column, "\(function.name) takes \(function.arity)")
        }
        if !closed { throw unexpected(peek, "',' or ')' in \(name.text)(...)") }
        return FilterTree(
            .call(name.text, arguments), column: name.column, text: slice(name.column, to: tokens[position - 1].end))
    }

    mutating func argument(_ shape: FilterFunction.Argument, of function: FilterFunction) throws(FilterProblem)
        -> FilterTree
    {
        switch shape {
        case .expression:
            return try expression(0)
        case .field:
            guard let token = peek, isField(token), !(position + 1 < tokens.count && tokens[position + 1].isSymbol("("))
            else { throw unexpected(peek, "a field's name as \(function.name)'s first argument") }
            return try primary()
        case .string:
            guard let token = peek, case .string = token.kind else { throw unexpected(peek, "a quoted string") }
            return try primary()
        case .option:
            guard let token = peek, token.text.lowercased() == "minimum_should_match", accept(identifier: token.text),
                accept(symbol: "="), let value = peek, case .integer = value.kind
            else { throw unexpected(peek, "minimum_should_match = N") }
            return try primary()
        }
    }

    // MARK: tokens

    var peek: FilterToken? { position < tokens.count ? tokens[position] : nil }

    mutating func accept(symbol: String) -> Bool {
        guard peek?.isSymbol(symbol) == true else { return false }
        position += 1
        return true
    }

    mutating func accept(keyword: String) -> Bool {
        guard peek?.isKeyword(keyword) == true else { return false }
        position += 1
        return true
    }

    mutating func accept(identifier: String) -> Bool {
        guard let token = peek, token.kind == .identifier, token.text == identifier else { return false }
        position += 1
        return true
    }

    func isField(_ token: FilterToken) -> Bool {
        if case .path = token.kind { return true }
        return token.kind == .identifier
    }

    func baseName(_ token: FilterToken) -> String {
        if case .path(let base) = token.kind { return base }
        return token.text
    }

    func unexpected(_ token: FilterToken?, _ expected: String) -> FilterProblem {
        guard let token else {
            let last = tokens.last.map { " after \($0.quoted)" } ?? ""
            return FilterProblem(column: nil, "expected \(expected)\(last)")
        }
        return FilterProblem(column: token.column, "expected \(expected), found \(token.quoted)")
    }

    func node(_ kind: FilterTree.Kind, from first: FilterTree, to last: FilterTree) -> FilterTree {
        FilterTree(kind, column: first.column, text: slice(first.column, last))
    }

    func slice(_ column: Int, _ last: FilterTree) -> String { slice(column, to: last.column + last.text.count) }

    func slice(_ column: Int, to end: Int) -> String {
        String(source[(column - 1)..<min(max(end - 1, column - 1), source.count)])
    }
}
