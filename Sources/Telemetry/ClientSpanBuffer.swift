import Synchronization

/// Finished client spans waiting for the next export; bounded, drops counted.
final class ClientSpanBuffer: Sendable {
    static let capacity = 65_536
    private let spans = Mutex<[ClientSpan]>([])
    private let droppedCount = Atomic<Int>(0)

    func append(_ span: ClientSpan) {
        let kept = spans.withLock { spans in
            guard spans.count < Self.capacity else { return false }
            spans.append(span)
            return true
        }
        if !kept { countDropped(1) }
    }

    func takeAll() -> [ClientSpan] {
        spans.withLock { spans in
            defer { spans = [] }
            return spans
        }
    }

    func countDropped(_ n: Int) { droppedCount.wrappingAdd(n, ordering: .relaxed) }
    var dropped: Int { droppedCount.load(ordering: .relaxed) }
}
