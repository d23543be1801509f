/// The checks Milvus makes on a filter once it knows the collection's fields (planparserv2's
/// visitor, 2.3 to 2.6): every name a field of the collection (traceload creates no dynamic
/// field, so Milvus takes no other), a literal of the field's type (int64 takes integers, float
/// integers or decimals, varchar strings, bool true or false), `like` on varchar, arithmetic on
/// numbers and `**` on constants only, `and` / `or` / `not` between conditions, JSON and array
/// functions on JSON and array fields (traceload declares none), and a condition as the whole
/// filter; also an empty range (`10 < x < 5`), which 2.3 accepts and 2.5 on refuse ("invalid
/// range: lowerbound is greater than upperbound", the one rule here not the union of the
/// versions': on any of them it selects nothing, never what a load test means). A field the
/// collection lacks is reported once, and nothing else is checked against it.
package struct FilterCheck {
    /// The collection's fields in order, `id` (the primary key) first.
    let fields: [(name: String, type: ScalarType)]
    private(set) var problems: [FilterProblem] = []
    private var unknown: Set<String> = []

    package static func problems(in tree: FilterTree, fields: [(name: String, type: ScalarType)]) -> [FilterProblem] {
        var check = FilterCheck(fields: fields)
        check.requireCondition(check.operand(tree), tree, "a filter is a condition")
        return check.problems
    }

    /// The declared type of a field; nil (reported once) for a name the collection lacks.
    mutating func type(of name: String, _ tree: FilterTree) -> ScalarType? {
        if let field = fields.first(where: { $0.name == name }) { return field.type }
        if unknown.insert(name).inserted {
            let names = fields.map(\.name)
            report(
                tree,
                "'\(name)' is not a field of the collection; its fields are \(names.joined(separator: ", "))\(suggestion(for: name, among: names))"
            )
        }
        return nil
    }

    /// What a part of a filter is, as far as the checks need.
    enum Operand: Equatable {
        case value(Literal)
        case column(String, ScalarType)
        /// Arithmetic on a field, or `array_length(...)`.
        case computed(ScalarType)
        case condition
        /// A field the collection does not declare, or a JSON path: nothing to check against.
        case unknown
    }

    enum Literal: String { case integer, float, string, boolean, list }

    mutating func report(_ tree: FilterTree, _ message: String) {
        problems.append(FilterProblem(column: tree.column, message))
    }

    mutating func operand(_ tree: FilterTree) -> Operand {
        switch tree.kind {
        case .integer: return .value(.integer)
        case .float: return .value(.float)
        case .string: return .value(.string)
        case .boolean: return .value(.boolean)
        case .list(let items):
            for item in items { requireValue(operand(item), item, "a list holds values written in the filter") }
            return .value(.list)
        case .field(let name): return type(of: name, tree).map { .column(name, $0) } ?? .unknown
        case .path(let base):
            if let type = type(of: base, tree) {
                report(tree, "\(base) is \(type.rawValue); only JSON and array fields take a key or an index")
            }
            return .unknown
        case .unary(let op, let a): return unary(op, a, tree)
        case .binary(let op, let a, let b) where op == "and" || op == "or":
            let (left, right) = (operand(a), operand(b))
            if left == .value(.boolean) && right == .value(.boolean) { return .condition }
            let lead = "'\(op)' joins conditions"
            requireCondition(left, a, lead)
            requireCondition(right, b, lead)
            return .condition
        case .binary(let op, let a, let b) where ["==", "!=", "<", "<=", ">", ">="].contains(op):
            return compare(op, a, b)
        case .binary(let op, let a, let b): return arithmetic(op, a, b)
        case .range(let lower, let field, let upper, let lowerInclusive, let upperInclusive):
            range(lower, field, upper, inclusive: lowerInclusive && upperInclusive)
            return .condition
        case .membership(let a, let list, _):
            let left = operand(a)
            if case .column(let name, let type) = left, case .list(let items) = list.kind {
                for item in items { fit(operand(item), item, to: name, type) }
            } else {
                if left != .unknown { report(a, "'in' applies to a field; \(a.text) is \(phrase(left))") }
                _ = operand(list)
            }
            return .condition
        case .like(let a, _):
            let left = operand(a)
            if case .column(let name, let type) = left, type != .varchar {
                report(a, "like applies to varchar fields; \(name) is \(type.rawValue)")
            } else if !isField(left) {
                report(a, "like applies to a field; \(a.text) is \(phrase(left))")
            }
            return .condition
        case .isNull(let a, _):
            _ = operand(a)
            return .condition
        case .exists(let a):
            let inner = operand(a)
            if case .path = a.kind {
            } else if inner != .unknown {
                report(a, "exists applies to a JSON key (meta[\"k\"]); \(a.text) is \(phrase(inner))")
            }
            return .condition
        case .call(let name, let arguments): return call(name.lowercased(), arguments)
        }
    }

    mutating func unary(_ op: String, _ a: FilterTree, _ tree: FilterTree) -> Operand {
        let inner = operand(a)
        switch (op, inner) {
        case (_, .unknown): return op == "not" ? .condition : .unknown
        case ("not", .condition), ("not", .value(.boolean)): return .condition
        case ("not", .column(let name, .bool)):
            report(tree, "'not' needs a condition; \(name) is a bool field: write \(name) == false")
            return .unknown
        case ("not", _):
            report(
                tree,
                "'not' applies to \(a.text) alone, \(phrase(inner)): it binds tighter than comparisons, so put the condition in parentheses, not (...)"
            )
            return .unknown
        case (_, .value(.integer)), (_, .value(.float)), ("+", .column), ("+", .computed): return inner
        case ("-", .column), ("-", .computed):
            report(
                tree,
                "Milvus negates only numbers written in the filter, not \(a.text); move the sign to the other side")
            return .unknown
        default:
            report(tree, "'\(op)' applies to numbers; \(a.text) is \(phrase(inner))")
            return .unknown
        }
    }

    mutating func arithmetic(_ op: String, _ a: FilterTree, _ b: FilterTree) -> Operand {
        let sides = [(operand(a), a), (operand(b), b)]
        var type = ScalarType.int64
        var constant = true
        for (side, tree) in sides {
            switch side {
            case .unknown: return .unknown
            case .value(.integer): break
            case .value(.float): type = .float
            case .column(_, let t) where t == .int64 || t == .float, .computed(let t):
                constant = false
                if t == .float { type = .float }
            default:
                report(tree, "arithmetic needs numbers; \(tree.text) is \(phrase(side))")
                return .unknown
            }
        }
        if op == "**", !constant {
            report(a, "'**' applies to numbers written in the filter, not to fields (\(a.text) ** \(b.text))")
            return .unknown
        }
        if op == "%", let (side, tree) = sides.first(where: { Self.isFloat($0.0) }) {
            report(tree, "'%' needs whole numbers; \(tree.text) is \(phrase(side))")
            return .unknown
        }
        if op == "/" || op == "%", Self.number(b) == 0 {
            report(b, "division by zero")
            return .unknown
        }
        // Milvus folds `2 + a` and `2 * a` into `a + 2`, `a * 2`; the others it refuses.
        if case .value = sides[0].0, !constant, ["-", "/", "%"].contains(op) {
            report(
                a,
                "Milvus refuses a number before '\(op)' and a field after it (\(a.text) \(op) \(b.text)); rewrite it with the field first"
            )
            return .unknown
        }
        if constant { return .value(type == .float || op == "**" ? .float : .integer) }
        return .computed(type)
    }

    mutating func compare(_ op: String, _ a: FilterTree, _ b: FilterTree) -> Operand {
        let (left, right) = (operand(a), operand(b))
        if left == .unknown || right == .unknown { return .condition }
        for (side, tree) in [(left, a), (right, b)] where side == .condition {
            report(
                tree, "'\(op)' compares values; \(tree.text) is already a condition (a range is lower < field < upper)")
            return .condition
        }
        switch (left, right) {
        case (.value(let x), .value(let y)):
            if Self.family(x) != Self.family(y) {
                report(b, "\(a.text) and \(b.text) cannot be compared: \(phrase(left)) and \(phrase(right))")
            }
        case (.value, _): fit(left, a, to: b.text, Self.type(of: right))
        case (_, .value): fit(right, b, to: a.text, Self.type(of: left))
        default:
            let (x, y) = (Self.type(of: left), Self.type(of: right))
            if Self.family(x) != Self.family(y) {
                report(b, "\(a.text) (\(x.rawValue)) cannot be compared with \(b.text) (\(y.rawValue))")
            }
        }
        return .condition
    }

    mutating func range(_ lower: FilterTree, _ field: FilterTree, _ upper: FilterTree, inclusive: Bool) {
        let bounds = [(operand(lower), lower), (operand(upper), upper)]
        for (bound, tree) in bounds { requireValue(bound, tree, "a range's bounds are values written in the filter") }
        guard case .column(let name, let type) = operand(field) else { return }
        guard type != .bool else { return report(field, "a range does not apply to \(name), a bool field") }
        for (bound, tree) in bounds {
            if case .value = bound { fit(bound, tree, to: name, type) }
        }
        if let low = Self.number(lower), let high = Self.number(upper), inclusive ? low > high : low >= high {
            report(
                lower,
                "the range \(lower.text) ... \(upper.text) is empty: it selects nothing (Milvus 2.5 and later refuse it)"
            )
        }
    }

    mutating func call(_ name: String, _ arguments: [FilterTree]) -> Operand {
        let operands = arguments.map { operand($0) }
        let first = operands.first.flatMap { if case .column(let field, let type) = $0 { (field, type) } else { nil } }
        switch name {
        case _ where name.hasPrefix("json_contains") || name.hasPrefix("array_contains") || name == "array_length":
            if let (field, type) = first {
                report(arguments[0], "\(name) applies to JSON and array fields; \(field) is \(type.rawValue)")
            }
            if arguments.count == 2 {
                requireValue(operands[1], arguments[1], "\(name) looks for values written in the filter")
                if name.hasSuffix("_all") || name.hasSuffix("_any"), case .value(let literal) = operands[1],
                    literal != .list
                {
                    report(
                        arguments[1],
                        "\(name) takes a list of values, [1, 2]; \(arguments[1].text) is \(phrase(operands[1]))")
                }
            }
            return name == "array_length" ? .computed(.int64) : .condition
        case "random_sample":
            if !(Self.number(arguments[0]).map { $0 > 0 && $0 < 1 } ?? false) {
                report(arguments[0], "random_sample takes a fraction between 0 and 1, found \(arguments[0].text)")
            }
        case "text_match", "phrase_match", "empty", "starts_with":
            for (side, tree) in zip(operands, arguments).prefix(name.hasSuffix("_match") ? 1 : 2) {
                if case .column(let field, let type) = side, type != .varchar {
                    report(tree, "\(name) applies to varchar fields; \(field) is \(type.rawValue)")
                }
            }
        default:
            if let (field, type) = first {
                report(arguments[0], "\(name) applies to geometry fields; \(field) is \(type.rawValue)")
            }
        }
        return .condition
    }

    /// A literal where a value of `type` is expected, as Milvus casts it.
    mutating func fit(_ side: Operand, _ tree: FilterTree, to name: String, _ type: ScalarType) {
        guard case .value(let literal) = side else {
            return requireValue(side, tree, "\(name) is compared with values written in the filter")
        }
        let fits =
            switch (literal, type) {
            case (.integer, .int64), (.integer, .float), (.float, .float), (.string, .varchar), (.boolean, .bool): true
            default: false
            }
        if !fits { report(tree, "\(name) is \(type.rawValue); \(tree.text) is \(phrase(side))") }
    }

    mutating func requireValue(_ side: Operand, _ tree: FilterTree, _ lead: String) {
        if case .value = side { return }
        if side != .unknown { report(tree, "\(lead); \(tree.text) is \(phrase(side))") }
    }

    mutating func requireCondition(_ side: Operand, _ tree: FilterTree, _ lead: String) {
        switch side {
        case .condition, .unknown: return
        case .column(let name, .bool): report(tree, "\(lead); \(name) is a bool field: write \(name) == true")
        default: report(tree, "\(lead); \(tree.text) is \(phrase(side))")
        }
    }
}
