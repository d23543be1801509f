/// The build and search parameters Milvus (2.3 to 2.6) accepts per index type, with its ranges,
/// so that `nlist: "many"` or `nprobe: -1` is a validation error, not a failure 30 s into a run.
package enum IndexParameters {
    package struct Rule: Sendable {
        package var name: String
        package var range: ClosedRange<Int>
        package var meaning: String

        init(_ name: String, _ range: ClosedRange<Int>, _ meaning: String) {
            self.name = name
            self.range = range
            self.meaning = meaning
        }
    }

    package static func build(_ type: IndexType) -> [Rule] {
        switch type {
        case .hnsw:
            [
                Rule("M", 2...2048, "graph degree"),
                Rule("efConstruction", 1...Int(Int32.max), "candidates while building"),
            ]
        case .ivfFlat: [Rule("nlist", 1...65536, "clusters")]
        case .flat, .autoIndex: []
        }
    }

    /// Search parameters; their upper bounds may depend on the search (`ef` ≥ topk) or the index
    /// (`nprobe` ≤ nlist): see `bounds(of:search:index:)`.
    package static func search(_ type: IndexType) -> [Rule] {
        switch type {
        case .hnsw: [Rule("ef", 1...32768, "candidates while searching")]
        case .ivfFlat: [Rule("nprobe", 1...65536, "clusters searched")]
        case .flat, .autoIndex: []
        }
    }

    /// What a search parameter's lower bound is, when the search sets it (nil: Milvus's own):
    /// Milvus refuses an HNSW search whose ef is below its topk.
    package static func floor(of rule: Rule, topk: Int) -> String? {
        rule.name == "ef" && topk > rule.range.lowerBound ? "topk (\(topk))" : nil
    }

    /// The range a search parameter must fall in for this topk and index.
    package static func bounds(of rule: Rule, topk: Int, index: IndexSpec) -> ClosedRange<Int> {
        switch rule.name {
        case "ef": max(rule.range.lowerBound, topk)...rule.range.upperBound
        case "nprobe":
            rule.range
                .lowerBound...(index.params["nlist"].flatMap { Int($0) }.map { min($0, rule.range.upperBound) }
                ?? rule.range.upperBound)
        default: rule.range
        }
    }
}
