package enum ClientTracingError: Error, CustomStringConvertible {
    case badEndpoint(String)
    case badCompression(String)

    package var description: String {
        switch self {
        case .badEndpoint(let endpoint): "OTLP endpoint '\(endpoint)': expected http://HOST:PORT or https://HOST:PORT"
        case .badCompression(let value):
            "OTEL_EXPORTER_OTLP_COMPRESSION '\(value)': expected gzip or none"
        }
    }
}
