import Foundation
import Yams

/// The docs' `yaml` blocks, each checked as what the HTML comment on the line before it says it
/// is: no marker, a whole scenario that `traceload validate` accepts; `<!-- yaml: fragment -->`,
/// top-level keys of a scenario, validated inside a minimal scenario that has every key they lack;
/// `<!-- yaml: not traceload's (WHAT IT IS) -->`, another program's configuration, which must
/// parse as YAML. Any other `yaml:` marker is a mistake, so no block goes unchecked.
enum DocYAMLCheck {
    enum Kind: Equatable {
        case scenario, fragment, foreign

        /// nil: a `yaml:` marker this check does not know.
        init?(marker: String?) {
            guard let marker, marker.hasPrefix("yaml:") else {
                self = .scenario
                return
            }
            let said = marker.dropFirst(5).trimmingCharacters(in: .whitespaces)
            if said == "fragment" {
                self = .fragment
            } else if said.hasPrefix("not traceload's (") && said.hasSuffix(")") {
                self = .foreign
            } else {
                return nil
            }
        }
    }

    /// What a fragment lacks, key by key: a collection whose index takes the search parameters
    /// the docs use, and a phase named `search` that searches, inserts and queries, so that
    /// thresholds and variants on any of them have something to name.
    static let minimalScenario: [(key: String, yaml: String)] = [
        ("collection", "collection: { dim: 128, index: { type: HNSW, params: { M: 16, efConstruction: 200 } } }"),
        (
            "phases",
            """
            phases:
              - name: search
                duration: 10s
                workers: 8
                mix: { search: 8, insert: 1, query: 1 }
                search: { topk: 10, params: { ef: 64 } }
            """
        ),
    ]

    /// The shapes of SIFT1M's files (the TEXMEX corpus the docs' dataset names): rows, and values
    /// a row.
    static let standIns: [String: (rows: Int, dimension: Int)] = [
        "vectors": (1_000_000, 128), "queries": (10_000, 128), "groundTruth": (10_000, 100),
    ]

    /// One sentence per block that is not what its marker says, with the tool's own words.
    static func problems(in pages: [DocPage]) throws -> (problems: [String], checked: [Kind: Int]) {
        var problems: [String] = []
        var checked: [Kind: Int] = [:]
        for page in pages {
            for block in page.blocks where ["yaml", "yml"].contains(block.language) {
                guard let kind = Kind(marker: block.marker) else {
                    problems.append(
                        "\(page.place(block.line)): unknown marker <!-- \(block.marker ?? "") -->; expected none (a whole scenario), <!-- yaml: fragment --> or <!-- yaml: not traceload's (WHAT IT IS) -->"
                    )
                    continue
                }
                checked[kind, default: 0] += 1
                let problem = try check(block.lines.joined(separator: "\n"), as: kind) { page.place(block.line + $0) }
                if let problem { problems.append("\(page.place(block.line)): \(problem)") }
            }
        }
        return (problems, checked)
    }

    /// nil when the block is what `kind` says. `place` names line N of the block in its page.
    static func check(_ yaml: String, as kind: Kind, place: (Int) -> String) throws -> String? {
        let parsed: Node?
        do {
            parsed = try Yams.compose(yaml: yaml)
        } catch {
            return "not YAML: \(error)"
        }
        if kind == .foreign { return parsed == nil ? "an empty block" : nil }
        guard let top = parsed?.mapping else { return "expected a mapping of scenario keys" }
        func value(_ mapping: Node.Mapping?, _ key: String) -> Node? { mapping?.first { $0.key.string == key }?.value }
        let directory = CLIHarness.temporaryDirectory("docs-yaml")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var text = yaml
        if kind == .fragment {
            for (key, lines) in minimalScenario where value(top, key) == nil { text += "\n" + lines }
        }
        let path = directory + "/scenario.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let dataset = value(top, "dataset")?.mapping
        let files = standIns.keys.compactMap { key in value(dataset, key)?.string.map { (key, $0) } }
        if let problem = try makeStandIns(for: Dictionary(uniqueKeysWithValues: files), in: directory) {
            return problem
        }
        let result = try CLIHarness.run(["validate", path], timeoutSeconds: 60)
        guard result.status != 0 else { return nil }
        let taken = kind == .scenario ? "a whole scenario (no <!-- yaml: ... --> marker)" : "a fragment of a scenario"
        // The block's lines are the file's first lines, so a mistake's line is the block's.
        let said = result.stderr.split(separator: "\n").map { line -> String in
            guard line.hasPrefix(path + ":") else { return "    " + line }
            let rest = line.dropFirst(path.count + 1)
            guard let number = Int(rest.prefix { $0.isNumber }) else { return "    " + line }
            return "    " + place(number) + rest.drop { $0.isNumber }
        }
        return "taken for \(taken), `traceload validate` says:\n" + said.joined(separator: "\n")
    }

    /// The files a dataset names, beside the scenario as its paths say: each with the dimension
    /// of its first row and the size of SIFT1M's file, the rest a hole, since validate reads a
    /// vector file's first row and its size alone.
    static func makeStandIns(for files: [String: String], in directory: String) throws -> String? {
        for (key, name) in files {
            guard let shape = standIns[key] else { continue }
            let bytesPerValue = name.hasSuffix(".bvecs") ? 1 : 4
            guard name.hasSuffix(".fvecs") || name.hasSuffix(".ivecs") || name.hasSuffix(".bvecs") else {
                return "dataset.\(key): the test makes stand-ins for .fvecs, .ivecs and .bvecs only, found \(name)"
            }
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var dimension = UInt32(shape.dimension).littleEndian
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes: &dimension, count: 4)) else {
                return "cannot write the stand-in \(path)"
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: UInt64(shape.rows * (4 + shape.dimension * bytesPerValue)))
            try handle.close()
        }
        return nil
    }
}
