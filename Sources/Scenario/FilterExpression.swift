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
