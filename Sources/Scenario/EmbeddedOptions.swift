package struct EmbeddedOptions: Sendable, Equatable, Codable {
    /// The virtualenv holding `milvus-server`; relative paths are resolved from the working directory.
    package var venv: String
    package var requestTimeoutSeconds: Double
    /// Seconds to wait for `/healthz` after start.
    package var startTimeoutSeconds: Double

    package init(venv: String = ".venv", requestTimeoutSeconds: Double = 10, startTimeoutSeconds: Double = 180) {
        self.venv = venv
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.startTimeoutSeconds = startTimeoutSeconds
    }
}
