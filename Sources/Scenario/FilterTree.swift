/// A filter as Milvus's grammar reads it: every part with the column where it starts and its
/// text, so that a check on it can say where, in the filter's own words.
package struct FilterTree: Sendable, Equatable {
    package indirect enum Kind: Sendable, Equatable {
        case integer(Int64)
        case float(Double)
        case string(String)
        case boolean(Bool)
        case list([FilterTree])
        case field(String)
        /// `meta["k"]`, `arr[0]`: a JSON key or an array element of the field `base`.
        case path(base: String)
        /// `-`, `+` or `not` (also written `!`, `NOT`).
        case unary(String, FilterTree)
        /// Arithmetic (`+ - * / % **`), comparisons (`== != < <= > >=`), `and`, `or`.
        case binary(String, FilterTree, FilterTree)
        /// `lower < field <= upper`, also when written `upper > field >= lower`.
        case range(lower: FilterTree, FilterTree, upper: FilterTree, lowerInclusive: Bool, upperInclusive: Bool)
        case membership(FilterTree, list: FilterTree, negated: Bool)
        case like(FilterTree, pattern: String)
        case isNull(FilterTree, negated: Bool)
        case exists(FilterTree)
        /// A function, by its name as written: `json_contains(tags, "a")`.
        case call(String, [FilterTree])
    }

    package var kind: Kind
    package var column: Int
    package var text: String

    package init(_ kind: Kind, column: Int, text: String) {
        self.kind = kind
        self.column = column
        self.text = text
    }
}
