import Foundation
import Results
import Scenario

/// The figures of a comparison's blocks that are known only later or from all of them: the spans
/// a block's requests made (once Milvus's exporters have sent them), and traceload's CPU per
/// request beyond what it spends idle (once idle time has been measured).
extension CompareEngine {
    /// How long after a block its spans are all in: Milvus's exporters (Go and segcore's C++)
    /// each send every 5 s.
    static let exportDelay: TimeInterval = 6

    /// A counted block whose spans are still to be counted, once its exporters have sent them.
    struct SpanWindow {
        var variant: Int
        /// Its place among the variant's counted rounds.
        var round: Int
        var server: Int
        /// Unix nanoseconds from its first request to its last response.
        var nanos: ClosedRange<UInt64>
        var seconds: Double
    }

    /// Sets `spans_per_s` on the rounds whose blocks ended before `sentBy`: the spans that
    /// started within the block, whenever they arrived. (Counting arrivals would credit a block
    /// with the spans of the one before it, which Milvus sent during it.)
    func attributeSpans(
        _ state: inout CompareState, _ windows: inout [SpanWindow], servers: [MilvusServer], sentBy: Date
    ) async {
        let limit = UInt64(max(0, sentBy.timeIntervalSince1970) * 1e9)
        var pending: [SpanWindow] = []
        for window in windows {
            guard window.nanos.upperBound <= limit, let receiver = servers[window.server].traces else {
                if window.nanos.upperBound > limit { pending.append(window) }
                continue
            }
            if let spans = await receiver.spansStarted(from: window.nanos.lowerBound, to: window.nanos.upperBound),
                window.seconds > 0
            {
                state.rounds[window.variant][window.round].values[.spansPerSecond] = Double(spans) / window.seconds
            }
        }
        windows = pending
    }

    /// A counted block's CPU on both sides, for its CPU per request beyond idle.
    struct BlockWork {
        var variant: Int
        /// Its place among the variant's counted rounds.
        var round: Int
        /// The Milvus it ran on (an index into the comparison's servers).
        var server: Int
        /// traceload's and Milvus's CPU seconds between the block's two readings, and the
        /// seconds between them.
        var cpu: Double
        var serverCPU: Double?
        var wallSeconds: Double
    }

    /// Sets `client_work_ms_per_req` (and `server_work_ms_per_req`, where Milvus's idle CPU was
    /// read) on every counted round: the block's CPU less what the process spends idle over the
    /// same time, over its requests. `idle[server]`: the half seconds after every block on that
    /// Milvus (traceload's own pooled over all of them). The half second is the one given to
    /// Milvus's exporters before a block's end is read, so a tracing Milvus's export of the
    /// block's last spans counts as idle there: it is taken off both sides of a pair alike,
    /// which leaves a change in milliseconds as it is.
    /// Timers, event loops and the progress line tick whatever the load, as Milvus's background
    /// work does; counted per request they weigh most where a block answered least, which made
    /// CPU per request follow Milvus's speed more than the work the requests cost.
    static func setWork(_ state: inout CompareState, _ blocks: [BlockWork], idle: [IdleRates]) {
        var pooled = IdleRates(server: nil)
        for part in idle { (pooled.seconds, pooled.client) = (pooled.seconds + part.seconds, pooled.client + part.client) }
        for block in blocks {
            guard let requests = state.rounds[block.variant][block.round].samples[.clientCPU],
                requests > 0
            else { continue }
            func perRequest(_ cpu: Double, rate: Double) -> Double {
                max(0, cpu - rate * block.wallSeconds) * 1000 / Double(requests)
            }
            state.rounds[block.variant][block.round].values[.clientWork] = perRequest(block.cpu, rate: pooled.clientRate)
            state.rounds[block.variant][block.round].samples[.clientWork] = requests
            if let cpu = block.serverCPU, idle.indices.contains(block.server), let rate = idle[block.server].serverRate {
                state.rounds[block.variant][block.round].values[.serverWork] = perRequest(cpu, rate: rate)
                state.rounds[block.variant][block.round].samples[.serverWork] = requests
            }
        }
    }
}

/// CPU seconds spent idle on both sides, and over how long: summed over blocks, a rate in cores.
struct IdleRates {
    var seconds = 0.0
    var client = 0.0
    /// nil once any block could not read Milvus's CPU (an external Milvus).
    var server: Double? = 0

    mutating func add(_ other: IdleRates) {
        seconds += other.seconds
        client += other.client
        server = server.flatMap { sum in other.server.map { sum + $0 } }
    }

    var clientRate: Double { seconds > 0 ? client / seconds : 0 }
    var serverRate: Double? { seconds > 0 ? server.map { $0 / seconds } : nil }
}
