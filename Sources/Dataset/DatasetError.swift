/// A vector file that cannot be read as asked: which file, and what is wrong with it.
package struct DatasetError: Error, CustomStringConvertible, Equatable {
    package var file: String
    package var message: String

    package init(_ file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    package var description: String { "\(file): \(message)" }
}
