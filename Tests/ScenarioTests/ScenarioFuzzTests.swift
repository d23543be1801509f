import Foundation
import Testing

@testable import Scenario

/// Mutated scenario files thrown at the loader: each must load or fail with a ScenarioError
/// whose issues point at a line — never crash, hang or fail otherwise.
@Suite struct ScenarioFuzzTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func seeds() throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scenarios").path)
            .filter { $0.hasSuffix(".yaml") }
        return try files.sorted().map {
            try String(contentsOf: root.appendingPathComponent("scenarios/\($0)"), encoding: .utf8)
        }
            + [ScenarioLoaderTests().full]
    }

    /// Pieces that YAML and the loader treat specially.
    static let fragments = [
        ":", "-", "- ", "{", "}", "[", "]", ",", "'", "\"", " ", "\n", "  ", "\t", "#", "&a ", "*a", "!!str ", "!!int ",
        "|", ">", "%", "@", "?", "~", "null", "true", "1e400", "-1", "0", "0.5", "NaN", ".inf", "99999999999999999999",
        "10s", "1h", "ms", "search", "insert", "query", "HNSW", "${X}", "file:/nonexistent", "é", "\u{0}", "\u{FEFF}",
    ]

    struct Mutator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }

        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

        mutating func mutate(_ text: String) -> String {
            var chars = Array(text)
            var lines = text.components(separatedBy: "\n")
            switch below(7) {
            case 0 where !chars.isEmpty: chars.remove(at: below(chars.count))
            case 1:
                chars.insert(
                    contentsOf: ScenarioFuzzTests.fragments[below(ScenarioFuzzTests.fragments.count)],
                    at: below(chars.count + 1))
            case 2 where !chars.isEmpty:
                chars[below(chars.count)] =
                    Array(ScenarioFuzzTests.fragments[below(ScenarioFuzzTests.fragments.count)]).first ?? "x"
            case 3 where lines.count > 1:
                lines.swapAt(below(lines.count), below(lines.count))
                return lines.joined(separator: "\n")
            case 4 where !lines.isEmpty:
                lines.insert(lines[below(lines.count)], at: below(lines.count + 1))
                return lines.joined(separator: "\n")
            case 5 where !lines.isEmpty:
                lines.remove(at: below(lines.count))
                return lines.joined(separator: "\n")
            case 6: return String(chars.prefix(below(chars.count + 1)))
            default: break
            }
            return String(chars)
        }
    }

    @Test func mutatedScenariosGetCleanErrors() throws {
        var mutator = Mutator(state: 20_261_124)
        var loaded = 0
        var rejected = 0
        for seed in try Self.seeds() {
            for _ in 0..<700 {
                var text = seed
                for _ in 0...mutator.below(4) { text = mutator.mutate(text) }
                do {
                    _ = try ScenarioLoader.decode(yaml: text, file: "fuzz.yaml")
                    loaded += 1
                } catch let error as ScenarioError {
                    rejected += 1
                    #expect(!error.issues.isEmpty)
                    for issue in error.issues {
                        #expect(
                            issue.line >= 1 && issue.column >= 1 && !issue.field.isEmpty && !issue.message.isEmpty,
                            "\(issue) for:\n\(text)")
                    }
                } catch {
                    Issue.record("\(type(of: error)) instead of a ScenarioError: \(error) for:\n\(text)")
                }
            }
        }
        // Both outcomes occur, or the mutations are not exercising anything.
        #expect(loaded > 50 && rejected > 500, "loaded \(loaded), rejected \(rejected)")
    }
}
