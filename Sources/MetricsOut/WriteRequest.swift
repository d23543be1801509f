/// Prometheus's remote-write message (`prometheus.WriteRequest` of prompb, protocol 1.0),
/// encoded by hand: four small messages do not justify generated code and a dependency.
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
                Self.appendString(1, name, to: &label)
                Self.appendString(2, one.labels[name]!, to: &label)
                Self.appendMessage(1, label, to: &body)
            }
            for sample in one.samples {
                var encoded: [UInt8] = [0x09]  // field 1, 64-bit
                withUnsafeBytes(of: sample.value.bitPattern.littleEndian) { encoded += $0 }
                encoded.append(0x10)  // field 2, varint
                Self.appendVarint(UInt64(bitPattern: sample.milliseconds), to: &encoded)
                Self.appendMessage(2, encoded, to: &body)
            }
            Self.appendMessage(1, body, to: &out)
        }
        for entry in metadata {
            var body: [UInt8] = [0x08]  // field 1 (type), varint
            Self.appendVarint(UInt64(entry.kind.rawValue), to: &body)
            Self.appendString(2, entry.name, to: &body)
            Self.appendString(4, entry.help, to: &body)
            if !entry.unit.isEmpty { Self.appendString(5, entry.unit, to: &body) }
            Self.appendMessage(3, body, to: &out)
        }
        return out
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    /// A length-delimited field (wire type 2).
    static func appendMessage(_ field: Int, _ bytes: [UInt8], to out: inout [UInt8]) {
        out.append(UInt8(field << 3 | 2))
        appendVarint(UInt64(bytes.count), to: &out)
        out += bytes
    }

    static func appendString(_ field: Int, _ text: String, to out: inout [UInt8]) {
        appendMessage(field, Array(text.utf8), to: &out)
    }
}
