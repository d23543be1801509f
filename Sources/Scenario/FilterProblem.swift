/// Something in a filter that Milvus would refuse, at a column of the filter (from 1; nil: at its
/// end, where something is missing).
package struct FilterProblem: Error, Equatable, CustomStringConvertible {
    package var column: Int?
    package var message: String

    package init(column: Int?, _ message: String) {
        self.column = column
        self.message = message
    }

    package var description: String {
        "\(column.map { "at column \($0)" } ?? "at the end"), \(message)"
    }
}
