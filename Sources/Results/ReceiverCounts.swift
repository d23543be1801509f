/// What the embedded OTLP receiver took in during a run, as run.json stores it (its own type, so
/// that the file format does not follow the receiver's internals).
package struct ReceiverCounts: Sendable, Equatable, Codable {
    package var received = 0
    package var kept = 0
    /// Spans of traces traceload did not start.
    package var foreign = 0
    /// Spans dropped because the receiver was full: every span of a trace that lost one.
    package var dropped = 0
    package var malformed = 0
    /// Root spans of foreign traces, by name.
    package var foreignRoots: [String: Int] = [:]

    package init(
        received: Int = 0, kept: Int = 0, foreign: Int = 0, dropped: Int = 0, malformed: Int = 0,
        foreignRoots: [String: Int] = [:]
    ) {
        self.received = received
        self.kept = kept
        self.foreign = foreign
        self.dropped = dropped
        self.malformed = malformed
        self.foreignRoots = foreignRoots
    }
}
