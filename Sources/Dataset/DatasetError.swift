/// A vector file that cannot be read as asked: which file, and what is wrong with it.
public struct DatasetError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var message: String

    public init(_ file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
