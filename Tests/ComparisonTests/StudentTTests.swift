import Testing

@testable import Comparison

/// The t quantiles diff's intervals use, against the printed tables (any statistics textbook's).
@Suite struct StudentTTests {
    @Test func quantilesMatchThePrintedTable() {
        let table: [(p: Double, df: Double, t: Double)] = [
            (0.975, 1, 12.706), (0.975, 2, 4.303), (0.975, 4, 2.776), (0.975, 7, 2.365), (0.975, 18, 2.101),
            (0.95, 2, 2.920), (0.99, 2, 6.965), (0.995, 2, 9.925), (0.95, 9, 1.833), (0.975, .infinity, 1.960),
            (0.995, .infinity, 2.576),
        ]
        for row in table {
            #expect(abs(StudentT.quantile(row.p, df: row.df) - row.t) < 0.0015, "t(\(row.p), \(row.df))")
        }
        // Below and above: symmetric.
        #expect(abs(StudentT.quantile(0.025, df: 2) + 4.303) < 0.0015)
        // The table q975 and the computed quantile agree where both exist.
        for df in 1...30 { #expect(abs(StudentT.q975(df) - StudentT.quantile(0.975, df: Double(df))) < 0.0015) }
    }

    /// Welch–Satterthwaite by hand: two errors of 1 with 7 df each: (1 + 1)² / (1/7 + 1/7) = 14 df.
    @Test func aDifferenceCarriesWelchSatterthwaiteDegreesOfFreedom() {
        let d = StandardError.difference(StandardError(1, df: 7), StandardError(1, df: 7))
        #expect(abs(d.value - 2.0.squareRoot()) < 1e-12 && abs(d.df - 14) < 1e-9)
        // An error with infinite df (an order statistic) adds nothing to the denominator:
        // (1 + 4)² / (1/7) = 175.
        let mixed = StandardError.difference(StandardError(1, df: 7), StandardError(2, df: .infinity))
        #expect(abs(mixed.df - 175) < 1e-9)
        // 8 batch means a side (7 df each, 14 together): t = 2.145, not z = 1.96.
        #expect(abs(d.halfWidth95 - 2.145 * 2.0.squareRoot()) < 0.003)
    }
}
