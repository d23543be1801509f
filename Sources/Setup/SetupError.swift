/// A collection that could not be made ready: the step, and what Milvus said or how long it took.
public struct SetupError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
