import Synchronization

/// One receiver's interned names, shared by the requests it decodes at the same time: each takes
/// a copy (one lock), decodes with it, and hands it back if it learnt names (one more lock, rare
/// once the names of the traffic are known). Two requests that both learnt names keep the larger
/// table; the other's names are learnt again by a later request.
package final class SharedStrings: Sendable {
    private let current: Mutex<StringInterner>

    package init(capacity: Int = 4096) {
        current = Mutex(StringInterner(capacity: capacity))
    }

    func copy() -> StringInterner {
        current.withLock { $0 }
    }

    func adopt(_ grown: StringInterner) {
        current.withLock { if grown.count > $0.count { $0 = grown } }
    }

    package var count: Int { current.withLock { $0.count } }
}
