import Foundation
import Yams

extension ScenarioReader {
    func readMilvus(_ node: Node?) -> MilvusTarget {
        guard let node else { return .embedded(EmbeddedOptions()) }
        if case .scalar(let scalar) = node {
            if scalar.string == "embedded" { return .embedded(EmbeddedOptions()) }
            diagnostics.report(
                node, "milvus",
                "expected 'embedded' or a mapping with uri (e.g. uri: http://localhost:19530), found \(describe(node))")
            return .embedded(EmbeddedOptions())
        }
        guard let reader = MappingReader(node, path: "milvus", diagnostics: diagnostics) else {
            return .embedded(EmbeddedOptions())
        }
        defer { reader.finish() }
        let timeout = reader.duration("timeout", default: 10, in: 0.001...3600) ?? 10
        let isEmbedded = reader.bool("embedded", default: !reader.has("uri"))
        if isEmbedded {
            if reader.has("uri") {
                diagnostics.report(
                    reader.value("uri"), "milvus.uri", "cannot be combined with embedded: true; remove one of them")
            }
            let venv = reader.string("venv", default: ".venv") ?? ".venv"
            let start = reader.duration("startTimeout", default: 180, in: 1...3600) ?? 180
            return .embedded(EmbeddedOptions(venv: venv, requestTimeoutSeconds: timeout, startTimeoutSeconds: start))
        }
        var external = ExternalMilvus(host: "localhost", port: 19530, requestTimeoutSeconds: timeout)
        if let uriNode = reader.value("uri"), let uri = uriNode.string {
            if let parsed = parseMilvusURI(uri) {
                external.host = parsed.host
                external.port = parsed.port
                external.useTLS = parsed.tls
            } else {
                diagnostics.report(
                    uriNode, "milvus.uri",
                    "expected http://HOST:PORT or https://HOST:PORT (e.g. http://localhost:19530), found '\(uri)'")
            }
        }
        if let node = reader.value("metrics") {
            let urls =
                node.sequence != nil ? reader.stringList("metrics") : [reader.string("metrics")].compactMap { $0 }
            for (i, url) in urls.enumerated()
            where !["http", "https"].contains(URLComponents(string: url)?.scheme ?? "") {
                diagnostics.report(
                    node.sequence?[i] ?? node, "milvus.metrics",
                    "expected an http(s) URL of a /metrics page (e.g. http://milvus:9091/metrics), found '\(url)'")
            }
            external.metricsURLs = urls.count > 1 ? urls : nil
            external.metricsURL = urls.first
        }
        if let node = reader.value("prometheus") {
            var spec: PrometheusSpec?
            if case .scalar(let scalar) = node {
                spec = PrometheusSpec(url: scalar.string)
            } else if let r = MappingReader(node, path: "milvus.prometheus", diagnostics: diagnostics) {
                spec = PrometheusSpec(url: r.string("url") ?? "", selector: r.string("selector") ?? "")
                r.finish()
            }
            if let spec, !["http", "https"].contains(URLComponents(string: spec.url)?.scheme ?? "") {
                diagnostics.report(
                    node, "milvus.prometheus",
                    "expected a Prometheus URL such as http://prometheus:9090 (or {url: ..., selector: 'namespace=\"milvus\"'}), found '\(spec.url)'"
                )
            }
            external.prometheus = spec
        }
        external.token = reader.string("token").map(parseCredential)
        external.user = reader.string("user")
        external.password = reader.string("password").map(parseCredential)
        external.caCertificate = reader.string("caCert")
        external.clientCertificate = reader.string("clientCert")
        external.clientKey = reader.string("clientKey")
        if let node = reader.value("keepalive"),
            let r = MappingReader(node, path: "milvus.keepalive", diagnostics: diagnostics)
        {
            external.keepaliveIntervalSeconds = r.duration("interval", default: nil, in: 1...86_400)
            external.keepaliveTimeoutSeconds = r.duration("timeout", default: nil, in: 0.1...3600)
            r.finish()
        }
        if (external.clientCertificate == nil) != (external.clientKey == nil) {
            let present = external.clientCertificate == nil ? "clientKey" : "clientCert"
            diagnostics.report(
                reader.value(present), "milvus.\(present)",
                "needs milvus.\(present == "clientKey" ? "clientCert" : "clientKey") beside it (mutual TLS takes both)")
        }
        if external.clientCertificate != nil && !external.useTLS {
            diagnostics.report(
                reader.value("clientCert"), "milvus.clientCert",
                "needs an https:// uri (a client certificate is only sent over TLS)")
        }
        if external.password != nil && external.user == nil {
            diagnostics.report(reader.value("password"), "milvus.password", "needs milvus.user beside it")
        }
        return .external(external)
    }
}

/// `${NAME}` reads the environment, `file:PATH` a file; anything else is the secret itself.
func parseCredential(_ text: String) -> Credential {
    if text.hasPrefix("${") && text.hasSuffix("}") { return .environment(String(text.dropFirst(2).dropLast())) }
    if text.hasPrefix("file:") { return .file(String(text.dropFirst(5))) }
    return .literal(text)
}

func parseMilvusURI(_ text: String) -> (host: String, port: Int, tls: Bool)? {
    guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
        ["http", "https", "tcp", "grpc", "grpcs"].contains(scheme), let host = components.host, !host.isEmpty
    else { return nil }
    let tls = scheme == "https" || scheme == "grpcs"
    let port = components.port ?? (tls ? 443 : 19530)
    return (host, port, tls)
}

/// "host:port" → (host, port).
package func parseHostPort(_ text: String) -> (host: String, port: Int)? {
    guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
        (1...65535).contains(port)
    else { return nil }
    let host = String(text[..<colon])
    return host.isEmpty ? nil : (host, port)
}
