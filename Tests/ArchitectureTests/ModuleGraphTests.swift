import Foundation
import Testing

/// The layout ARCHITECTURE.md draws, checked against the sources: data flows one way through the
/// modules, every module has its tests, and files stay small enough to read.
@Suite struct ModuleGraphTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Each module's place in the pipeline: a module may import only modules of a lower stage.
    /// Stage 0 holds what everything stands on; then the pipeline, Scenario → Workload →
    /// Traces/Telemetry → Analysis → Results → Report, with the command line last.
    static let stages: [String: Int] = [
        "TraceContext": 0, "MilvusProto": 0, "OTLPProto": 0, "GRPCWire": 0, "Dataset": 0, "HTTPFetch": 0,
        "EmbeddedMilvus": 1, "ServerMetrics": 1, "Scenario": 1, "MilvusClient": 1, "NullMilvus": 1,
        "Workload": 2,
        "Setup": 3, "Traces": 3, "Telemetry": 3, "MetricsOut": 3,
        "Analysis": 4,
        "Results": 5,
        "Comparison": 6, "Findings": 6,
        "Engine": 7, "Report": 7,
        "traceload": 8, "BenchSupport": 8,
    ]

    /// Modules as Sources/ holds them, with the project modules each one's files import.
    static func imports() throws -> [String: Set<String>] {
        let sources = root.appendingPathComponent("Sources")
        var result: [String: Set<String>] = [:]
        for module in try FileManager.default.contentsOfDirectory(atPath: sources.path) where !module.hasPrefix(".") {
            var imported = Set<String>()
            for file in try swiftFiles(in: sources.appendingPathComponent(module)) {
                for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                    let words = line.split(separator: " ")
                    guard let index = words.firstIndex(of: "import"), words[..<index].allSatisfy({ $0.hasPrefix("@") }),
                        index + 1 < words.count
                    else { continue }
                    imported.insert(String(words[index + 1]))
                }
            }
            result[module] = imported
        }
        return result
    }

    static func swiftFiles(in folder: URL) throws -> [URL] {
        let paths = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return paths.filter { $0.hasSuffix(".swift") }.map { folder.appendingPathComponent($0) }
    }

    /// Each target's declared dependencies, read from Package.swift's text: the quoted names
    /// inside the `dependencies: [...]` of each `.target(name: "X"` (products name their
    /// packages' modules, which have no stage and are skipped).
    static func declared() throws -> [String: Set<String>] {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let markers = [".target(", ".testTarget(", ".executableTarget("]
        var starts: [String.Index] = []
        for marker in markers {
            var from = manifest.startIndex
            while let found = manifest.range(of: marker, range: from..<manifest.endIndex) {
                starts.append(found.upperBound)
                from = found.upperBound
            }
        }
        starts.sort()
        var result: [String: Set<String>] = [:]
        for (number, start) in starts.enumerated() {
            let target = manifest[start..<(number + 1 < starts.count ? starts[number + 1] : manifest.endIndex)]
            let quoted = target.components(separatedBy: "\"")
            guard target.contains("name:"), quoted.count > 1 else { continue }
            var names = Set<String>()
            if let open = target.range(of: "dependencies: [") {
                var depth = 1
                var index = open.upperBound
                while depth > 0, index < target.endIndex {
                    if target[index] == "[" { depth += 1 } else if target[index] == "]" { depth -= 1 }
                    index = target.index(after: index)
                }
                names = Set(
                    target[open.upperBound..<index].components(separatedBy: "\"").enumerated().filter {
                        $0.offset % 2 == 1
                    }.map(\.element))
            }
            result[quoted[1]] = names
        }
        return result
    }

    @Test func packageSwiftDeclaresOnlyEarlierStages() throws {
        let declared = try Self.declared()
        for (module, stage) in Self.stages {
            let dependencies = try #require(declared[module], "Package.swift has no target \(module)")
            for dependency in dependencies {
                guard let other = Self.stages[dependency] else { continue }
                #expect(
                    other < stage, "Package.swift: \(module) (stage \(stage)) depends on \(dependency) (stage \(other))"
                )
            }
        }
        #expect(
            declared["Telemetry"]?.contains("Workload") == false && declared["Workload"]?.contains("Traces") == false)
    }

    @Test func everyModuleHasAStageAndImportsOnlyEarlierStages() throws {
        let graph = try Self.imports()
        #expect(
            Set(graph.keys) == Set(Self.stages.keys),
            "a module without a place in the pipeline, or a stage without a module")
        for (module, imported) in graph {
            let stage = try #require(Self.stages[module])
            for dependency in imported {
                guard let other = Self.stages[dependency] else { continue }  // a package's module
                #expect(other < stage, "\(module) (stage \(stage)) imports \(dependency) (stage \(other))")
            }
        }
    }

    /// The dependencies the layout exists to prevent, named so that a failure says which.
    @Test func theLoadGeneratorAndTheExporterStayApartFromTheReceiverAndTheClient() throws {
        let graph = try Self.imports()
        #expect(graph["Workload"]?.contains("Traces") == false)
        #expect(graph["Telemetry"].map { $0.isDisjoint(with: ["MilvusClient", "Workload", "Traces"]) } == true)
        #expect(graph["NullMilvus"]?.contains("MilvusClient") == false)
        #expect(graph["TraceContext"].map { $0.isDisjoint(with: Self.stages.keys) } == true)
        #expect(graph["Results"]?.contains("Report") == false)
    }

    /// The commands parse, print and exit: what they run is the engine's, what they write is the
    /// report's. So the command line imports the engine, the run record, the report, the scenario
    /// and its argument parser, nothing else of ours.
    @Test func theCommandLineImportsOnlyTheEngineTheRecordTheReportAndTheScenario() throws {
        let ours = Set(try Self.imports()["traceload"]?.filter { Self.stages[$0] != nil } ?? [])
        #expect(ours.isSubset(of: ["Engine", "Results", "Report", "Scenario"]), "the CLI imports \(ours.sorted())")
    }

    /// A report file is written by Report alone (atomically, through its ReportWriter). Outside it,
    /// only what is not a report writes files: the embedded Milvus's own set-up (etcd config,
    /// launcher log, owner mark) and the dataset's ground-truth cache.
    @Test func noModuleOutsideReportWritesAReportFile() throws {
        let allowed = ["EmbeddedMilvus/EmbeddedMilvus.swift", "EmbeddedMilvus/EmbeddedMilvus+Cleanup.swift", "Dataset/VectorFileWriter.swift"]
        let writes = ["write(toFile:", ".write(to:", "createFile(", "FileHandle(forWritingAtPath:", "fopen(", "ReportWriter", ".write(\""]
        let sources = Self.root.appendingPathComponent("Sources")
        for file in try Self.swiftFiles(in: sources) {
            let relative = String(file.path.dropFirst(sources.path.count + 1))
            guard !relative.hasPrefix("Report/"), !allowed.contains(relative) else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for call in writes where text.contains(call) {
                // The commands (and the benchmarks' report rendering) hand Report a writer for a
                // directory; they never write through it.
                if relative.hasPrefix("traceload/") || relative.hasPrefix("BenchSupport/"), call == "ReportWriter" { continue }
                Issue.record("\(relative) writes a file (\(call)); report files are Report's")
            }
        }
    }

    /// Tests mirror sources: Tests/<Module>Tests for every module; the command line's tests are
    /// the integration tests, which run the built binary.
    @Test func everyModuleHasItsTestTarget() throws {
        let tests = Set(
            try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Tests").path))
        for module in Self.stages.keys {
            let target = module == "traceload" ? "IntegrationTests" : module + "Tests"
            #expect(tests.contains(target), "no Tests/\(target) for \(module)")
        }
    }

    /// Hand-written files stay under about 300 lines (generated protobuf code is exempt).
    @Test func noHandWrittenFileIsLong() throws {
        for folder in ["Sources", "Tests"] {
            for file in try Self.swiftFiles(in: Self.root.appendingPathComponent(folder)) {
                guard !file.lastPathComponent.hasSuffix(".pb.swift"), !file.lastPathComponent.hasSuffix(".grpc.swift")
                else { continue }
                let lines = try String(contentsOf: file, encoding: .utf8).split(
                    separator: "\n", omittingEmptySubsequences: false
                ).count
                #expect(lines <= 300, "\(file.path.dropFirst(Self.root.path.count + 1)): \(lines) lines")
            }
        }
    }
}
