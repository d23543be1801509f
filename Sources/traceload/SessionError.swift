/// A session that cannot go on (the receiver cannot listen, the embedded Milvus is not running);
/// its message is the whole explanation.
struct SessionError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
