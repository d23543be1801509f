/// What the trace source saw outside the client's traces: the evidence for a diagnosis.
package struct TraceEvidence: Sendable, Equatable {
    /// Server spans in traces the client did not start.
    package var foreignSpans: Int
    /// Root spans of those traces, by name.
    package var foreignRoots: [String: Int]
    /// Spans dropped by a full collector, or missing after fetch errors.
    package var lost: Int
    /// Problems reading the source (unreachable, malformed), for the report.
    package var sourceProblems: [String]

    package init(foreignSpans: Int = 0, foreignRoots: [String: Int] = [:], lost: Int = 0, sourceProblems: [String] = [])
    {
        self.foreignSpans = foreignSpans
        self.foreignRoots = foreignRoots
        self.lost = lost
        self.sourceProblems = sourceProblems
    }
}
