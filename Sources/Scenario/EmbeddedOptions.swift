public struct EmbeddedOptions: Sendable, Equatable, Codable {
    /// The virtualenv holding `milvus-server`; relative paths are resolved from the working directory.
    public var venv: String
    public var requestTimeoutSeconds: Double
    /// Seconds to wait for `/healthz` after start.
    public var startTimeoutSeconds: Double

    public init(venv: String = ".venv", requestTimeoutSeconds: Double = 10, startTimeoutSeconds: Double = 180) {
        self.venv = venv
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.startTimeoutSeconds = startTimeoutSeconds
    }
}
