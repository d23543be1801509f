import Foundation
import Testing

/// Reads a run's spans.jsonl and run.json with nothing of traceload's, and checks coverage.csv
/// against them: what a user would do to trust the file.
struct CoverageCheck {
    struct Trace {
        var names: Set<String> = []
        var serverSpans = 0
        /// The client span's start (Unix ns).
        var clientStart: UInt64?
    }

    let traces: [String: Trace]
    /// phase → operation → sampled trace ids that Milvus answered.
    let sampled: [String: [String: [String]]]
    let coverage: [[String: String]]

    init(reportDirectory out: String, clientService: String = "milvus-client") throws {
        var traces: [String: Trace] = [:]
        let lines = try String(contentsOfFile: out + "/spans.jsonl", encoding: .utf8).split(separator: "\n")
        for line in lines {
            let document = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            for resource in document?["resourceSpans"] as? [[String: Any]] ?? [] {
                let attributes = (resource["resource"] as? [String: Any])?["attributes"] as? [[String: Any]] ?? []
                let service =
                    (attributes.first { $0["key"] as? String == "service.name" }?["value"] as? [String: Any])?[
                        "stringValue"] as? String
                for scope in resource["scopeSpans"] as? [[String: Any]] ?? [] {
                    for span in scope["spans"] as? [[String: Any]] ?? [] {
                        let id = span["traceId"] as! String
                        if service == clientService {
                            traces[id, default: Trace()].clientStart = UInt64(span["startTimeUnixNano"] as! String)
                        } else {
                            traces[id, default: Trace()].names.insert(span["name"] as! String)
                            traces[id, default: Trace()].serverSpans += 1
                        }
                    }
                }
            }
        }
        self.traces = traces
        let run =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json")))
            as? [String: Any]
        var sampled: [String: [String: [String]]] = [:]
        for phase in run?["phases"] as? [[String: Any]] ?? [] where phase["warmup"] as? Bool != true {
            for request in phase["sampled"] as? [[String: Any]] ?? [] where request["error"] == nil {
                sampled[phase["name"] as! String, default: [:]][request["operation"] as! String, default: []].append(
                    request["traceID"] as! String)
            }
        }
        self.sampled = sampled
        coverage = try readCSV(out + "/coverage.csv")
    }

    /// Every coverage.csv row agrees with the spans; returns the rows.
    @discardableResult
    func verify() -> [[String: String]] {
        #expect(!coverage.isEmpty)
        for row in coverage {
            let phase = row["phase"]!
            let operation = row["operation"]!
            let ids = sampled[phase]?[operation] ?? []
            let joined = ids.filter { (traces[$0]?.serverSpans ?? 0) > 0 }
            #expect(Int(row["sampled"]!) == ids.count, "\(row)")
            #expect(Int(row["joined"]!) == joined.count, "\(row)")
            let missing = (row["missing"] ?? "").split(separator: ";").map { item -> (String, Int) in
                let parts = item.split(separator: ":")
                return (parts.dropLast().joined(separator: ":"), Int(parts.last!) ?? -1)
            }
            for (name, count) in missing {
                #expect(
                    joined.filter { !traces[$0]!.names.contains(name) }.count == count, "\(phase)/\(operation) \(name)")
            }
            let incomplete = joined.filter { id in missing.contains { !traces[id]!.names.contains($0.0) } }.count
            #expect(Int(row["complete"]!) == joined.count - incomplete, "\(row)")
        }
        return coverage
    }
}
