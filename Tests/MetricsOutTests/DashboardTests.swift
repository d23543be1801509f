import Foundation
import TestFixtures
import Testing

@testable import MetricsOut

/// deploy/grafana/traceload.json: a dashboard Grafana can import, whose queries name only
/// series that exist: traceload's as `RunSeries` sends them, Milvus's as a real Milvus exports
/// them. (The integration tests run every query against a real Prometheus holding a run.)
@Suite struct DashboardTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/grafana/traceload.json")

    static func dashboard() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
    }

    static func expressions(_ dashboard: [String: Any]) -> [String] {
        ((dashboard["panels"] as? [[String: Any]]) ?? []).flatMap { panel in
            ((panel["targets"] as? [[String: Any]]) ?? []).compactMap { $0["expr"] as? String }
        }
    }

    @Test func panelsAreWellFormedAndLaidOutWithoutOverlap() throws {
        let dashboard = try Self.dashboard()
        #expect(dashboard["uid"] as? String == "traceload-run")
        #expect((dashboard["schemaVersion"] as? Int ?? 0) >= 36)
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        let ids = panels.compactMap { $0["id"] as? Int }
        #expect(ids.count == panels.count && Set(ids).count == ids.count)
        var cells = Set<[Int]>()
        for panel in panels {
            let grid = try #require(panel["gridPos"] as? [String: Int], "\(panel["title"] ?? "")")
            let (x, y, w, h) = (grid["x"] ?? -1, grid["y"] ?? -1, grid["w"] ?? 0, grid["h"] ?? 0)
            #expect(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24, "\(panel["title"] ?? ""): \(grid)")
            for column in x..<(x + w) {
                for line in y..<(y + h) {
                    #expect(cells.insert([column, line]).inserted, "\(panel["title"] ?? "") overlaps another panel")
                }
            }
            guard panel["type"] as? String != "row" else { continue }
            let targets = try #require(panel["targets"] as? [[String: Any]])
            #expect(!targets.isEmpty)
            #expect(Set(targets.compactMap { $0["refId"] as? String }).count == targets.count)
        }
    }

    @Test func everyVariableUsedIsDefined() throws {
        let dashboard = try Self.dashboard()
        let defined = Set(
            ((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []).compactMap {
                $0["name"] as? String
            })
        let text = try String(contentsOf: Self.path, encoding: .utf8)
        let used = Set(
            text.matches(of: /\$\{?([A-Za-z_][A-Za-z0-9_]*)/).map { String($0.output.1) }.filter { !$0.hasPrefix("__") })
        #expect(used.isSubset(of: defined), "undefined: \(used.subtracting(defined))")
    }

    @Test func queriesNameOnlySeriesThatExist() throws {
        let expressions = Self.expressions(try Self.dashboard())
        // A name follows something other than `$` or a word character (`$milvus_job` is a variable).
        let names = Set(
            expressions.flatMap { expression in
                expression.matches(of: /(^|[^$\w])((?:traceload|milvus|process)_[a-z_]+)\b/).map { String($0.output.2) }
            })
        let ours = Set(RunSeries.metadata.map(\.name))
        let page = try String(contentsOfFile: Fixtures.path("milvus-2.3.5/search-under-load/metrics-after.txt"), encoding: .utf8)
        let milvus = Set(page.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            line.split(whereSeparator: { $0 == "{" || $0 == " " }).first.map(String.init)
        })
        for name in names {
            #expect(
                name.hasPrefix("traceload_") ? ours.contains(name) : milvus.contains(name),
                "\(name) is neither sent by traceload nor exported by Milvus 2.3.5")
        }
        #expect(names.filter { $0.hasPrefix("traceload_") }.count >= 5 && names.contains("milvus_proxy_sq_latency_bucket"))
    }
}
