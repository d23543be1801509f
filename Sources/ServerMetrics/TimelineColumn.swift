/// One column of server_timeline.csv: a Milvus series read once a second. Data, like the stages.
package struct TimelineColumn: Sendable, Equatable {
    package enum Reading: Sendable, Equatable {
        /// A counter's increase per second (CPU seconds per second = cores in use).
        case rate
        /// A gauge summed over pods and label sets.
        case sum
        /// A gauge's largest value over pods and label sets (a lag).
        case max
    }

    package var name: String
    package var metric: String
    /// Only series with these label values.
    package var filter: [String: String]
    package var reading: Reading
    package var scale: Double

    package init(_ name: String, _ metric: String, filter: [String: String] = [:], reading: Reading, scale: Double = 1) {
        self.name = name
        self.metric = metric
        self.filter = filter
        self.reading = reading
        self.scale = scale
    }

    /// What explains a stall: CPU and memory, the query nodes' read-task queues, segments, how far
    /// consumption lags the time tick, and flush, index-building and compaction activity.
    package static let milvus: [TimelineColumn] = [
        TimelineColumn("cpu_cores", "process_cpu_seconds_total", reading: .rate),
        TimelineColumn("rss_mib", "process_resident_memory_bytes", reading: .sum, scale: 1.0 / 1_048_576),
        TimelineColumn("read_tasks_ready", "milvus_querynode_read_task_ready_len", reading: .sum),
        TimelineColumn("read_tasks_unsolved", "milvus_querynode_read_task_unsolved_len", reading: .sum),
        TimelineColumn(
            "growing_segments", "milvus_querynode_segment_num", filter: ["segment_state": "Growing"], reading: .sum),
        TimelineColumn(
            "sealed_segments", "milvus_querynode_segment_num", filter: ["segment_state": "Sealed"], reading: .sum),
        TimelineColumn("tt_lag_ms", "milvus_querynode_consume_tt_lag_ms", reading: .max),
        TimelineColumn(
            "flushes_per_s", "milvus_datanode_flush_buffer_op_count", filter: ["status": "total"], reading: .rate),
        TimelineColumn(
            "index_tasks", "milvus_datacoord_index_task_count", filter: ["index_task_status": "in-progress"],
            reading: .sum),
        TimelineColumn(
            "compactions", "milvus_datacoord_compaction_task_num", filter: ["status": "executing"], reading: .sum),
        TimelineColumn(
            "growing_rows", "milvus_querynode_entity_num", filter: ["segment_state": "Growing"], reading: .sum),
        TimelineColumn("sealed_rows", "milvus_querynode_entity_num", filter: ["segment_state": "Sealed"], reading: .sum),
        TimelineColumn(
            "unindexed_sealed_rows", "milvus_querynode_entity_num",
            filter: ["segment_state": "Sealed", "indexed_field_count": "0"], reading: .sum),
        // The machine and traceload itself, beside Milvus: read by traceload, not from Milvus.
        TimelineColumn("machine_cpu_cores", HostCPU.machineSeries.name, reading: .rate),
        TimelineColumn("client_cpu_cores", HostCPU.clientSeries.name, reading: .rate),
    ]

    func matches(_ key: SeriesKey) -> Bool {
        key.name == metric && filter.allSatisfy { key[$0.key] == $0.value }
    }

    func value(in snapshot: MetricsSnapshot) -> Double? {
        let values = snapshot.values.filter { matches($0.key) }.map(\.value)
        guard !values.isEmpty else { return nil }
        return reading == .max ? values.max() : values.reduce(0, +)
    }
}
