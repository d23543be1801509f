import Foundation
import Testing

@testable import Scenario

@Suite struct ScenarioLoaderTests {
    let full = """
        name: full
        milvus:
          uri: https://milvus.example:19531
          token: ${MILVUS_TOKEN}
          timeout: 2s
        collection:
          name: coll_a
          dim: 64
          metric: ip
          index: { type: IVF_FLAT, params: { nlist: 256 } }
          fields:
            - { name: category, type: int64, cardinality: 10 }
            - { name: label, type: varchar, maxLength: 16 }
        dataset: { seed: 7, distribution: normal, preload: 5000, preloadBatch: 500 }
        tracing: { sampleFraction: 0.25, serverSampleFraction: 1, serviceName: bench }
        phases:
          - name: load
            requests: 100
            workers: 2
            mix: insert
            insert: { batch: 50 }
          - name: mixed
            duration: 1m
            workers: 8
            rate: { from: 10, to: 100 }
            mix: { search: 3, query: 1 }
            search: { topk: 5, nq: 2, params: { nprobe: 8 }, filter: "category > 2", outputFields: [category] }
            query: { filter: "category == 1", limit: 3 }
            sampleFraction: 1
        """

    @Test func decodesEveryField() throws {
        let s = try ScenarioLoader.decode(yaml: full, file: "full.yaml")
        #expect(s.name == "full")
        guard case .external(let external) = s.milvus else {
            Issue.record("expected external")
            return
        }
        #expect(external.host == "milvus.example" && external.port == 19531 && external.useTLS)
        #expect(external.token == .environment("MILVUS_TOKEN"))
        #expect(external.requestTimeoutSeconds == 2)
        #expect(
            s.collection.metric == .ip && s.collection.index.type == .ivfFlat
                && s.collection.index.params["nlist"] == "256")
        #expect(s.collection.fields.map(\.name) == ["category", "label"])
        #expect(s.collection.fields[1].type == .varchar && s.collection.fields[1].maxLength == 16)
        #expect(s.dataset == DatasetSpec(seed: 7, distribution: .normal, preloadRows: 5000, preloadBatch: 500))
        #expect(
            s.tracing.sampleFraction == 0.25 && s.tracing.serverSampleFraction == 1 && s.tracing.serviceName == "bench")
        #expect(
            s.phases[0].length == .requests(100) && s.phases[0].mix == [.insert: 1] && s.phases[0].insert.batch == 50)
        let mixed = s.phases[1]
        #expect(mixed.length == .duration(seconds: 60))
        #expect(mixed.rate == ArrivalRate(start: 10, end: 100))
        #expect(mixed.mix == [.search: 3, .query: 1])
        #expect(
            mixed.search
                == SearchSpec(
                    topk: 5, nq: 2, params: ["nprobe": "8"], filter: "category > 2", outputFields: ["category"]))
        #expect(mixed.query == QuerySpec(filter: "category == 1", limit: 3))
        #expect(mixed.sampleFraction == 1)
    }

    @Test func readsATempoStore() throws {
        let yaml = """
            collection: { dim: 8 }
            traces: { tempo: "http://tempo.monitoring:3200", tenant: team-a, api: v2, deadline: 45s }
            phases: [{ duration: 1s, mix: search }]
            """
        let store = try #require(try ScenarioLoader.decode(yaml: yaml, file: "t.yaml").traces)
        #expect(store.kind == .tempo && store.url == "http://tempo.monitoring:3200" && store.api == "v2")
        #expect(store.tenant == "team-a" && store.deadlineSeconds == 45)
        // The client's spans go to the store's host over OTLP/gRPC unless told otherwise.
        #expect(store.otlpEndpoint == "http://tempo.monitoring:4317")
    }

    @Test func appliesDefaults() throws {
        let s = try ScenarioLoader.decode(
            yaml: "collection: {dim: 8}\nphases: [{duration: 5s, mix: search}]", file: "min.yaml", defaultName: "min")
        #expect(s.name == "min")
        #expect(s.milvus == .embedded(EmbeddedOptions()))
        #expect(s.collection.name == "traceload_min" && s.collection.metric == .l2 && s.collection.index.type == .hnsw)
        #expect(s.phases[0].workers == 4 && s.phases[0].rate == nil && s.phases[0].name == "phase-1")
        #expect(s.tracing == TracingSpec())
        #expect(s.compare == CompareSpec())
    }

    @Test func readsTheCompareSection() throws {
        let yaml = """
            milvus: {uri: 'http://m:19530'}
            collection: {dim: 8}
            phases: [{duration: 1s, mix: search}]
            compare: {fractions: [0, 0.5], serverFractions: 1, repeat: 4, restart: 'ssh m restart --exporter {exporter} --fraction {fraction}'}
            """
        let s = try ScenarioLoader.decode(yaml: yaml, file: "c.yaml")
        #expect(
            s.compare
                == CompareSpec(
                    fractions: [0, 0.5], serverFractions: [1], repeats: 4,
                    restartCommand: "ssh m restart --exporter {exporter} --fraction {fraction}", clientOnly: false))
    }

    @Test func literalSecretsNeverReachRunJSON() throws {
        let credential = Credential.literal("s3cret")
        let data = try JSONEncoder().encode(credential)
        #expect(!String(decoding: data, as: UTF8.self).contains("s3cret"))
        #expect(Credential.environment("TOKEN").redacted == "$TOKEN")
    }

    @Test(arguments: [("30s", 30.0), ("500ms", 0.5), ("2m", 120.0), ("1h", 3600.0), ("12", 12.0), ("1.5s", 1.5)])
    func parsesDurations(text: String, seconds: Double) {
        #expect(parseDuration(text) == seconds)
    }

    @Test func rejectsNonDurations() {
        #expect(parseDuration("s") == nil)
        #expect(parseDuration("ten seconds") == nil)
    }
}
