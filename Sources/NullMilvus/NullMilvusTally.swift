import Synchronization

/// What a null Milvus was sent, counted only when a test asks for it (the server is given one):
/// requests by method, the `traceparent` each carried, and the most requests it held at once.
/// A load generator's tests need the server's side: that a request without tracing carries no
/// `traceparent`, that a closed loop's workers never have more than one request out each.
package final class NullMilvusTally: Sendable {
    package struct Method: Sendable, Equatable {
        /// Requests received.
        package var requests = 0
        /// With a `traceparent` whose flags say sampled (`-01`), one that says not sampled, none.
        package var sampled = 0
        package var unsampled = 0
        package var untraced = 0

        package init(requests: Int = 0, sampled: Int = 0, unsampled: Int = 0, untraced: Int = 0) {
            self.requests = requests
            self.sampled = sampled
            self.unsampled = unsampled
            self.untraced = untraced
        }
    }

    private let state = Mutex<(methods: [String: Method], open: Int, mostOpen: Int)>(([:], 0, 0))

    package init() {}

    /// By method name (`Search`, `Insert`, ...).
    package var methods: [String: Method] { state.withLock { $0.methods } }

    /// The most requests received and not yet answered at any moment.
    package var mostAtOnce: Int { state.withLock { $0.mostOpen } }

    func received(path: String, traceparent: String?) {
        let method = String(path.split(separator: "/").last ?? "")
        state.withLock { state in
            state.methods[method, default: Method()].requests += 1
            switch traceparent {
            case nil: state.methods[method]!.untraced += 1
            case let header? where header.hasSuffix("-01"): state.methods[method]!.sampled += 1
            default: state.methods[method]!.unsampled += 1
            }
            state.open += 1
            state.mostOpen = max(state.mostOpen, state.open)
        }
    }

    func answered() {
        state.withLock { $0.open -= 1 }
    }
}
