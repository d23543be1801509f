/// Snappy's block format (what remote write's `Content-Encoding: snappy` means), written as
/// literals only: valid for every decoder, no smaller than the input. A second's series come to
/// a few kilobytes, which a local Prometheus takes as they are; finding matches would buy
/// bandwidth traceload does not need at the cost of code to get wrong.
package enum Snappy {
    package static func literals(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count + input.count / 65_536 * 3 + 8)
        ProtobufWriter.appendVarint(UInt64(input.count), to: &out)
        var offset = 0
        while offset < input.count {
            let length = min(65_536, input.count - offset)
            let tag = length - 1
            // A literal's tag: its length minus one in the upper six bits, or 60/61 followed by
            // that number in one/two little-endian bytes.
            if tag < 60 {
                out.append(UInt8(tag << 2))
            } else if tag < 256 {
                out += [60 << 2, UInt8(tag)]
            } else {
                out += [61 << 2, UInt8(tag & 0xFF), UInt8(tag >> 8)]
            }
            out += input[offset..<(offset + length)]
            offset += length
        }
        return out
    }
}
