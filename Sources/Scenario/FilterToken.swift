/// One token of a Milvus filter, with the column (from 1) where it starts, so that a mistake can
/// be pointed at.
struct FilterToken: Equatable {
    enum Kind: Equatable {
        /// A field name (`tenant`, `$meta`) or a function's name.
        case identifier
        /// A field with keys or indexes, one token in Milvus's lexer: `meta["k"]`, `arr[0]`.
        case path(base: String)
        case integer(Int64)
        case float(Double)
        /// The text between the quotes, escapes left as written.
        case string(String)
        case boolean(Bool)
        /// `and`, `or`, `not`, `in`, `like`, `exists`, `is null`, `is not null` (lowercased).
        case keyword(String)
        /// An operator or punctuation: `==`, `<=`, `(`, `,`, `=`...
        case symbol(String)
    }

    var kind: Kind
    /// The token as written.
    var text: String
    var column: Int
    /// The column just past the token, for slicing the source text of a sub-expression.
    var end: Int

    func isSymbol(_ symbols: String...) -> Bool {
        guard case .symbol(let symbol) = kind else { return false }
        return symbols.contains(symbol)
    }

    func isKeyword(_ keyword: String) -> Bool { kind == .keyword(keyword) }

    /// How the token reads in a message: `'=='`, `'tenant'`, `"7"`.
    var quoted: String {
        if case .string = kind { return text }
        return "'\(text)'"
    }
}
