/// Milvus's stage histograms and the readable names traceload gives them. Data: a stage is a
/// metric, the labels that tell its variants apart (`query_type`, `scope`, `segment_state`, ...;
/// others such as `node_id` are added up over pods), and the operation it belongs to when no label
/// says so. Names as in Milvus 2.3 to 2.6 (`pkg/metrics`); a metric a version lacks is skipped.
package struct StageCatalog: Sendable {
    package struct Stage: Sendable, Equatable {
        package var name: String
        package var metric: String
        /// Labels kept apart; every other label is summed over.
        package var labels: [String]
        /// The operation when no label names it (`search`, `insert`, `query`).
        package var operation: String?
        /// What an observation measures: milliseconds, or a count (search group sizes).
        package var unit: Unit
        package var meaning: String

        package enum Unit: String, Sendable, Codable {
            case milliseconds = "ms"
            case count
        }

        package init(
            _ name: String, _ metric: String, labels: [String] = [], operation: String? = nil,
            unit: Unit = .milliseconds,
            meaning: String
        ) {
            self.name = name
            self.metric = metric
            self.labels = labels
            self.operation = operation
            self.unit = unit
            self.meaning = meaning
        }
    }

    package var stages: [Stage]

    package init(stages: [Stage]) {
        self.stages = stages
    }

    /// Labels that name the operation a series belongs to, and how their values read.
    static let operationLabels = ["query_type", "msg_type", "function_name"]

    package static let milvus = StageCatalog(stages: [
        Stage(
            "proxy.rpc", "milvus_proxy_req_latency", labels: ["function_name"],
            meaning: "the proxy's gRPC handler, whole"),
        Stage(
            "proxy.request", "milvus_proxy_sq_latency", labels: ["query_type"],
            meaning: "a search or query in the proxy, from enqueue to result"),
        Stage(
            "proxy.wait_result", "milvus_proxy_sq_wait_result_latency", labels: ["query_type"],
            meaning: "the proxy waiting for the query nodes' results"),
        Stage(
            "proxy.reduce_result", "milvus_proxy_sq_reduce_result_latency", labels: ["query_type"],
            meaning: "the proxy merging the shards' results"),
        Stage(
            "proxy.decode_result", "milvus_proxy_sq_decode_result_latency", labels: ["query_type"],
            meaning: "the proxy decoding results"),
        Stage(
            "proxy.request", "milvus_proxy_mutation_latency", labels: ["msg_type"],
            meaning: "an insert or delete in the proxy, whole"),
        Stage(
            "proxy.assign_segment", "milvus_proxy_assign_segmentID_latency", operation: "insert",
            meaning: "the proxy getting segment ids for inserted rows from the data coordinator"),
        Stage(
            "proxy.apply_pk", "milvus_proxy_apply_pk_latency", operation: "insert",
            meaning: "the proxy allocating primary keys"),
        Stage(
            "proxy.mutation_send", "milvus_proxy_mutation_send_latency", labels: ["msg_type"],
            meaning: "the proxy writing the rows to the message stream"),
        Stage(
            "querynode.request", "milvus_querynode_sq_req_latency", labels: ["query_type", "scope"],
            meaning:
                "a search or query on a query node (OnLeader: the shard delegator's whole request; FromLeader: each sub-request)"
        ),
        Stage(
            "querynode.queue", "milvus_querynode_sq_queue_latency", labels: ["query_type"],
            meaning: "a sub-request waiting in the query node's read-task queue"),
        Stage(
            "querynode.wait_tsafe", "milvus_querynode_sq_wait_tsafe_latency", labels: ["query_type"],
            meaning: "the delegator waiting for the data to be visible (tsafe)"),
        Stage(
            "querynode.segcore", "milvus_querynode_sq_core_latency", labels: ["query_type"],
            meaning: "segcore executing a (merged) task"),
        Stage(
            "querynode.segment", "milvus_querynode_sq_segment_latency", labels: ["query_type", "segment_state"],
            meaning: "searching one kind of segment (growing or sealed)"),
        Stage(
            "querynode.reduce", "milvus_querynode_sq_reduce_latency", labels: ["query_type", "reduce_level"],
            meaning: "the query node merging segments' or shards' results"),
        Stage(
            "querynode.search_group_size", "milvus_querynode_search_group_size", operation: "search", unit: .count,
            meaning: "how many searches the query node merged into one task"),
        Stage(
            "indexnode.build", "milvus_indexnode_build_index_latency", operation: "index",
            meaning: "the index node building one segment's index"),
        Stage(
            "datanode.compaction", "milvus_datanode_compaction_latency", operation: "compaction",
            meaning: "the data node compacting segments"),
        Stage(
            "datanode.flush", "milvus_datanode_save_latency", operation: "flush",
            meaning: "the data node saving a flushed segment's binlogs"),
    ])

    /// Which stages measure the time that falls inside a proxy span with no child running: the
    /// proxy waits for the query nodes, whose queue and segcore time Milvus does not trace (2.3)
    /// or traces only for the request that leads a merged task.
    package static let untracedWaits: [String: [String]] = [
        "Proxy-Search-Execute": [
            "proxy.wait_result", "querynode.request", "querynode.queue", "querynode.wait_tsafe", "querynode.segcore",
            "querynode.reduce",
        ],
        "Proxy-Query-Execute": [
            "proxy.wait_result", "querynode.request", "querynode.queue", "querynode.wait_tsafe", "querynode.segcore",
        ],
        "Proxy-Query": [
            "proxy.wait_result", "querynode.request", "querynode.queue", "querynode.wait_tsafe", "querynode.segcore",
        ],
        "RetrieveTask": [
            "proxy.wait_result", "querynode.request", "querynode.queue", "querynode.wait_tsafe", "querynode.segcore",
        ],
        "Proxy-Insert-Execute": ["proxy.assign_segment", "proxy.mutation_send"],
        "InsertTask": ["proxy.assign_segment", "proxy.apply_pk", "proxy.mutation_send"],
    ]
}
