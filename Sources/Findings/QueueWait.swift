import Analysis
import ServerMetrics

/// The query node's read queue in one request of an operation, from Milvus's stage histograms.
/// A request's shard delegator (`querynode.request`, scope OnLeader) sends its sub-requests
/// (scope FromLeader) to the segments' workers; each waits in the read queue. Sub-requests that run
/// side by side wait at the same time, so a request waits about one sub-request's queue, not the
/// sum: the delegator's whole request tells which, being closer to one sub-request's time (side by
/// side) or to all of them in a row (one after the other).
struct QueueWait: Equatable {
    /// `querynode.queue`'s mean: one sub-request's wait (ms).
    var perSubRequest: Double
    /// Sub-requests a request sends.
    var subRequests: Double
    /// Whether they run side by side; nil when the delegator's figures are missing (then counted
    /// once: the smaller, and so never more than the wait can be).
    var sideBySide: Bool?
    /// The delegator's whole request and one sub-request (ms), when measured.
    var onLeader: Double?
    var fromLeader: Double?

    /// What the queue adds to one request (ms): one sub-request's wait when they run side by
    /// side, all of them when they run one after the other.
    var perRequest: Double { sideBySide == false ? perSubRequest * subRequests : perSubRequest }

    init(perSubRequest: Double, subRequests: Double, onLeader: Double?, fromLeader: Double?) {
        self.perSubRequest = perSubRequest
        self.subRequests = max(1, subRequests)
        self.onLeader = onLeader
        self.fromLeader = fromLeader
        if let onLeader, let fromLeader, fromLeader > 0 {
            // Halfway between one sub-request (side by side) and all of them in a row.
            sideBySide = self.subRequests < 1.5 || onLeader < fromLeader * (1 + self.subRequests) / 2
        }
    }

    /// From a phase's stages; nil without a queue figure or answered requests.
    init?(_ facts: PhaseFacts, _ operation: String) {
        guard let queue = facts.stage("querynode.queue", operation), queue.count > 0, let mean = queue.mean,
            let answered = facts.operation(operation)?.successes, answered > 0
        else { return nil }
        let onLeader = facts.stage("querynode.request", operation, ["scope": "OnLeader"])
        let fromLeader = facts.stage("querynode.request", operation, ["scope": "FromLeader"])
        // The delegator's own counts say how many sub-requests a request sends; the queue's count
        // over the answered requests is the fallback (it may count other sub-requests too).
        let subRequests =
            if let onLeader, let fromLeader, onLeader.count > 0 { fromLeader.count / onLeader.count } else {
                queue.count / Double(answered)
            }
        self.init(
            perSubRequest: mean, subRequests: subRequests, onLeader: onLeader.flatMap { $0.count > 0 ? $0.mean : nil },
            fromLeader: fromLeader.flatMap { $0.count > 0 ? $0.mean : nil })
    }

    /// How the sub-requests were counted, for a finding's sentence.
    var counting: String {
        switch sideBySide {
        case true?:
            "its \(subRequestsText) sub-requests run side by side (the delegator's whole request \(ms(onLeader ?? 0)) ms, one sub-request \(ms(fromLeader ?? 0)) ms), so a request waits one queue"
        case false?:
            "its \(subRequestsText) sub-requests run one after the other (the delegator's whole request \(ms(onLeader ?? 0)) ms, one sub-request \(ms(fromLeader ?? 0)) ms), so a request waits each queue in turn"
        case nil: "counted once a request: how its sub-requests overlap was not measured"
        }
    }

    /// "2", or "2.3" when requests send different numbers.
    private var subRequestsText: String {
        abs(subRequests - subRequests.rounded()) < 0.05 ? String(Int(subRequests.rounded())) : String(format: "%.1f", subRequests)
    }
}

extension PhaseFacts {
    /// The untraced wait of an operation that the query node's stages lie in (`Proxy-Search-Execute`).
    func queryNodeWait(_ operation: String) -> UntracedRow? {
        breakdown(operation)?.untraced?.first { StageCatalog.untracedWaits[$0.span]?.contains("querynode.queue") == true }
    }
}
