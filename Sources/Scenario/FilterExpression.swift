/// A Milvus boolean filter expression, as far as traceload evaluates one itself: comparisons of
/// a field with a value, ranges (`10 <= age < 20`), `in` / `not in` lists, `like` with a prefix
/// pattern, and `and` / `or` / `not` (also `&&`, `||`, `!`). What a filter selects can then be
/// computed on the rows traceload inserted (for filtered ground truth), and its fields checked
/// against the collection's before anything runs.
package indirect enum FilterExpression: Sendable, Equatable {
    package enum Value: Sendable, Equatable, CustomStringConvertible {
        case integer(Int64)
        case number(Double)
        case text(String)
        case boolean(Bool)

        package var description: String {
            switch self {
            case .integer(let value): String(value)
            case .number(let value): String(value)
            case .text(let value): "\"\(value)\""
            case .boolean(let value): String(value)
            }
        }
    }

    package enum Comparison: String, Sendable, Equatable, CaseIterable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    case compare(field: String, Comparison, Value)
    case member(field: String, [Value], negated: Bool)
    /// `field like "prefix%"`: the rows whose value starts with the prefix.
    case prefix(field: String, String)
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)
    case not(FilterExpression)

    /// Every field the expression names.
    package var fields: [String] {
        switch self {
        case .compare(let field, _, _), .member(let field, _, _), .prefix(let field, _): [field]
        case .and(let a, let b), .or(let a, let b): a.fields + b.fields
        case .not(let a): a.fields
        }
    }
}

extension FilterExpression {
    /// Whether a row with these field values satisfies the expression (`value(field)`; nil: the
    /// row has no such field, which satisfies no comparison). Numbers compare as numbers whatever
    /// their literal's form; text with text; booleans with booleans.
    package func matches(_ value: (String) -> Value?) -> Bool {
        switch self {
        case .compare(let field, let comparison, let literal):
            guard let actual = value(field), let order = Self.order(actual, literal) else {
                return comparison == .notEqual && value(field) != nil
            }
            switch comparison {
            case .equal: return order == 0
            case .notEqual: return order != 0
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            case .greaterOrEqual: return order >= 0
            }
        case .member(let field, let values, let negated):
            guard let actual = value(field) else { return false }
            return values.contains { Self.order(actual, $0) == 0 } != negated
        case .prefix(let field, let prefix):
            guard case .text(let text)? = value(field) else { return false }
            return text.hasPrefix(prefix)
        case .and(let a, let b): return a.matches(value) && b.matches(value)
        case .or(let a, let b): return a.matches(value) || b.matches(value)
        case .not(let a): return !a.matches(value)
        }
    }

    /// -1, 0 or 1; nil when the two cannot be compared (text against a number).
    static func order(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.text(let x), .text(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (x ? 1 : -1)
        default:
            guard let x = a.number, let y = b.number else { return nil }
            return x < y ? -1 : x == y ? 0 : 1
        }
    }
}

extension FilterExpression.Value {
    var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }
}
