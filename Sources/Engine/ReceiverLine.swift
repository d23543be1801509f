import Foundation

/// What `traceload receive` prints, one JSON object a line: first where it listens, then its
/// counts every so often, and the answer to each question read from its standard input (a line
/// with `startedFrom` and `startedTo`, answered with the same and `started`: the spans received
/// that started in that stretch). The comparison reads them from its child receivers; one type
/// on both sides, so the two cannot drift apart.
package struct ReceiverLine: Codable, Sendable, Equatable {
    package var grpcPort: Int?
    package var httpPort: Int?
    package var received: Int?
    package var dropped: Int?
    package var malformed: Int?
    /// Unix nanoseconds.
    package var startedFrom: UInt64?
    package var startedTo: UInt64?
    package var started: Int?

    package init(
        grpcPort: Int? = nil, httpPort: Int? = nil, received: Int? = nil, dropped: Int? = nil, malformed: Int? = nil,
        startedFrom: UInt64? = nil, startedTo: UInt64? = nil, started: Int? = nil
    ) {
        self.grpcPort = grpcPort
        self.httpPort = httpPort
        self.received = received
        self.dropped = dropped
        self.malformed = malformed
        self.startedFrom = startedFrom
        self.startedTo = startedTo
        self.started = started
    }

    package var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    package init?(json: some StringProtocol) {
        guard let line = try? JSONDecoder().decode(ReceiverLine.self, from: Data(json.utf8)) else { return nil }
        self = line
    }
}
