/// How many sampled requests found their server spans, how many of those traces are complete,
/// and if some are not, the likely reason.
package struct Coverage: Sendable, Equatable, Codable {
    package var sampled: Int
    package var joined: Int
    package var serverSpans: Int
    /// Joined traces that lack none of the spans their siblings usually have (nil in runs
    /// recorded before completeness was checked).
    package var complete: Int?
    /// The span names that some joined traces lack.
    package var missing: [MissingSpan]?
    /// Why sampled requests found no server spans.
    package var diagnosis: String?
    /// What the incomplete traces lack and where its time shows instead, in words.
    package var completeness: String?

    package init(
        sampled: Int, joined: Int, serverSpans: Int, complete: Int? = nil, missing: [MissingSpan]? = nil,
        diagnosis: String? = nil, completeness: String? = nil
    ) {
        self.sampled = sampled
        self.joined = joined
        self.serverSpans = serverSpans
        self.complete = complete
        self.missing = missing
        self.diagnosis = diagnosis
        self.completeness = completeness
    }

    package var spansPerRequest: Double { joined > 0 ? Double(serverSpans) / Double(joined) : 0 }
    package var fraction: Double { sampled > 0 ? Double(joined) / Double(sampled) : 0 }
    /// Joined traces that lack a span their siblings have.
    package var incomplete: Int { complete.map { joined - $0 } ?? 0 }
}
