/// A collection that could not be made ready: the step, and what Milvus said or how long it took.
package struct SetupError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
