/// What a reader checks of overhead.csv, row by row, from the row's own columns: a change is that
/// of the two means beside it (`100·(value/baseline − 1)` in percent, `value − baseline` in a unit),
/// it lies inside its interval, and a *changes* has the sign of `value − baseline`. Returns each
/// row that fails, in words (empty: all agree). Sparse rows must never read *changes*, and a row
/// without an interval decides nothing.
func disagreements(in rows: [[String: String]]) -> [String] {
    var out: [String] = []
    for row in rows {
        guard let value = Double(row["value"] ?? ""), let baseline = Double(row["baseline"] ?? ""),
            let change = Double(row["change"] ?? "")
        else {
            out.append("unreadable: \(row)")
            continue
        }
        let own = row["unit"] == "%" ? 100 * (value / baseline - 1) : value - baseline
        // The CSV rounds to 4 decimals: allow for that, relative to the size of the numbers.
        let slack = 1e-3 * max(1, abs(own)) + (row["unit"] == "%" ? 100 * 1e-4 / max(abs(baseline), 1e-9) : 2e-4)
        if abs(own - change) > slack { out.append("change \(change) is not the means' \(own): \(row)") }
        if let low = Double(row["low"] ?? ""), let high = Double(row["high"] ?? ""),
            own < low - slack || own > high + slack
        {
            out.append("the means' change \(own) lies outside [\(low), \(high)]: \(row)")
        }
        if row["verdict"] == "changes" && (value - baseline) * change < 0 {
            out.append("changes against the means' sign: \(row)")
        }
        if row["sparse"] != "" && row["verdict"] == "changes" { out.append("a sparse row reads changes: \(row)") }
        if (row["low"] ?? "") == "" && row["verdict"] != "cannot-tell" { out.append("a verdict without an interval: \(row)") }
    }
    return out
}
