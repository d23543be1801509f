import Foundation
import Yams

extension ScenarioReader {
    func readTracing(_ node: Node?) -> TracingSpec {
        guard let node, let reader = MappingReader(node, path: "tracing", diagnostics: diagnostics) else {
            return TracingSpec()
        }
        defer { reader.finish() }
        let enabled = reader.bool("enabled", default: true)
        let fraction = reader.double("sampleFraction", default: 0.1, in: 0...1, what: "a fraction") ?? 0.1
        let server = reader.double("serverSampleFraction", default: 0, in: 0...1, what: "a fraction") ?? 0
        let service = reader.string("serviceName", default: "milvus-client") ?? "milvus-client"
        var spec = TracingSpec(
            sampleFraction: fraction, serverSampleFraction: server, enabled: enabled, serviceName: service)
        spec.propagate = reader.bool("propagate", default: true)
        if let receiver = reader.value("receiver"),
            let r = MappingReader(receiver, path: "tracing.receiver", diagnostics: diagnostics)
        {
            spec.receiverHost = r.string("host")
            spec.receiverPort = r.has("port") ? r.int("port", default: 4317, in: 1...65535) : nil
            spec.receiverHTTPPort = r.has("httpPort") ? r.int("httpPort", default: 4318, in: 1...65535) : nil
            r.finish()
        }
        spec.quietSeconds = reader.duration("quiet", default: 6, in: 0.2...600) ?? 6
        spec.collectDeadlineSeconds = reader.duration("deadline", default: 60, in: 1...3600) ?? 60
        if let forward = reader.string("forwardTo") {
            if parseHostPort(forward) == nil {
                diagnostics.report(
                    reader.value("forwardTo"), "tracing.forwardTo",
                    "expected HOST:PORT of an OTLP/gRPC endpoint (e.g. localhost:4317), found '\(forward)'")
            }
            spec.forwardTo = forward
        }
        if let rules = reader.value("components") {
            if let items = rules.sequence {
                for (i, item) in items.enumerated() {
                    guard let r = MappingReader(item, path: "tracing.components[\(i)]", diagnostics: diagnostics) else {
                        continue
                    }
                    var rule = ComponentRule(
                        service: r.string("service"), scope: r.string("scope"), prefix: r.string("prefix"),
                        suffix: r.string("suffix"), component: r.string("component") ?? "")
                    if let kind = r.string("kind") {
                        rule.kind = ComponentRule.Kind(rawValue: kind)
                        if rule.kind == nil {
                            diagnostics.report(
                                r.value("kind"), "tracing.components[\(i)].kind",
                                "expected one of \(ComponentRule.Kind.allCases.map(\.rawValue).joined(separator: ", ")), found '\(kind)'"
                            )
                        }
                    }
                    if rule.component.isEmpty {
                        diagnostics.report(
                            nil, "tracing.components[\(i)].component", "missing; expected the component's name",
                            fallback: r.mark)
                    }
                    if rule.service == nil && rule.scope == nil && rule.prefix == nil && rule.suffix == nil
                        && rule.kind == nil
                    {
                        diagnostics.report(
                            item, "tracing.components[\(i)]",
                            "expected at least one of service, scope, prefix, suffix, kind")
                    }
                    r.finish()
                    spec.components.append(rule)
                }
            } else {
                diagnostics.report(
                    rules, "tracing.components",
                    "expected a list of rules such as {prefix: 'MyTask', component: proxy}, found \(describe(rules))")
            }
        }
        return spec
    }

    /// `traces: { jaeger: http://localhost:16686 }` or `traces: { tempo: http://tempo:3200,
    /// tenant: NAME }`: server spans fetched from a trace store; absent: the embedded receiver.
    func readTraces(_ node: Node?) -> TraceStoreSpec? {
        guard let node, let reader = MappingReader(node, path: "traces", diagnostics: diagnostics) else { return nil }
        defer { reader.finish() }
        let jaeger = reader.string("jaeger")
        let tempo = reader.string("tempo")
        let kind: TraceStoreSpec.Kind = tempo != nil ? .tempo : .jaeger
        guard let url = jaeger ?? tempo, jaeger == nil || tempo == nil else {
            diagnostics.report(
                nil, "traces",
                jaeger == nil
                    ? "missing; expected jaeger: URL (Jaeger's query service, e.g. http://localhost:16686) or tempo: URL (e.g. http://tempo:3200)"
                    : "give jaeger or tempo, not both",
                fallback: reader.mark)
            return nil
        }
        let field = "traces.\(kind.rawValue)"
        guard let components = URLComponents(string: url), ["http", "https"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else {
            diagnostics.report(
                reader.value(kind.rawValue), field, "expected http://HOST:PORT of its query API, found '\(url)'")
            return nil
        }
        let versions = kind == .jaeger ? ["auto", "v1", "v3"] : ["v1", "v2"]
        let api = reader.string("api", default: versions[0]) ?? versions[0]
        if !versions.contains(api) {
            diagnostics.report(
                reader.value("api"), "traces.api",
                "expected \(versions.joined(separator: ", ")) for \(kind.rawValue), found '\(api)'")
        }
        let tenant = reader.string("tenant")
        if tenant != nil && kind == .jaeger {
            diagnostics.report(reader.value("tenant"), "traces.tenant", "is Tempo's (X-Scope-OrgID); Jaeger has none")
        }
        return TraceStoreSpec(
            kind: kind, url: url, api: api, authorization: reader.string("auth").map(parseCredential), tenant: tenant,
            otlpEndpoint: reader.string("otlp", default: "http://\(host):4317") ?? "http://\(host):4317",
            deadlineSeconds: reader.duration("deadline", default: 30, in: 1...3600) ?? 30
        )
    }

    func readThresholds(_ node: Node?) -> [Threshold] {
        guard let node else { return [] }
        guard let mapping = node.mapping else {
            diagnostics.report(
                node, "thresholds",
                "expected a mapping such as {search.p99_ms: \"< 50\", insert.errors: \"< 0.1%\"}, found \(describe(node))"
            )
            return []
        }
        var out: [Threshold] = []
        for (key, value) in mapping {
            let name = key.string ?? "?"
            guard case .scalar(let condition) = value else {
                diagnostics.report(
                    value, "thresholds.\(name)", "expected a condition such as \"< 50\", found \(describe(value))")
                continue
            }
            switch Threshold.parse(key: name, condition: condition.string) {
            case .success(let threshold): out.append(threshold)
            case .failure(let error): diagnostics.report(value, "thresholds.\(name)", error.message)
            }
        }
        return out
    }
}
