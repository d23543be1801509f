/// Prometheus's remote-write message (`prometheus.WriteRequest` of prompb, protocol 1.0),
/// encoded by hand (`ProtobufWriter`).
package struct WriteRequest: Sendable, Equatable {
    package struct Series: Sendable, Equatable {
        /// Name and value, `__name__` among them; sorted by name when encoded, as the protocol requires.
        package var labels: [String: String]
        /// Value and timestamp (Unix milliseconds), oldest first.
        package var samples: [(value: Double, milliseconds: Int64)]

        package init(labels: [String: String], samples: [(value: Double, milliseconds: Int64)]) {
            self.labels = labels
            self.samples = samples
        }

        package static func == (a: Series, b: Series) -> Bool {
            a.labels == b.labels && a.samples.elementsEqual(b.samples) { $0 == $1 }
        }
    }

    /// What a metric is: Prometheus keeps it for Grafana's hints (`/api/v1/metadata`).
    package struct Metadata: Sendable, Equatable {
        package enum Kind: Int, Sendable { case counter = 1, gauge = 2, summary = 5 }
        package var name: String
        package var kind: Kind
        package var help: String
        package var unit: String

        package init(name: String, kind: Kind, help: String, unit: String = "") {
            self.name = name
            self.kind = kind
            self.help = help
            self.unit = unit
        }
    }

    package var series: [Series]
    package var metadata: [Metadata]

    package init(series: [Series], metadata: [Metadata] = []) {
        self.series = series
        self.metadata = metadata
    }

    /// The protobuf encoding (before snappy).
    package func serialized() -> [UInt8] {
        var out: [UInt8] = []
        for one in series {
            var body: [UInt8] = []
            for name in one.labels.keys.sorted() {
                var label: [UInt8] = []
                ProtobufWriter.appendString(1, name, to: &label)
                ProtobufWriter.appendString(2, one.labels[name]!, to: &label)
                ProtobufWriter.appendMessage(1, label, to: &body)
            }
            for sample in one.samples {
                var encoded: [UInt8] = []
                ProtobufWriter.appendFixed64(1, sample.value.bitPattern, to: &encoded)
                ProtobufWriter.appendVarintField(2, UInt64(bitPattern: sample.milliseconds), to: &encoded)
                ProtobufWriter.appendMessage(2, encoded, to: &body)
            }
            ProtobufWriter.appendMessage(1, body, to: &out)
        }
        for entry in metadata {
            var body: [UInt8] = []
            ProtobufWriter.appendVarintField(1, UInt64(entry.kind.rawValue), to: &body)
            ProtobufWriter.appendString(2, entry.name, to: &body)
            ProtobufWriter.appendString(4, entry.help, to: &body)
            if !entry.unit.isEmpty { ProtobufWriter.appendString(5, entry.unit, to: &body) }
            ProtobufWriter.appendMessage(3, body, to: &out)
        }
        return out
    }
}
