import Foundation
import TestFixtures
import Testing

@testable import Report

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// junit.xml as CI reads it: parsed with an XML parser, its test cases keep their names between
/// runs whose figures differ, pass or fail, so that CI's test history lines each threshold up.
@Suite struct ThresholdReportTests {
    /// Each test case's classname and name, and whether it has a failure, in document order.
    final class Cases: NSObject, XMLParserDelegate {
        var cases: [(id: String, failed: Bool)] = []
        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if element == "testcase" { cases.append(("\(attributes["classname"] ?? "")/\(attributes["name"] ?? "")", false)) }
            if element == "failure", !cases.isEmpty { cases[cases.count - 1].failed = true }
        }
    }

    static func cases(_ xml: String) throws -> [(id: String, failed: Bool)] {
        let parser = XMLParser(data: Data(xml.utf8))
        let delegate = Cases()
        parser.delegate = delegate
        #expect(parser.parse(), "junit.xml is not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        return delegate.cases
    }

    static func junit(_ latencies: [Double], errors: Int, thresholds: [String: String]) throws -> String {
        let record = try SampleRuns.run(latencies, errors: errors, thresholds: thresholds)
        return ThresholdReport.junit(try ThresholdReport.evaluate(record), scenario: "t", seconds: 20)
    }

    @Test func testCasesAreNamedByTheirThresholdAloneWhateverTheRunMeasured() throws {
        let thresholds = ["search.p50_ms": "< 10", "search.p99_ms": "< 150", "search.errors": "< 1%"]
        // p50 50 ms with 2% errors (two thresholds crossed), then p50 5 ms without errors (none).
        let slow = try Self.cases(try Self.junit((1...100).map(Double.init), errors: 2, thresholds: thresholds))
        let fast = try Self.cases(try Self.junit((1...100).map { Double($0) / 10 }, errors: 0, thresholds: thresholds))
        let expected = Set(thresholds.keys.map { "traceload.t/\($0)" })
        #expect(Set(slow.map(\.id)) == expected && slow.count == 3, "\(slow)")
        #expect(Set(fast.map(\.id)) == expected && fast.count == 3, "\(fast)")
        #expect(slow.filter(\.failed).map(\.id).sorted() == ["traceload.t/search.errors", "traceload.t/search.p50_ms"])
        #expect(fast.allSatisfy { !$0.failed })
        // A limit changed in the scenario is still the same test.
        let tightened = try Self.cases(
            try Self.junit((1...100).map(Double.init), errors: 2, thresholds: thresholds.merging(["search.p99_ms": "< 50"]) { $1 }))
        #expect(Set(tightened.map(\.id)) == expected)
    }

    /// The condition and the value measured are still there for a person: in the failure and the output.
    @Test func theConditionAndTheValueAreInTheCaseNotItsName() throws {
        let xml = try Self.junit((1...100).map(Double.init), errors: 0, thresholds: ["search.p50_ms": "< 10"])
        #expect(xml.contains("<failure message=\"search.p50_ms is 50.0"))
        #expect(xml.contains("<system-out>search.p50_ms &lt; 10: 50.0"))
    }
}
