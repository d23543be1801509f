import Foundation
import Overhead
import Report
import Results
import Testing
import Workload

@Suite struct ComparePlanTests {
    @Test func baselineFirstThenClientThenServerSettingsWithoutDuplicates() {
        let settings = ComparePlan.settings(
            clientFractions: [0, 0.1, 1, 0.1], serverFractions: [1], serverFollowing: 0, clientOnly: false)
        #expect(settings.map(\.name) == ["off", "client-0", "client-0.1", "client-1", "server-1"])
        #expect(settings[1] == CompareSetting(clientFraction: 0, serverFraction: 0))
        #expect(settings[4] == CompareSetting(clientFraction: nil, serverFraction: 1))
        let clientOnly = ComparePlan.settings(
            clientFractions: [0.01], serverFractions: [1], serverFollowing: 0, clientOnly: true)
        #expect(clientOnly == [.off, CompareSetting(clientFraction: 0.01, serverFraction: nil)])
    }

    @Test func roundsInterleaveEverySetting() {
        let order = ComparePlan.schedule(settings: 3, repeats: 2)
        #expect(order.map(\.setting) == [0, 1, 2, 0, 1, 2])
        #expect(order.map(\.round) == [0, 0, 0, 1, 1, 1])
        #expect(ComparePlan.schedule(settings: 3, repeats: 0).isEmpty)
    }
}

@Suite struct PairedChangeTests {
    @Test func relativeChangeWithStudentInterval() throws {
        // Rounds: -10%, -20%, -30% → mean -20%, sd 10, t(2) = 4.303 → ±24.84%.
        let change = try #require(PairedChange.relative([90, 80, 70], baseline: [100, 100, 100]))
        #expect(abs(change.mean + 20) < 1e-9)
        #expect(abs(try #require(change.halfWidth) - 4.303 * 10 / 3.0.squareRoot()) < 1e-9)
        #expect(!change.isSignificant)
        let tight = try #require(PairedChange.relative([90, 91, 89, 90], baseline: [100, 100, 100, 100]))
        #expect(tight.isSignificant)
    }

    @Test func oneRoundHasNoIntervalAndUnpairableRoundsAreLeftOut() throws {
        let one = try #require(PairedChange.absolute([0.5], baseline: [0.2]))
        #expect(abs(one.mean - 0.3) < 1e-12)
        #expect(one.halfWidth == nil)
        #expect(PairedChange.relative([1], baseline: [0]) == nil)
        #expect(PairedChange.absolute([.nan], baseline: [1]) == nil)
    }
}

@Suite struct OverheadReportTests {
    static func run(
        _ setting: CompareSetting, round: Int, requests: Int, latencyMs: UInt64, clientCPU: Double, serverCPU: Double?
    ) -> SettingRun {
        var histogram = Latency.histogram()
        for _ in 0..<requests { Latency.record(latencyMs * 1_000_000, into: &histogram) }
        return SettingRun(
            setting: setting, round: round, requests: requests, errors: 0, measuredSeconds: 10,
            latency: EncodedHistogram(histogram),
            operations: ["search": EncodedHistogram(histogram)], clientCPUSeconds: clientCPU,
            serverCPUSeconds: serverCPU,
            serverResidentBytes: 400 * 1_048_576, spansReceived: setting.isBaseline ? 0 : requests * 5, spansDropped: 0)
    }

    @Test func csvAndVerdictsAgainstTheBaseline() throws {
        let on = CompareSetting(clientFraction: 1, serverFraction: 0)
        let runs = [
            Self.run(.off, round: 0, requests: 1000, latencyMs: 2, clientCPU: 1.0, serverCPU: 5.0),
            Self.run(on, round: 0, requests: 900, latencyMs: 3, clientCPU: 1.0, serverCPU: 5.4),
            Self.run(.off, round: 1, requests: 1000, latencyMs: 2, clientCPU: 1.0, serverCPU: 5.0),
            Self.run(on, round: 1, requests: 920, latencyMs: 3, clientCPU: 1.0, serverCPU: 5.52),
        ]
        let report = try OverheadReport(scenario: "quick", settings: [.off, on], repeats: 2, runs: runs)
        let lines = report.csv.split(separator: "\n").map(String.init)
        #expect(
            lines[0].hasPrefix(
                "setting,client_fraction,server_fraction,repeats,throughput_per_s,p50_ms,p99_ms,client_cpu_ms_per_req,server_cpu_ms_per_req,spans_per_s"
            ))
        #expect(lines.count == 3)
        let offRow = lines[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(offRow.prefix(10) == ["off", "off", "off", "2", "100.00", "2.000", "2.000", "1.0000", "5.0000", "0.0"])
        let onRow = lines[2].split(separator: ",", omittingEmptySubsequences: false)
        #expect(onRow.prefix(5) == ["client-1", "1", "0", "2", "91.00"])
        // Throughput change per round: -10% and -8% → mean -9%.
        #expect(onRow[13] == "-9.00")
        // Server CPU per request: 6.0 - 5.0 ms both rounds.
        #expect(onRow[19] == "1.0000")
        let verdict = report.summaries[1].verdict
        #expect(verdict.hasPrefix("fraction 1 costs 9.0% ± 12.7% of throughput"), "\(verdict)")
        #expect(verdict.contains("+1.000 ms ± 0.000 of server CPU per request"), "\(verdict)")
        #expect(report.markdown.contains("- fraction 1 costs 9.0%"))
    }
}
