import Foundation

/// What `traceload receive` prints, one JSON object a line: first where it listens, then its
/// counts every so often. The comparison reads them from its child receivers; one type on both
/// sides, so the two cannot drift apart.
package struct ReceiverLine: Codable, Sendable, Equatable {
    package var grpcPort: Int?
    package var httpPort: Int?
    package var received: Int?
    package var dropped: Int?
    package var malformed: Int?

    package init(grpcPort: Int? = nil, httpPort: Int? = nil, received: Int? = nil, dropped: Int? = nil, malformed: Int? = nil) {
        self.grpcPort = grpcPort
        self.httpPort = httpPort
        self.received = received
        self.dropped = dropped
        self.malformed = malformed
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
