import Foundation
import Yams

/// Reads scenario files: YAML in, a validated `Scenario` or every mistake out.
public enum ScenarioLoader {
    /// `overrides`: `--set` values, applied to the file before it is read (see `ScenarioOverride`).
    public static func load(path: String, overrides: [ScenarioOverride] = []) throws -> Scenario {
        let text: String
        func unreadable(_ why: String) -> ScenarioError {
            ScenarioError(issues: [ScenarioIssue(file: path, line: 1, column: 1, field: "(file)", message: why)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw unreadable("no such file; expected a scenario file (YAML), e.g. scenarios/quickstart.yaml")
        }
        if isDirectory.boolValue { throw unreadable("is a directory; expected a scenario file (YAML) such as \(path)/quickstart.yaml") }
        guard let data = FileManager.default.contents(atPath: path) else { throw unreadable("cannot read the file (permission?)") }
        guard let decoded = String(data: data, encoding: .utf8) else { throw unreadable("is not UTF-8 text; expected a scenario file (YAML)") }
        text = decoded
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try decode(yaml: text, file: path, defaultName: base, overrides: overrides)
    }

    public static func decode(yaml: String, file: String, defaultName: String = "scenario", overrides: [ScenarioOverride] = []) throws -> Scenario {
        let diagnostics = Diagnostics(file: file)
        var root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ScenarioError(issues: [ScenarioIssue(file: file, line: 1, column: 1, field: "(document)", message: "the file is empty; expected a scenario with collection and phases")])
            }
            root = node
        } catch let error as YamlError {
            throw ScenarioError(issues: [syntaxIssue(error, file: file)])
        }
        for (index, override) in overrides.enumerated() { root = try override.apply(to: root, index: index) }
        let scenario = ScenarioReader(diagnostics: diagnostics, defaultName: defaultName).read(root)
        guard diagnostics.issues.isEmpty, let scenario else {
            throw ScenarioError(issues: diagnostics.issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return scenario
    }

    static func syntaxIssue(_ error: YamlError, file: String) -> ScenarioIssue {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let where_ = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            return ScenarioIssue(file: file, line: mark.line, column: mark.column, field: "(syntax)", message: "not valid YAML: \(problem)\(where_)")
        default:
            return ScenarioIssue(file: file, line: 1, column: 1, field: "(syntax)", message: "not valid YAML: \(error)")
        }
    }
}

/// Turns the YAML tree into a `Scenario`, reporting each problem with its position.
struct ScenarioReader {
    let diagnostics: Diagnostics
    let defaultName: String

    func read(_ root: Node) -> Scenario? {
        guard let top = MappingReader(root, path: "", diagnostics: diagnostics) else { return nil }
        let name = top.string("name", default: defaultName) ?? defaultName
        if !isIdentifier(name) {
            diagnostics.report(top.value("name"), "name", "expected letters, digits, '-' and '_' only (it names the report folder), found '\(name)'")
        }
        let milvus = readMilvus(top.value("milvus"))
        let collection = readCollection(top.value("collection"), fallback: top.mark)
        let dataset = readDataset(top.value("dataset"))
        let tracing = readTracing(top.value("tracing"))
        let traces = readTraces(top.value("traces"))
        let phases = readPhases(top.value("phases"), fallback: top.mark, collection: collection)
        let thresholds = readThresholds(top.value("thresholds"))
        let compare = readCompare(top.value("compare"), milvus: milvus)
        let onError = top.choice("onError", default: OnError.continue)
        top.finish()
        guard let collection else { return nil }
        return Scenario(name: name, milvus: milvus, collection: collection, dataset: dataset, tracing: tracing, traces: traces,
                        phases: phases, thresholds: thresholds, compare: compare, stopOnError: onError == .stop)
    }

    enum OnError: String, CaseIterable { case `continue`, stop }

    func readCompare(_ node: Node?, milvus: MilvusTarget) -> CompareSpec {
        guard let node, let reader = MappingReader(node, path: "compare", diagnostics: diagnostics) else { return CompareSpec() }
        defer { reader.finish() }
        let defaults = CompareSpec()
        var spec = CompareSpec(
            fractions: reader.numberList("fractions", in: 0...1, what: "a sample fraction") ?? defaults.fractions,
            serverFractions: reader.numberList("serverFractions", in: 0...1, what: "a sample fraction") ?? [],
            repeats: reader.int("repeat", default: defaults.repeats, in: 1...100),
            restartCommand: reader.string("restart"),
            clientOnly: reader.bool("clientOnly", default: false)
        )
        if spec.clientOnly && !spec.serverFractions.isEmpty {
            diagnostics.report(reader.value("serverFractions"), "compare.serverFractions", "cannot be combined with clientOnly: true (the server is left alone)")
            spec.serverFractions = []
        }
        if case .embedded = milvus, spec.restartCommand != nil {
            diagnostics.report(reader.value("restart"), "compare.restart", "is for an external Milvus; traceload restarts the embedded one itself")
        }
        if let command = spec.restartCommand, !command.contains("{exporter}") && !command.contains("{fraction}") {
            diagnostics.report(reader.value("restart"), "compare.restart", "expected a command with the placeholders {exporter} and {fraction}, found '\(command)'")
        }
        return spec
    }

    // MARK: milvus

    func readMilvus(_ node: Node?) -> MilvusTarget {
        guard let node else { return .embedded(EmbeddedOptions()) }
        if case .scalar(let scalar) = node {
            if scalar.string == "embedded" { return .embedded(EmbeddedOptions()) }
            diagnostics.report(node, "milvus", "expected 'embedded' or a mapping with uri (e.g. uri: http://localhost:19530), found \(describe(node))")
            return .embedded(EmbeddedOptions())
        }
        guard let reader = MappingReader(node, path: "milvus", diagnostics: diagnostics) else { return .embedded(EmbeddedOptions()) }
        defer { reader.finish() }
        let timeout = reader.duration("timeout", default: 10, in: 0.001...3600) ?? 10
        let isEmbedded = reader.bool("embedded", default: !reader.has("uri"))
        if isEmbedded {
            if reader.has("uri") {
                diagnostics.report(reader.value("uri"), "milvus.uri", "cannot be combined with embedded: true; remove one of them")
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
                diagnostics.report(uriNode, "milvus.uri", "expected http://HOST:PORT or https://HOST:PORT (e.g. http://localhost:19530), found '\(uri)'")
            }
        }
        if let node = reader.value("metrics") {
            let urls = node.sequence != nil ? reader.stringList("metrics") : [reader.string("metrics")].compactMap { $0 }
            for (i, url) in urls.enumerated() where !["http", "https"].contains(URLComponents(string: url)?.scheme ?? "") {
                diagnostics.report(node.sequence?[i] ?? node, "milvus.metrics", "expected an http(s) URL of a /metrics page (e.g. http://milvus:9091/metrics), found '\(url)'")
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
                diagnostics.report(node, "milvus.prometheus", "expected a Prometheus URL such as http://prometheus:9090 (or {url: ..., selector: 'namespace=\"milvus\"'}), found '\(spec.url)'")
            }
            external.prometheus = spec
        }
        external.token = reader.string("token").map(parseCredential)
        external.user = reader.string("user")
        external.password = reader.string("password").map(parseCredential)
        external.caCertificate = reader.string("caCert")
        external.clientCertificate = reader.string("clientCert")
        external.clientKey = reader.string("clientKey")
        if let node = reader.value("keepalive"), let r = MappingReader(node, path: "milvus.keepalive", diagnostics: diagnostics) {
            external.keepaliveIntervalSeconds = r.duration("interval", default: nil, in: 1...86_400)
            external.keepaliveTimeoutSeconds = r.duration("timeout", default: nil, in: 0.1...3600)
            r.finish()
        }
        if (external.clientCertificate == nil) != (external.clientKey == nil) {
            let present = external.clientCertificate == nil ? "clientKey" : "clientCert"
            diagnostics.report(reader.value(present), "milvus.\(present)", "needs milvus.\(present == "clientKey" ? "clientCert" : "clientKey") beside it (mutual TLS takes both)")
        }
        if external.clientCertificate != nil && !external.useTLS {
            diagnostics.report(reader.value("clientCert"), "milvus.clientCert", "needs an https:// uri (a client certificate is only sent over TLS)")
        }
        if external.password != nil && external.user == nil {
            diagnostics.report(reader.value("password"), "milvus.password", "needs milvus.user beside it")
        }
        return .external(external)
    }

    // MARK: collection

    func readCollection(_ node: Node?, fallback: Mark?) -> CollectionSpec? {
        guard let node else {
            diagnostics.report(nil, "collection", "missing; expected a mapping with at least dim (e.g. collection: {dim: 128})", fallback: fallback)
            return nil
        }
        guard let reader = MappingReader(node, path: "collection", diagnostics: diagnostics) else { return nil }
        defer { reader.finish() }
        let name = reader.string("name", default: "traceload_\(defaultName.replacingOccurrences(of: "-", with: "_"))") ?? "traceload"
        if !isIdentifier(name) || name.contains("-") || name.first?.isNumber == true {
            diagnostics.report(reader.value("name"), "collection.name", "expected a Milvus collection name: a letter or '_' first, then letters, digits and '_', found '\(name)'")
        }
        if !reader.has("dim") {
            diagnostics.report(nil, "collection.dim", "missing; expected the vector dimension, a whole number from 2 to 32768", fallback: reader.mark)
        }
        let dim = reader.int("dim", default: 128, in: 2...32768)
        let metric = reader.choice("metric", default: Metric.l2)
        let index = readIndex(reader.value("index"))
        let shards = reader.int("shards", default: 1, in: 1...64)
        let dropExisting = reader.bool("dropExisting", default: true)
        var fields: [ScalarField] = []
        if let fieldsNode = reader.value("fields") {
            if let items = fieldsNode.sequence {
                for (i, item) in items.enumerated() {
                    if let field = readScalarField(item, path: "collection.fields[\(i)]") { fields.append(field) }
                }
            } else {
                diagnostics.report(fieldsNode, "collection.fields", "expected a list of fields such as {name: category, type: int64}, found \(describe(fieldsNode))")
            }
        }
        var names = Set(["id", "vector"])
        for (i, field) in fields.enumerated() where !names.insert(field.name).inserted {
            diagnostics.report(fieldsNode(reader)?.sequence?[i], "collection.fields[\(i)].name", "'\(field.name)' is used twice (id and vector are taken by traceload)")
        }
        return CollectionSpec(name: name, dim: dim, metric: metric, index: index, fields: fields, shards: shards, dropExisting: dropExisting)
    }

    private func fieldsNode(_ reader: MappingReader) -> Node? {
        (reader.node.mapping?.first { $0.key.string == "fields" })?.value
    }

    func readIndex(_ node: Node?) -> IndexSpec {
        guard let node else { return IndexSpec(type: .hnsw) }
        if case .scalar = node {
            let types = IndexType.allCases.map(\.rawValue)
            guard let type = IndexType(rawValue: (node.string ?? "").uppercased()) else {
                diagnostics.report(node, "collection.index", "expected one of \(types.joined(separator: ", ")), found \(describe(node))\(suggestion(for: node.string, among: types))")
                return IndexSpec(type: .hnsw)
            }
            return IndexSpec(type: type)
        }
        guard let reader = MappingReader(node, path: "collection.index", diagnostics: diagnostics) else { return IndexSpec(type: .hnsw) }
        defer { reader.finish() }
        let type = reader.choice("type", default: IndexType.hnsw)
        let params = reader.stringMap("params")
        checkParameters(params, node: reader.value("params"), path: "collection.index.params", type: type,
                        rules: IndexParameters.build(type).map { ($0, $0.range) }, what: "index")
        return IndexSpec(type: type, params: params)
    }

    /// Each parameter known for the index type, a whole number in Milvus's range.
    func checkParameters(_ params: [String: String], node: Node?, path: String, type: IndexType,
                         rules: [(IndexParameters.Rule, ClosedRange<Int>)], what: String) {
        let names = rules.map(\.0.name)
        for (name, text) in params.sorted(by: { $0.key < $1.key }) {
            let valueNode = node?.mapping?.first { $0.key.string == name }?.value
            guard let (rule, range) = rules.first(where: { $0.0.name == name }) else {
                let expected = names.isEmpty ? "\(type.rawValue) takes no \(what) parameters" : "\(type.rawValue) \(what) parameters are \(names.joined(separator: ", "))"
                diagnostics.report(node?.mapping?.first { $0.key.string == name }?.key ?? node, "\(path).\(name)",
                                   "unknown parameter; \(expected)\(suggestion(for: name, among: names))")
                continue
            }
            guard let value = Int(text) else {
                diagnostics.report(valueNode, "\(path).\(name)", "expected a whole number (\(rule.meaning)) from \(range.lowerBound) to \(range.upperBound), found '\(text)'")
                continue
            }
            if !range.contains(value) {
                diagnostics.report(valueNode, "\(path).\(name)", "expected \(rule.meaning) from \(range.lowerBound) to \(range.upperBound) (Milvus's range for \(type.rawValue)), found \(value)")
            }
        }
    }

    func readScalarField(_ node: Node, path: String) -> ScalarField? {
        guard let reader = MappingReader(node, path: path, diagnostics: diagnostics) else { return nil }
        defer { reader.finish() }
        guard let name = reader.string("name") else {
            diagnostics.report(nil, "\(path).name", "missing; expected the field's name", fallback: reader.mark)
            return nil
        }
        if !isIdentifier(name) || name.contains("-") {
            diagnostics.report(reader.value("name"), "\(path).name", "expected letters, digits and '_', found '\(name)'")
        }
        let type = reader.choice("type", default: ScalarType.int64)
        let maxLength = reader.int("maxLength", default: 64, in: 1...65535)
        let cardinality = reader.int("cardinality", default: 100, in: 1...1_000_000_000)
        return ScalarField(name: name, type: type, maxLength: maxLength, cardinality: cardinality)
    }

    // MARK: dataset and tracing

    func readDataset(_ node: Node?) -> DatasetSpec {
        guard let node, let reader = MappingReader(node, path: "dataset", diagnostics: diagnostics) else { return DatasetSpec() }
        defer { reader.finish() }
        let seed = UInt64(reader.int("seed", default: 42, in: 0...Int.max))
        return DatasetSpec(
            seed: seed,
            distribution: reader.choice("distribution", default: Distribution.uniform),
            preloadRows: reader.int("preload", default: 0, in: 0...100_000_000),
            preloadBatch: reader.int("preloadBatch", default: 1000, in: 1...100_000)
        )
    }

    func readTracing(_ node: Node?) -> TracingSpec {
        guard let node, let reader = MappingReader(node, path: "tracing", diagnostics: diagnostics) else { return TracingSpec() }
        defer { reader.finish() }
        let enabled = reader.bool("enabled", default: true)
        let fraction = reader.double("sampleFraction", default: 0.1, in: 0...1, what: "a fraction") ?? 0.1
        let server = reader.double("serverSampleFraction", default: 0, in: 0...1, what: "a fraction") ?? 0
        let service = reader.string("serviceName", default: "milvus-client") ?? "milvus-client"
        var spec = TracingSpec(sampleFraction: fraction, serverSampleFraction: server, enabled: enabled, serviceName: service)
        if let receiver = reader.value("receiver"), let r = MappingReader(receiver, path: "tracing.receiver", diagnostics: diagnostics) {
            spec.receiverHost = r.string("host")
            spec.receiverPort = r.has("port") ? r.int("port", default: 4317, in: 1...65535) : nil
            spec.receiverHTTPPort = r.has("httpPort") ? r.int("httpPort", default: 4318, in: 1...65535) : nil
            r.finish()
        }
        spec.quietSeconds = reader.duration("quiet", default: 6, in: 0.2...600) ?? 6
        spec.collectDeadlineSeconds = reader.duration("deadline", default: 60, in: 1...3600) ?? 60
        if let forward = reader.string("forwardTo") {
            if parseHostPort(forward) == nil {
                diagnostics.report(reader.value("forwardTo"), "tracing.forwardTo", "expected HOST:PORT of an OTLP/gRPC endpoint (e.g. localhost:4317), found '\(forward)'")
            }
            spec.forwardTo = forward
        }
        if let rules = reader.value("components") {
            if let items = rules.sequence {
                for (i, item) in items.enumerated() {
                    guard let r = MappingReader(item, path: "tracing.components[\(i)]", diagnostics: diagnostics) else { continue }
                    var rule = ComponentRule(service: r.string("service"), scope: r.string("scope"), prefix: r.string("prefix"),
                                             suffix: r.string("suffix"), component: r.string("component") ?? "")
                    if let kind = r.string("kind") {
                        rule.kind = ComponentRule.Kind(rawValue: kind)
                        if rule.kind == nil {
                            diagnostics.report(r.value("kind"), "tracing.components[\(i)].kind",
                                               "expected one of \(ComponentRule.Kind.allCases.map(\.rawValue).joined(separator: ", ")), found '\(kind)'")
                        }
                    }
                    if rule.component.isEmpty {
                        diagnostics.report(nil, "tracing.components[\(i)].component", "missing; expected the component's name", fallback: r.mark)
                    }
                    if rule.service == nil && rule.scope == nil && rule.prefix == nil && rule.suffix == nil && rule.kind == nil {
                        diagnostics.report(item, "tracing.components[\(i)]", "expected at least one of service, scope, prefix, suffix, kind")
                    }
                    r.finish()
                    spec.components.append(rule)
                }
            } else {
                diagnostics.report(rules, "tracing.components", "expected a list of rules such as {prefix: 'MyTask', component: proxy}, found \(describe(rules))")
            }
        }
        return spec
    }

    /// `traces: {jaeger: http://localhost:16686}`; absent: the embedded receiver.
    func readTraces(_ node: Node?) -> JaegerSpec? {
        guard let node, let reader = MappingReader(node, path: "traces", diagnostics: diagnostics) else { return nil }
        defer { reader.finish() }
        guard let url = reader.string("jaeger") else {
            diagnostics.report(nil, "traces.jaeger", "missing; expected the Jaeger query URL, e.g. http://localhost:16686", fallback: reader.mark)
            return nil
        }
        guard let components = URLComponents(string: url), ["http", "https"].contains(components.scheme ?? ""), let host = components.host, !host.isEmpty else {
            diagnostics.report(reader.value("jaeger"), "traces.jaeger", "expected http://HOST:PORT of Jaeger's query service, found '\(url)'")
            return nil
        }
        let api = reader.string("api", default: "auto") ?? "auto"
        if !["auto", "v1", "v3"].contains(api) {
            diagnostics.report(reader.value("api"), "traces.api", "expected auto, v1 or v3, found '\(api)'")
        }
        return JaegerSpec(
            url: url, api: api, authorization: reader.string("auth").map(parseCredential),
            otlpEndpoint: reader.string("otlp", default: "http://\(host):4317") ?? "http://\(host):4317",
            deadlineSeconds: reader.duration("deadline", default: 30, in: 1...3600) ?? 30
        )
    }

    func readThresholds(_ node: Node?) -> [Threshold] {
        guard let node else { return [] }
        guard let mapping = node.mapping else {
            diagnostics.report(node, "thresholds", "expected a mapping such as {search.p99_ms: \"< 50\", insert.errors: \"< 0.1%\"}, found \(describe(node))")
            return []
        }
        var out: [Threshold] = []
        for (key, value) in mapping {
            let name = key.string ?? "?"
            guard case .scalar(let condition) = value else {
                diagnostics.report(value, "thresholds.\(name)", "expected a condition such as \"< 50\", found \(describe(value))")
                continue
            }
            switch Threshold.parse(key: name, condition: condition.string) {
            case .success(let threshold): out.append(threshold)
            case .failure(let error): diagnostics.report(value, "thresholds.\(name)", error.message)
            }
        }
        return out
    }

    // MARK: phases

    func readPhases(_ node: Node?, fallback: Mark?, collection: CollectionSpec?) -> [Phase] {
        guard let node else {
            diagnostics.report(nil, "phases", "missing; expected a list of phases, each with a duration or requests and a mix", fallback: fallback)
            return []
        }
        guard let items = node.sequence, !items.isEmpty else {
            diagnostics.report(node, "phases", "expected a non-empty list of phases, found \(describe(node))")
            return []
        }
        var phases: [Phase] = []
        var names = Set<String>()
        for (i, item) in items.enumerated() {
            guard let phase = readPhase(item, index: i, collection: collection) else { continue }
            if !names.insert(phase.name).inserted {
                diagnostics.report(item.mapping?.first { $0.key.string == "name" }?.value ?? item, "phases[\(i)].name", "'\(phase.name)' names an earlier phase too; phase names must differ")
            }
            phases.append(phase)
        }
        return phases
    }

    func readPhase(_ node: Node, index: Int, collection: CollectionSpec?) -> Phase? {
        let path = "phases[\(index)]"
        guard let reader = MappingReader(node, path: path, diagnostics: diagnostics) else { return nil }
        defer { reader.finish() }
        let name = reader.string("name", default: "phase-\(index + 1)") ?? "phase-\(index + 1)"
        if !isIdentifier(name) {
            diagnostics.report(reader.value("name"), "\(path).name", "expected letters, digits, '-' and '_' only, found '\(name)'")
        }
        let duration = reader.duration("duration", default: nil, in: 0.1...86_400)
        let requests = reader.has("requests") ? reader.int("requests", default: 1, in: 1...1_000_000_000) : nil
        let length: PhaseLength
        switch (duration, requests, reader.has("duration"), reader.has("requests")) {
        case (_, _, true, true):
            diagnostics.report(reader.value("requests"), "\(path).requests", "a phase has a duration or a request count, not both")
            length = .duration(seconds: duration ?? 1)
        case (let seconds?, nil, _, _): length = .duration(seconds: seconds)
        case (nil, let count?, _, _): length = .requests(count)
        case (nil, nil, false, false):
            diagnostics.report(nil, "\(path).duration", "missing; expected a duration (e.g. 30s) or a request count (requests: 1000)", fallback: reader.mark)
            length = .duration(seconds: 1)
        default: length = .duration(seconds: 1)  // the bad value was reported already
        }
        let workers = reader.int("workers", default: 4, in: 1...4096)
        let rate = readRate(reader.value("rate"), path: "\(path).rate")
        if let rate, !reader.has("workers") {
            // How many requests may be in flight at once bounds what the rate can reach; a silent
            // default would cap it unseen.
            let suggested = max(4, Int((max(rate.start, rate.end) * 0.05).rounded(.up)))
            diagnostics.report(reader.value("rate"), "\(path).workers",
                               "missing: an open-loop phase needs workers, how many requests may be in flight at once (at \(formatNumber(max(rate.start, rate.end))) req/s and 50 ms per request, workers: \(suggested))")
        }
        let mix = readMix(reader.value("mix"), path: "\(path).mix", fallback: reader.mark)
        let search = readSearch(reader.value("search"), path: "\(path).search", collection: collection)
        let insert = readInsert(reader.value("insert"), path: "\(path).insert")
        let query = readQuery(reader.value("query"), path: "\(path).query")
        let fraction = reader.double("sampleFraction", default: nil, in: 0...1, what: "a fraction")
        let warmup = reader.bool("warmup", default: false)
        return Phase(name: name, length: length, workers: workers, rate: rate, mix: mix, search: search, insert: insert,
                     query: query, sampleFraction: fraction, warmup: warmup)
    }

    /// `rate: 200` or `rate: {from: 50, to: 500}` (a linear ramp over the phase).
    func readRate(_ node: Node?, path: String) -> ArrivalRate? {
        guard let node else { return nil }
        if node.mapping != nil {
            guard let reader = MappingReader(node, path: path, diagnostics: diagnostics) else { return nil }
            defer { reader.finish() }
            for key in ["from", "to"] where !reader.has(key) {
                diagnostics.report(nil, "\(path).\(key)", "missing; a ramp needs from and to (requests per second)", fallback: reader.mark)
            }
            let from = reader.double("from", default: nil, in: 0...10_000_000, what: "requests per second")
            let to = reader.double("to", default: nil, in: 0...10_000_000, what: "requests per second")
            guard let from, let to else { return nil }
            if from == 0 && to == 0 {
                diagnostics.report(node, path, "a ramp from 0 to 0 sends nothing; expected a positive rate at one end")
            }
            return ArrivalRate(start: from, end: to)
        }
        guard let rate = MappingReader.checkedRate(node, path, diagnostics) else { return nil }
        return ArrivalRate(constant: rate)
    }

    func readMix(_ node: Node?, path: String, fallback: Mark?) -> [OperationKind: Double] {
        let names = OperationKind.allCases.map(\.rawValue)
        guard let node else {
            diagnostics.report(nil, path, "missing; expected the operations to run with weights, e.g. mix: {search: 9, insert: 1}, or one name", fallback: fallback)
            return [:]
        }
        if case .scalar(let scalar) = node {
            guard let kind = OperationKind(rawValue: scalar.string) else {
                diagnostics.report(node, path, "expected one of \(names.joined(separator: ", ")) or a mapping of them to weights, found \(describe(node))\(suggestion(for: scalar.string, among: names))")
                return [:]
            }
            return [kind: 1]
        }
        guard let reader = MappingReader(node, path: path, diagnostics: diagnostics) else { return [:] }
        defer { reader.finish() }
        var mix: [OperationKind: Double] = [:]
        for kind in OperationKind.allCases {
            if let weight = reader.double(kind.rawValue, default: nil, in: 0...1_000_000, what: "a weight"), weight > 0 {
                mix[kind] = weight
            }
        }
        if mix.isEmpty && reader.keys.allSatisfy({ names.contains($0) }) {
            diagnostics.report(node, path, "no operation has a positive weight; expected e.g. {search: 9, insert: 1}")
        }
        return mix
    }

    func readSearch(_ node: Node?, path: String, collection: CollectionSpec?) -> SearchSpec {
        guard let node, let reader = MappingReader(node, path: path, diagnostics: diagnostics) else { return SearchSpec() }
        defer { reader.finish() }
        let spec = SearchSpec(
            topk: reader.int("topk", default: 10, in: 1...16384),
            nq: reader.int("nq", default: 1, in: 1...16384),
            params: reader.stringMap("params"),
            filter: reader.string("filter"),
            outputFields: reader.stringList("outputFields")
        )
        checkFieldNames(spec.outputFields, reader: reader, key: "outputFields", collection: collection)
        if let index = collection?.index {
            checkParameters(spec.params, node: reader.value("params"), path: "\(path).params", type: index.type,
                            rules: IndexParameters.search(index.type).map { ($0, IndexParameters.bounds(of: $0, topk: spec.topk, index: index)) },
                            what: "search")
        }
        return spec
    }

    func readInsert(_ node: Node?, path: String) -> InsertSpec {
        guard let node, let reader = MappingReader(node, path: path, diagnostics: diagnostics) else { return InsertSpec() }
        defer { reader.finish() }
        return InsertSpec(batch: reader.int("batch", default: 100, in: 1...100_000))
    }

    func readQuery(_ node: Node?, path: String) -> QuerySpec {
        guard let node, let reader = MappingReader(node, path: path, diagnostics: diagnostics) else { return QuerySpec() }
        defer { reader.finish() }
        return QuerySpec(
            filter: reader.string("filter", default: "id >= 0") ?? "id >= 0",
            limit: reader.int("limit", default: 10, in: 1...16384),
            outputFields: reader.stringList("outputFields")
        )
    }

    func checkFieldNames(_ names: [String], reader: MappingReader, key: String, collection: CollectionSpec?) {
        guard let collection else { return }
        let known = ["id", "vector"] + collection.fields.map(\.name)
        for name in names where !known.contains(name) {
            diagnostics.report(reader.value(key), reader.field(key), "'\(name)' is not a field of the collection; expected one of \(known.joined(separator: ", "))\(suggestion(for: name, among: known))")
        }
    }
}

extension MappingReader {
    static func checkedRate(_ node: Node, _ field: String, _ diagnostics: Diagnostics) -> Double? {
        guard case .scalar = node, let rate = node.float ?? node.int.map(Double.init), rate.isFinite, rate > 0, rate <= 10_000_000 else {
            diagnostics.report(node, field, "expected requests per second, a number above 0 (at most 10000000), or a ramp {from: N, to: M}, found \(describe(node))")
            return nil
        }
        return rate
    }
}

func isIdentifier(_ text: String) -> Bool {
    !text.isEmpty && text.count <= 255 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
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
public func parseHostPort(_ text: String) -> (host: String, port: Int)? {
    guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else { return nil }
    let host = String(text[..<colon])
    return host.isEmpty ? nil : (host, port)
}
