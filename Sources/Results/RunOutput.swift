import Traces

/// What a finished run hands to its report: the record, the spans of its sampled traces
/// (spans.jsonl), and the tail of Milvus's logs when the embedded Milvus failed.
package struct RunOutput: Sendable {
    package var record: RunRecord
    package var spans: [Span]
    package var milvusLogTail: String?

    package init(record: RunRecord, spans: [Span] = [], milvusLogTail: String? = nil) {
        self.record = record
        self.spans = spans
        self.milvusLogTail = milvusLogTail
    }
}
