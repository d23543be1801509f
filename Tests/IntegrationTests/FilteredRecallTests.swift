import Dataset
import Foundation
import MilvusClient
import MilvusProto
import Scenario
import Testing
import Workload

extension RunAgainstMilvusTests {
    /// Filtered searches get the recall of the filtered truth: a held-out dataset, a filter on
    /// the primary key, and the recall an independent brute force computes from answers.jsonl.
    /// A five-value ef list is one phase per value: recall rises with ef, and curve.csv holds them.
    @Test func filteredRecallMatchesAnIndependentCountAndEfMakesACurve() throws {
        let dir = CLIHarness.temporaryDirectory("filtered")
        let (rows, queries, dimension) = (8_000, 60, 32)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func draw() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 23) - 1
        }
        let base = (0..<(rows * dimension)).map { _ in draw() }
        let held = (0..<(queries * dimension)).map { _ in draw() }
        try VectorFileWriter.npy(base, dimension: dimension, to: dir + "/base.npy")
        try VectorFileWriter.npy(held, dimension: dimension, to: dir + "/queries.npy")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-filtered
            milvus: { venv: \(CLIHarness.venv) }
            collection: { dim: \(dimension), index: { type: HNSW, params: { M: 8, efConstruction: 64 } } }
            dataset: { vectors: base.npy, queries: queries.npy }
            tracing: { enabled: false }
            phases:
              - name: filtered
                requests: 240
                workers: 2
                mix: search
                search: { topk: 10, filter: "id >= 2000 and id < 5000", params: { ef: 64 }, recall: true, answers: true }
              - name: curve
                requests: 120
                workers: 2
                mix: search
                search: { topk: 10, params: { ef: [10, 20, 40, 80, 160] }, recall: true }
            """)
        let out = dir + "/report"
        let result = try CLIHarness.run(["run", scenario, "--out", out])
        #expect(result.status == 0, "\(result.stderr.suffix(1500))")
        #expect(result.stderr.contains("ground truth for filter id >= 2000 and id < 5000: 3000 of 8000 rows selected"))

        // An independent count: every answer's ids against the exact filtered neighbours of its query.
        let lines = try String(contentsOfFile: out + "/answers.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 240)
        var hits = 0
        var expected = 0
        for line in lines {
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let query = try #require(answer["query"] as? Int)
            let ids = Set((answer["ids"] as? [Int]) ?? [])
            #expect(ids.allSatisfy { (2000..<5000).contains($0) }, "an answer outside the filter: \(ids)")
            let q = held[(query * dimension)..<((query + 1) * dimension)]
            let nearest = (2000..<5000).map { row -> (Float, Int) in
                var sum: Float = 0
                for (i, x) in q.enumerated() {
                    let d = x - base[row * dimension + i]
                    sum += d * d
                }
                return (sum, row)
            }.sorted { $0.0 < $1.0 }.prefix(10).map(\.1)
            hits += nearest.filter(ids.contains).count
            expected += 10
        }
        let independent = Double(hits) / Double(expected)
        let latency = try readCSV(out + "/latency.csv")
        let reported = try #require(Double(latency.first { $0["phase"] == "filtered" }?["recall"] ?? ""))
        #expect(abs(reported - independent) <= 0.005, "traceload \(reported), independent \(independent)")

        let curve = try readCSV(out + "/curve.csv")
        #expect(curve.map { $0["value"]! } == ["10", "20", "40", "80", "160"])
        let recalls = curve.compactMap { Double($0["recall"] ?? "") }
        #expect(recalls.count == 5 && recalls == recalls.sorted(), "recall along ef: \(recalls)")
        #expect(curve.contains { $0["pareto"] == "yes" })
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("Recall against throughput and latency"))
    }

    /// The evaluator against Milvus itself: the same filter, queried, returns exactly the rows
    /// traceload computes from the values it inserted. And the validator: Milvus refuses exactly
    /// the filters `validate` refuses.
    @Test func theFilterEvaluatorSelectsWhatMilvusSelects() async throws {
        let dir = CLIHarness.temporaryDirectory("evaluator")
        let rows = 3_000
        var state: UInt64 = 42
        let vectors = (0..<(rows * 8)).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1
            return Float(state >> 40) / Float(1 << 24)
        }
        try VectorFileWriter.npy(vectors, dimension: 8, to: dir + "/v.npy")
        let (milvus, started) = try BackgroundRun.embeddedMilvus(in: dir)
        defer {
            milvus.process.interrupt()
            _ = milvus.waitForExit(timeoutSeconds: 60)
        }
        let uri = try #require(started, "\(milvus.stderr.suffix(600))")
        let path = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-evaluator
            milvus: { uri: "\(uri)" }
            collection:
              name: evaluator
              dim: 8
              index: { type: FLAT }
              fields:
                - { name: category, type: int64, cardinality: 10 }
                - { name: tag, type: varchar, cardinality: 12 }
                - { name: flag, type: bool }
                - { name: score, type: float, cardinality: 50 }
            dataset: { vectors: v.npy }
            tracing: { enabled: false }
            phases:
              - { name: q, requests: 1, workers: 1, mix: query }
            """)
        let prepared = try CLIHarness.run(["run", path, "--out", dir + "/report"])
        #expect(prepared.status == 0, "\(prepared.stderr.suffix(800))")
        let scenario = try ScenarioLoader.load(path: path)
        let preloaded = PreloadedRows(collection: scenario.collection, dataset: scenario.dataset)
        let port = try #require(Int(uri.split(separator: ":").last ?? ""))
        let client = try await MilvusClient.connect(MilvusEndpoint(host: "127.0.0.1", port: port), workers: 1)
        defer { client.close() }
        let filters = [
            "category in [1, 3, 5] and score >= 20", "not (flag == true) or id < 100", "tag like \"v1%\"",
            "10 <= category < 12 or (score > 45 and category != 2)", "tag in [\"v3\", \"v7\"] and id >= 1500",
            "category == 4 && !(score < 10.5)",
            // Escapes in strings, as Milvus reads them: v3 and v7 in hex and octal, v1% with \u.
            "tag in [\"\\x763\", \"\\1667\"]", "tag like \"\\u00761%\"",
        ]
        func query(_ filter: String) async throws -> Set<Int64> {
            var request = Milvus_Proto_Milvus_QueryRequest()
            request.collectionName = "evaluator"
            request.expr = filter
            request.outputFields = ["id"]
            request.queryParams = [keyValue("limit", "16384")]
            let answer = try await client.query(request)
            return Set(answer.fieldsData.first { $0.fieldName == "id" }?.scalars.longData.data ?? [])
        }
        for filter in filters {
            let milvusRows = try await query(filter)
            let selected = preloaded.selected(by: try FilterExpression.parse(filter))
            let ours = Set(selected.indices.filter { selected[$0] }.map(Int64.init))
            #expect(milvusRows == ours, "\(filter): Milvus \(milvusRows.count) rows, traceload \(ours.count)")
            #expect(!ours.isEmpty, "\(filter) selects nothing: a weak check")
        }

        // The validator against the same Milvus: what `validate` refuses Milvus refuses, and what
        // it lets through Milvus runs (forms that every version from 2.3 to 2.6 treats alike).
        let fields = [("id", ScalarType.int64)] + scenario.collection.fields.map { ($0.name, $0.type) }
        let verdicts = [
            "category == 3", "1 <= category < 5", "5 > category >= 1", "category in [1, 2]", "category not in [1]",
            "id in []", "tag like \"v1%\"", "category % 3 == 1", "category + 1 == 4",
            "score > 2", "score == 2.5", "flag == true", "not (flag == true)", "category > 1 and tag != 'v2'",
            "category > 1 && score < 10 || id == 5", "\"v1\" < tag < \"v3\"", "category >= 0x2", "tag == 'it\\'s'",
            "category = 3", "category == \"3\"", "category == 3.5", "tag == 3", "flag == 1", "tag in [1, 2]",
            "category in [1, 2.5]", "category like \"1%\"", "flag", "flag and category > 1", "not category == 3",
            "category & 1 == 1", "category <> 3", "tag + 1 == 2", "json_contains(tag, \"a\")", "nosuch == 1",
            "category in 5", "category == 08", "category > 1 And score < 2", "\"constant\"", "-category < 1",
            "category ** 2 == 4", "1 < 3 < category",
        ]
        for filter in verdicts {
            let refused = (try? FilterCheck.problems(in: FilterSyntax.parse(filter), fields: fields).isEmpty) != true
            let milvusRefused: Bool
            do {
                _ = try await query(filter)
                milvusRefused = false
            } catch {
                milvusRefused = true
            }
            #expect(refused == milvusRefused, "\(filter): validate refuses it: \(refused), Milvus: \(milvusRefused)")
        }
    }
}
