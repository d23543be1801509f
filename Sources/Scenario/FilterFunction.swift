/// A function Milvus's filter grammar has (the union of 2.3 to 2.6: `text_match` came in 2.5,
/// `phrase_match`, `random_sample` and the `st_` geometry tests in 2.6), with the shape of its
/// arguments as the grammar fixes it.
struct FilterFunction: Sendable {
    enum Argument: Sendable {
        /// Any expression.
        case expression
        /// A field's name (or a JSON path), not an expression.
        case field
        /// A quoted string.
        case string
        /// `minimum_should_match = N`, text_match's option.
        case option
    }

    var name: String
    var arguments: [Argument]
    var optional: [Argument] = []
    /// A name the lexer does not reserve: Milvus lowercases it and looks it up at search time
    /// (`empty`, `starts_with`), so any spelling works; the reserved ones are lowercase or
    /// uppercase only.
    var anyCase = false

    static let all: [FilterFunction] =
        [
            "json_contains", "json_contains_all", "json_contains_any", "array_contains", "array_contains_all",
            "array_contains_any",
        ].map { FilterFunction(name: $0, arguments: [.expression, .expression]) }
        + [
            FilterFunction(name: "array_length", arguments: [.field]),
            FilterFunction(name: "text_match", arguments: [.field, .string], optional: [.option]),
            FilterFunction(name: "phrase_match", arguments: [.field, .string], optional: [.expression]),
            FilterFunction(name: "random_sample", arguments: [.expression]),
            FilterFunction(name: "st_dwithin", arguments: [.field, .string, .expression]),
            FilterFunction(name: "empty", arguments: [.expression], anyCase: true),
            FilterFunction(name: "starts_with", arguments: [.expression, .expression], anyCase: true),
        ]
        + ["st_equals", "st_touches", "st_overlaps", "st_crosses", "st_contains", "st_intersects", "st_within"].map {
            FilterFunction(name: $0, arguments: [.field, .string])
        }

    static func named(_ written: String) -> FilterFunction? {
        all.first {
            $0.name == written || $0.name.uppercased() == written || ($0.anyCase && $0.name == written.lowercased())
        }
    }

    /// Whether the lexer reserves this word for a function, so that it cannot name a field.
    static func isReserved(_ word: String) -> Bool {
        named(word).map { !$0.anyCase } ?? false
    }

    var arity: String {
        let counts =
            optional.isEmpty ? "\(arguments.count)" : "\(arguments.count) or \(arguments.count + optional.count)"
        return "\(counts) argument\(arguments.count == 1 && optional.isEmpty ? "" : "s")"
    }
}
