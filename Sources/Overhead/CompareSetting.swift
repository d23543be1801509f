/// One tracing configuration `traceload compare` measures.
public struct CompareSetting: Sendable, Equatable, Codable, Hashable {
    /// Client side: nil sends no trace context at all; otherwise every request carries a
    /// `traceparent`, sampled (flags 01) at this fraction.
    public var clientFraction: Double?
    /// Server side: nil runs Milvus with the `noop` exporter; otherwise the OTLP exporter with
    /// this `trace.sampleFraction` (for requests that arrive without a sampled parent).
    public var serverFraction: Double?

    public init(clientFraction: Double?, serverFraction: Double?) {
        self.clientFraction = clientFraction
        self.serverFraction = serverFraction
    }

    /// Tracing off on both sides: what every other setting is measured against.
    public static let off = CompareSetting(clientFraction: nil, serverFraction: nil)

    public var isBaseline: Bool { self == .off }

    /// A short stable name: `off`, `client-0.1`, `server-1`, `client-0.1+server-0.5`.
    public var name: String {
        switch (clientFraction, serverFraction) {
        case (nil, nil): "off"
        case (let client?, nil): "client-\(formatFraction(client))"
        case (nil, let server?): "server-\(formatFraction(server))"
        case (let client?, let server?):
            server == 0
                ? "client-\(formatFraction(client))"
                : "client-\(formatFraction(client))+server-\(formatFraction(server))"
        }
    }

    /// How the verdict names it: "fraction 0.1", "server fraction 1".
    public var label: String {
        switch (clientFraction, serverFraction) {
        case (nil, nil): "tracing off"
        case (let client?, nil): "client fraction \(formatFraction(client)) (server untouched)"
        case (nil, let server?): "server fraction \(formatFraction(server)) (no client context)"
        case (let client?, let server?):
            server == 0
                ? "fraction \(formatFraction(client))"
                : "fraction \(formatFraction(client)), server fraction \(formatFraction(server))"
        }
    }
}

public func formatFraction(_ value: Double) -> String {
    if value == value.rounded() { return String(Int(value)) }
    var text = String(value)
    if text.contains("e") { text = String(format: "%.6f", value) }
    while text.hasSuffix("0") { text.removeLast() }
    return text
}
