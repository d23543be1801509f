import Foundation

/// `milvus.prometheus`: a Prometheus server's URL and the label matchers that pick this Milvus out.
public struct PrometheusSpec: Sendable, Equatable, Codable {
    public var url: String
    public var selector: String

    public init(url: String, selector: String = "") {
        self.url = url
        self.selector = selector
    }
}
