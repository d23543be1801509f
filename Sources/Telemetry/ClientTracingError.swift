package enum ClientTracingError: Error, CustomStringConvertible {
    case badEndpoint(String)

    package var description: String {
        switch self {
        case .badEndpoint(let endpoint): "OTLP endpoint '\(endpoint)': expected http://HOST:PORT or https://HOST:PORT"
        }
    }
}
