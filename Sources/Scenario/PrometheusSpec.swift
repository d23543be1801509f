import Foundation

/// `milvus.prometheus`: a Prometheus server's URL and the label matchers that pick this Milvus out.
package struct PrometheusSpec: Sendable, Equatable, Codable {
    package var url: String
    package var selector: String

    package init(url: String, selector: String = "") {
        self.url = url
        self.selector = selector
    }
}
