import Foundation
import Testing

/// The readers DocsTests relies on, on pages written here with what they must find worked out by
/// hand, and against the built binary: a flag it lacks and a scenario it refuses are caught.
@Suite struct DocCheckerTests {
    static let page = DocPage(
        path: "t.md",
        text: """
            Intro `traceload analyze --listen 4317`, `traceload.requests`, `make demo --foo`, `run --repeat N`, `run`.

            ```sh
            TRACELOAD_METRICS_AUTHORIZATION="Bearer x" traceload run s.yaml \\
              --metrics-out prometheus+remote-write://p:9090/api/v1/write   # --not-a-flag
            cd ~/x && .build/release/traceload diff a b --fail-on-regression 10% | tail --lines 3
            traceload analyze --listen 4317
                              [--for 10m] [--out DIR]
            kubectl wait --for=condition=complete
            traceload compare s.yaml --variant 'a: --x=1'
            ```

            A span that runs on: `traceload merge a b
            --out m`, then [a link](../x.md#y) and `unclosed
            """)

    @Test func commandsAreFoundWhereTheDocsWriteThem() {
        #expect(
            DocCommand.all(in: Self.page) == [
                DocCommand(place: "t.md:4", command: "run", flags: ["--metrics-out"]),
                DocCommand(place: "t.md:6", command: "diff", flags: ["--fail-on-regression"]),
                DocCommand(place: "t.md:7", command: "analyze", flags: ["--listen", "--for", "--out"]),
                DocCommand(place: "t.md:10", command: "compare", flags: ["--variant"]),
                DocCommand(place: "t.md:1", command: "analyze", flags: ["--listen"]),
                DocCommand(place: "t.md:1", command: "run", flags: ["--repeat"]),
                DocCommand(place: "t.md:13", command: "merge", flags: ["--out"]),
            ])
        #expect(Self.page.links == [DocPage.Span(line: 14, text: "../x.md#y")])
        #expect(Self.page.unclosed == [14])
        #expect(DocsTests.resolve("../x.md", from: "docs/a.md") == "x.md")
        #expect(DocsTests.resolve("../../x.md", from: "docs/a.md") == nil)
        #expect(DocsTests.resolve("reports/example/", from: "README.md") == "reports/example")
    }

    @Test func headingsGiveGitHubsAnchors() {
        let page = DocPage(
            path: "a.md",
            text: "# Title\n\n## `diff` and the noise between runs\n\n## Findings: the report's conclusions\n")
        #expect(page.anchors == ["title", "diff-and-the-noise-between-runs", "findings-the-reports-conclusions"])
    }

    @Test func theOptionsAHelpListsAreItsOwn() {
        let help = """
            USAGE: traceload run <scenario> [--out <out>] [--set <key=value> ...]

            OPTIONS:
              --set <key=value>       Change a value (repeatable).
              --out <out>             Directory for the report.
              --metrics-out <metrics-out>
                                      Any receiver (Prometheus with
                                      --web.enable-remote-write-receiver).
                    --web.enable-remote-write-receiver, Mimir, VictoriaMetrics
              -h, --help              Show help information.
            """
        #expect(DocFlagCheck.listedOptions(help) == ["--set", "--out", "--metrics-out", "--help"])
    }

    @Test func aCommandOrFlagTheToolLacksIsCaught() throws {
        let check = DocFlagCheck()
        #expect(
            try check.problems(in: DocCommand.parse("traceload run s.yaml --out d --set a=b", place: "x:1")).isEmpty)
        let flag = try check.problems(in: DocCommand.parse("traceload run s.yaml --out d --no-such-flag", place: "x:2"))
        #expect(flag.count == 1 && flag.first?.hasPrefix("x:2: `traceload run --no-such-flag`") == true, "\(flag)")
        // A flag of one command is not another's.
        #expect(try check.problems(in: DocCommand.parse("traceload validate s.yaml --out d", place: "x:3")).count == 1)
        let command = try check.problems(in: DocCommand.parse("traceload frobnicate --x", place: "x:4"))
        #expect(command.count == 1 && command.first?.contains("no such command") == true, "\(command)")
    }

    @Test func markersSayWhatABlockIs() throws {
        #expect(DocYAMLCheck.Kind(marker: nil) == .scenario)
        #expect(DocYAMLCheck.Kind(marker: "quoted from scenarios/quickstart.yaml") == .scenario)
        #expect(DocYAMLCheck.Kind(marker: "yaml: fragment") == .fragment)
        #expect(DocYAMLCheck.Kind(marker: "yaml: not traceload's (Milvus's milvus.yaml)") == .foreign)
        #expect(DocYAMLCheck.Kind(marker: "yaml: frgment") == nil)
        let page = DocPage(path: "p.md", text: "<!-- yaml: frgment -->\n```yaml\na: 1\n```\n")
        #expect(try DocYAMLCheck.problems(in: [page]).problems.count == 1)
    }

    @Test func yamlBlocksAreCheckedAsMarked() throws {
        let place = { (line: Int) in "p.md:\(line)" }
        let tracing = "tracing:\n  sampleFraction: 0.1"
        // A fragment is not a scenario on its own (no collection, no phases), but is one inside
        // the minimal scenario.
        #expect(try DocYAMLCheck.check(tracing, as: .scenario, place: place) != nil)
        #expect(try DocYAMLCheck.check(tracing, as: .fragment, place: place) == nil)
        let wrong = try DocYAMLCheck.check("tracing:\n  sampleFraction: 2", as: .fragment, place: place)
        #expect(wrong?.contains("p.md:2:") == true && wrong?.contains("sampleFraction") == true, "\(wrong ?? "")")
        #expect(
            try DocYAMLCheck.check("exporters: [unclosed", as: .foreign, place: place)?.hasPrefix("not YAML") == true)
        #expect(try DocYAMLCheck.check("exporters: { otlp: {} }", as: .foreign, place: place) == nil)
    }

    /// The SIFT1M stand-ins are real enough to be refused: a collection of another dimension.
    @Test func datasetStandInsHaveSIFTsShape() throws {
        let scenario = """
            collection: { dim: DIM, index: { type: FLAT } }
            dataset: { vectors: sift/base.fvecs, queries: sift/query.fvecs, groundTruth: sift/groundtruth.ivecs }
            phases:
              - { name: search, duration: 1s, workers: 1, mix: search, search: { topk: 10, recall: true } }
            """
        let place = { (line: Int) in "p.md:\(line)" }
        #expect(
            try DocYAMLCheck.check(scenario.replacingOccurrences(of: "DIM", with: "128"), as: .scenario, place: place)
                == nil)
        let other = try DocYAMLCheck.check(
            scenario.replacingOccurrences(of: "DIM", with: "96"), as: .scenario, place: place)
        #expect(other?.contains("dimension 128") == true, "\(other ?? "")")
    }
}
