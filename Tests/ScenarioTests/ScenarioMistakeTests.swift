import Foundation
import Testing

@testable import Scenario

/// Scenario files with mistakes: every mistake reported, with its file, line and field.
@Suite struct ScenarioMistakeTests {
    /// One mistake per case: the field it names, the line it points at, and a word of the message.
    @Test(arguments: [
        ("collection: {dim: 1}\nphases: [{duration: 1s, mix: search}]", "collection.dim", 1, "from 2 to 32768"),
        ("collection: {dim: x}\nphases: [{duration: 1s, mix: search}]", "collection.dim", 1, "whole number"),
        (
            "collection: {dim: 8, metric: L3}\nphases: [{duration: 1s, mix: search}]", "collection.metric", 1,
            "L2, IP, COSINE"
        ),
        (
            "collection: {dim: 8, index: HSNW}\nphases: [{duration: 1s, mix: search}]", "collection.index", 1,
            "did you mean 'HNSW'"
        ),
        (
            "collection: {dim: 8, name: 9bad}\nphases: [{duration: 1s, mix: search}]", "collection.name", 1,
            "collection name"
        ),
        (
            "collection: {dim: 8, fields: [{name: a, type: text}]}\nphases: [{duration: 1s, mix: search}]",
            "collection.fields[0].type", 1, "int64"
        ),
        (
            "collection: {dim: 8}\ndataset: {distribution: zipf}\nphases: [{duration: 1s, mix: search}]",
            "dataset.distribution", 2, "uniform, normal"
        ),
        (
            "collection: {dim: 8}\ndataset: {preload: -5}\nphases: [{duration: 1s, mix: search}]", "dataset.preload", 2,
            "whole number"
        ),
        (
            "collection: {dim: 8}\ntracing: {sampleFraction: 1.5}\nphases: [{duration: 1s, mix: search}]",
            "tracing.sampleFraction", 2, "fraction from 0 to 1"
        ),
        (
            "collection: {dim: 8}\ntraces: {tempo: http://tempo:3200, api: v3}\nphases: [{duration: 1s, mix: search}]",
            "traces.api", 2, "v1, v2 for tempo"
        ),
        (
            "collection: {dim: 8}\ntraces: {jaeger: http://j:16686, tenant: a}\nphases: [{duration: 1s, mix: search}]",
            "traces.tenant", 2, "Tempo's"
        ),
        (
            "collection: {dim: 8}\ntraces: {tempo: tempo:3200}\nphases: [{duration: 1s, mix: search}]",
            "traces.tempo", 2, "http://HOST:PORT"
        ),
        (
            "collection: {dim: 8}\nphases: [{duration: soon, mix: search}]", "phases[0].duration", 2,
            "duration such as 30s"
        ),
        (
            "collection: {dim: 8}\nphases: [{duration: 1s, requests: 10, mix: search}]", "phases[0].requests", 2,
            "not both"
        ),
        ("collection: {dim: 8}\nphases: [{mix: search}]", "phases[0].duration", 2, "missing"),
        ("collection: {dim: 8}\nphases: [{duration: 1s, mix: serch}]", "phases[0].mix", 2, "did you mean 'search'"),
        ("collection: {dim: 8}\nphases: [{duration: 1s, mix: {search: 0}}]", "phases[0].mix", 2, "positive weight"),
        (
            "collection: {dim: 8}\nphases: [{duration: 1s, mix: search, workers: 0}]", "phases[0].workers", 2,
            "from 1 to 4096"
        ),
        ("collection: {dim: 8}\nphases: [{duration: 1s, mix: search, rate: -3}]", "phases[0].rate", 2, "above 0"),
        (
            "collection: {dim: 8}\nphases: [{duration: 1s, mix: search, rate: {from: 5}}]", "phases[0].rate.to", 2,
            "missing"
        ),
        (
            "collection: {dim: 8}\nphases: [{duration: 1s, mix: search, search: {topk: 0}}]", "phases[0].search.topk",
            2, "from 1 to 16384"
        ),
        (
            "collection: {dim: 8}\nphases: [{duration: 1s, mix: search, search: {outputFields: [nope]}}]",
            "phases[0].search.outputFields", 2, "not a field"
        ),
        (
            "collection: {dim: 8}\nphases: [{duration: 1s, mix: insert, insert: {batch: 0}}]", "phases[0].insert.batch",
            2, "from 1 to 100000"
        ),
        (
            "collection: {dim: 8}\nphases: [{duration: 1s, mix: search, wrokers: 3}]", "phases[0].wrokers", 2,
            "did you mean 'workers'"
        ),
        (
            "collection: {dim: 8}\nphases: [{duration: 1s, mix: search}, {name: phase-1, duration: 1s, mix: search}]",
            "phases[1].name", 2, "earlier phase"
        ),
        (
            "milvus: {uri: 'ftp:/x'}\ncollection: {dim: 8}\nphases: [{duration: 1s, mix: search}]", "milvus.uri", 1,
            "http://HOST:PORT"
        ),
        ("milvus: remote\ncollection: {dim: 8}\nphases: [{duration: 1s, mix: search}]", "milvus", 1, "'embedded'"),
        ("collection: {dim: 8}\nphases: []", "phases", 2, "non-empty list"),
        ("phases: [{duration: 1s, mix: search}]", "collection", 1, "missing"),
        ("collection: {dim: 8}\nphases: [{duration: 1s, mix: search}]\nthreshold: 3", "threshold", 3, "unknown key"),
        (
            "collection: {dim: 8}\nphases: [{duration: 1s, mix: search}]\ncompare: {fractions: [0, 2]}",
            "compare.fractions[1]", 3, "sample fraction from 0 to 1"
        ),
        (
            "collection: {dim: 8}\nphases: [{duration: 1s, mix: search}]\ncompare: {repeat: 0}", "compare.repeat", 3,
            "from 2 to 1000"
        ),
        ("collection: {dim: 8}\nonError: halt\nphases: [{duration: 1s, mix: search}]", "onError", 2, "continue, stop"),
        (
            "collection: {dim: 8}\nphases: [{duration: 1s, mix: search}]\ncompare: {restart: 'docker restart m'}",
            "compare.restart", 3, "external Milvus"
        ),
        (
            "milvus: {uri: 'http://m:19530'}\ncollection: {dim: 8}\nphases: [{duration: 1s, mix: search}]\ncompare: {restart: 'docker restart m'}",
            "compare.restart", 4, "{exporter}"
        ),
        (
            "collection: {dim: 8}\nphases: [{duration: 1s, mix: search}]\ncompare: {clientOnly: true, serverFractions: [1]}",
            "compare.serverFractions", 3, "clientOnly"
        ),
        // Index and search parameters, per index type with Milvus's ranges (Milvus rejected these 27 s into a run).
        (
            "collection: {dim: 8, index: {type: IVF_FLAT, params: {nlist: many}}}\nphases: [{duration: 1s, mix: search}]",
            "collection.index.params.nlist", 1, "whole number"
        ),
        (
            "collection: {dim: 8, index: {type: HNSW, params: {efconstruction: 8}}}\nphases: [{duration: 1s, mix: search}]",
            "collection.index.params.efconstruction", 1, "did you mean 'efConstruction'"
        ),
        (
            "collection: {dim: 8, index: {type: FLAT, params: {nlist: 8}}}\nphases: [{duration: 1s, mix: search}]",
            "collection.index.params.nlist", 1, "FLAT takes no index parameters"
        ),
        (
            "collection: {dim: 8, index: {type: IVF_FLAT, params: {nlist: 64}}}\nphases: [{duration: 1s, mix: search, search: {params: {nprobe: -1}}}]",
            "phases[0].search.params.nprobe", 2, "from 1 to 64"
        ),
        (
            "collection: {dim: 8, index: {type: HNSW}}\nphases: [{duration: 1s, mix: search, search: {topk: 50, params: {ef: 10}}}]",
            "phases[0].search.params.ef", 2, "ef must be at least topk (50), found 10"
        ),
        // Filters as Milvus reads them, at the phase's index (a sweep before it makes several phases).
        (
            "collection: {dim: 8, fields: [{name: tenant, type: int64}]}\nphases: [{duration: 1s, mix: search, search: {filter: tenant = 7}}]",
            "phases[0].search.filter", 2, "\"tenant = 7\": at column 8, '=' is not an operator; use '=='"
        ),
        (
            "collection: {dim: 8, index: HNSW, fields: [{name: tenant, type: int64}]}\nphases: [{duration: 1s, mix: search, search: {params: {ef: [16, 32]}}},\n  {duration: 1s, mix: query, query: {filter: 'tenant == \"7\"'}}]",
            "phases[1].query.filter", 3, "'tenant == \"7\"': at column 11, tenant is int64; \"7\" is a string"
        ),
        // An open-loop phase says how many requests may be in flight.
        (
            "collection: {dim: 8}\nphases: [{duration: 1s, mix: search, rate: 100}]", "phases[0].workers", 2,
            "needs workers"
        ),
    ])
    func reportsEachMistake(yaml: String, field: String, line: Int, fragment: String) {
        do {
            _ = try ScenarioLoader.decode(yaml: yaml, file: "bad.yaml")
            Issue.record("accepted a scenario with a mistake in \(field)")
        } catch let error as ScenarioError {
            let issue = error.issues.first { $0.field == field }
            #expect(issue != nil, "no issue for \(field) in: \(error)")
            #expect(issue?.line == line, "\(error)")
            #expect(issue?.message.contains(fragment) == true, "\(error)")
            #expect(issue?.description.hasPrefix("bad.yaml:\(line):") == true)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func listsEveryMistakeNotJustTheFirst() throws {
        let yaml = """
            collection:
              dim: 0
              metric: L1
            phases:
              - duration: 1s
                mix: search
                workers: -1
              - duration: forever
                mix: fly
            """
        let error = try #require(throws: ScenarioError.self) {
            try ScenarioLoader.decode(yaml: yaml, file: "many.yaml")
        }
        #expect(
            error.issues.map(\.field) == [
                "collection.dim", "collection.metric", "phases[0].workers", "phases[1].duration", "phases[1].mix",
            ])
        #expect(error.issues.map(\.line) == [2, 3, 7, 8, 9])
        #expect(error.issues[0].column == 8)
    }

    @Test func syntaxErrorsPointAtTheirLine() throws {
        let error = try #require(throws: ScenarioError.self) {
            try ScenarioLoader.decode(yaml: "collection:\n  dim: 8\n phases: [", file: "broken.yaml")
        }
        #expect(error.issues.count == 1)
        #expect(error.issues[0].field == "(syntax)")
        #expect(error.issues[0].line == 3)
    }
}
