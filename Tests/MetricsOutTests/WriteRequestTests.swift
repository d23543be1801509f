import Testing

@testable import MetricsOut

/// The encodings checked byte for byte against what the protobuf and snappy specifications say;
/// Prometheus itself reads them in the integration tests.
@Suite struct WriteRequestTests {
    @Test func aSeriesEncodesItsLabelsSortedThenItsSamples() {
        let request = WriteRequest(series: [
            .init(labels: ["z": "1", "__name__": "m"], samples: [(value: 1.0, milliseconds: 300)])
        ])
        let bytes = request.serialized()
        // timeseries (field 1) { labels (1) {name (1) "__name__", value (2) "m"}, labels {"z","1"}, samples (2) {...} }
        let nameLabel: [UInt8] = [0x0A, 0x08] + Array("__name__".utf8) + [0x12, 0x01] + Array("m".utf8)
        let zLabel: [UInt8] = [0x0A, 0x01] + Array("z".utf8) + [0x12, 0x01] + Array("1".utf8)
        // 1.0 as a little-endian double, then 300 as a varint (0xAC 0x02).
        let sample: [UInt8] = [0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x10, 0xAC, 0x02]
        let series: [UInt8] =
            [0x0A, UInt8(nameLabel.count)] + nameLabel + [0x0A, UInt8(zLabel.count)] + zLabel
            + [0x12, UInt8(sample.count)] + sample
        #expect(bytes == [0x0A, UInt8(series.count)] + series)
    }

    @Test func metadataGoesInFieldThree() {
        let bytes = WriteRequest(series: [], metadata: [.init(name: "a_total", kind: .counter, help: "h")]).serialized()
        let body: [UInt8] = [0x08, 0x01, 0x12, 0x07] + Array("a_total".utf8) + [0x22, 0x01] + Array("h".utf8)
        #expect(bytes == [0x1A, UInt8(body.count)] + body)
    }

    @Test func snappyLiteralsCarryTheLengthAndTheBytes() {
        #expect(Snappy.literals([]) == [0x00])
        #expect(Snappy.literals([7, 8, 9]) == [0x03, 2 << 2, 7, 8, 9])
        let hundred = [UInt8](repeating: 1, count: 100)
        #expect(Snappy.literals(hundred) == [100, 60 << 2, 99] + hundred)
        let big = [UInt8](repeating: 2, count: 70_000)
        let encoded = Snappy.literals(big)
        // Varint 70,000, a literal of 65,536 (tag 61, 65,535 little-endian), then one of 4,464.
        #expect(Array(encoded.prefix(3)) == [0xF0, 0xA2, 0x04])
        #expect(Array(encoded[3..<6]) == [61 << 2, 0xFF, 0xFF])
        #expect(Array(encoded[(6 + 65_536)..<(6 + 65_539)]) == [61 << 2, 0x6F, 0x11])
        #expect(encoded.count == 3 + 3 + 65_536 + 3 + 4_464)
    }
}
