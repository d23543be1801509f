import Traces

/// What a finished run hands to its report: the record, the spans of its sampled traces
/// (spans.jsonl), and the tail of Milvus's logs when the embedded Milvus failed.
package struct RunOutput: Sendable {
    package var record: RunRecord
    package var spans: [Span]
    package var milvusLogTail: String?
    /// What checked searches asked and got (`search.answers`), for answers.jsonl.
    package var answers: [AnswerRecord]

    package init(record: RunRecord, spans: [Span] = [], milvusLogTail: String? = nil, answers: [AnswerRecord] = []) {
        self.record = record
        self.spans = spans
        self.milvusLogTail = milvusLogTail
        self.answers = answers
    }
}

/// One query of a checked search, as answers.jsonl keeps it: enough to compute its recall again
/// from outside (its row in the queries file, the filter, what Milvus returned).
package struct AnswerRecord: Codable, Sendable, Equatable {
    package var phase: String
    package var query: Int
    package var filter: String?
    package var ids: [Int64]
    package var distances: [Float]

    package init(phase: String, query: Int, filter: String?, ids: [Int64], distances: [Float]) {
        self.phase = phase
        self.query = query
        self.filter = filter
        self.ids = ids
        self.distances = distances
    }
}
