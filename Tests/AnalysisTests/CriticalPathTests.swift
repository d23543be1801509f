import Testing
import TraceContext

@testable import Analysis
@testable import Traces

@Suite struct CriticalPathTests {
    static let trace = TraceID(high: 1, low: 2)

    static func span(_ id: UInt64, _ parent: UInt64?, _ start: UInt64, _ end: UInt64, _ name: String) -> Span {
        Span(
            traceID: trace, spanID: id, parentSpanID: parent, name: name, service: "standalone", kind: .internal,
            startUnixNanos: start, endUnixNanos: end)
    }

    @Test func criticalPathCoversTheRootExactly() {
        // root 0–100; a 10–40; b 30–90 (overlaps a, finishes last); c inside b 50–95 (clipped to 90); d 95–120 overflows root.
        let spans = [
            Self.span(1, nil, 0, 100, "root"), Self.span(2, 1, 10, 40, "a"), Self.span(3, 1, 30, 90, "b"),
            Self.span(4, 3, 50, 95, "c"), Self.span(5, 1, 95, 120, "d"),
        ]
        let sections = CriticalPath.sections(root: spans[0], spans: spans)
        let byName = Dictionary(uniqueKeysWithValues: sections.map { ($0.span.name, $0.nanos) })
        #expect(sections.reduce(0) { $0 + $1.nanos } == 100)
        // d (clipped 95–100) finishes last: 5; then b 30–90 of which c 50–90 is 40 and b's own 20;
        // a only counts before b started (10–30 is not a's: a ends at 40 > 30, so it is skipped);
        // root keeps 90–95 and 0–30.
        #expect(
            byName["d"] == 5 && byName["c"] == 40 && byName["b"] == 20 && byName["root"] == 35 && byName["a"] == nil)
    }

    /// A span's own time on the path is where it waits on no child on the path, whether or not
    /// other children ran meanwhile (attribution then takes out what they covered).
    @Test func aParentHoldsThePathAroundTheChildTaken() throws {
        // root 0–100 with a 10–40 and b 30–60: b is on the path (finishes last), a is not (it ends
        // after b starts), so the root holds 60–100 and 0–30.
        let spans = [Self.span(1, nil, 0, 100, "root"), Self.span(2, 1, 10, 40, "a"), Self.span(3, 1, 30, 60, "b")]
        let sections = CriticalPath.sections(root: spans[0], spans: spans)
        let root = try #require(sections.first { $0.span.name == "root" })
        #expect(root.nanos == 70 && root.hasChildren)
        #expect(root.intervals.map { [$0.0, $0.1] } == [[60, 100], [0, 30]])
        let b = try #require(sections.first { $0.span.name == "b" })
        #expect(b.nanos == 30 && !b.hasChildren && b.intervals.map { [$0.0, $0.1] } == [[30, 60]])
        #expect(!sections.contains { $0.span.name == "a" })
    }

    /// Jaeger UI takes the last-finishing child first, and afterwards only children that end
    /// strictly before the start of the one taken last: a child ending exactly there is skipped
    /// and its time stays with the parent.
    @Test func tiesFollowJaeger() {
        let spans = [
            Self.span(1, nil, 0, 100, "root"), Self.span(2, 1, 50, 100, "last"), Self.span(3, 1, 20, 50, "touching"),
        ]
        let byName = Dictionary(
            uniqueKeysWithValues: CriticalPath.sections(root: spans[0], spans: spans).map { ($0.span.name, $0.nanos) })
        #expect(byName["last"] == 50 && byName["touching"] == nil && byName["root"] == 50)
    }
}
