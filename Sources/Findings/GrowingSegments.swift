/// Searches scan growing segments: rows inserted and not yet sealed and indexed are searched
/// without the collection's index (brute force, or an interim index in Milvus 2.3+), one
/// sub-search per growing segment, beside the indexed sealed ones.
struct GrowingSegments: FindingRule {
    let name = "growing-segments"
    /// Rows in growing segments that make it worth saying.
    var minimumRows = 1_000.0

    func findings(_ facts: PhaseFacts, in run: RunFacts) -> [Finding] {
        ["search", "query"].compactMap { operation -> Finding? in
            guard let growing = facts.stage("querynode.segment", operation, ["segment_state": "Growing"]),
                growing.count > 0, let growingMs = growing.mean
            else { return nil }
            let rows = facts.timeline("growing_rows")?.max
            if let rows, rows < minimumRows { return nil }
            let sealed = facts.mean("querynode.segment", operation, ["segment_state": "Sealed"])
            var evidence = [
                Finding.Evidence("growing segment sub-\(plural(operation))", growing.count, ""),
                Finding.Evidence("growing segment mean", growingMs, "ms"),
            ]
            if let sealed { evidence.append(.init("sealed segment mean", sealed, "ms")) }
            if let rows { evidence.append(.init("rows in growing segments (most)", rows, "rows")) }
            let inserts = facts.phase.operations.contains { $0.operation == "insert" }
            let upTo = rows.map { ": up to \(count($0)) rows" } ?? ""
            // A growing segment no slower than a sealed one (Milvus 2.3+ may give it an interim
            // index) is scanned, but is not what slows the phase: said, not blamed.
            if let sealed, growingMs <= sealed {
                return Finding(
                    rule: name, phase: facts.name, operation: operation,
                    statement:
                        "\(plural(operation).capitalized) also scanned growing segments\(upTo), but a growing segment took no longer than a sealed, indexed one (\(ms(growingMs)) against \(ms(sealed)) ms per sub-\(operation)): not what slows this phase",
                    evidence: evidence, share: nil, action: nil,
                    partial: rows == nil ? "Milvus's row counts per segment state were not read" : nil, status: .ruledOut)
            }
            var statement = "\(plural(operation).capitalized) scanned growing segments (rows not yet sealed and indexed)" + upTo
            statement +=
                sealed.map { "; a growing segment took \(ms(growingMs)) ms per sub-\(operation) against \(ms($0)) ms for a sealed, indexed one" }
                ?? " (\(ms(growingMs)) ms per sub-\(operation))"
            // What sealing them would take off: a growing segment's extra time over a sealed one's,
            // for each growing segment a request searched; its sub-requests, side by side, search
            // theirs at the same time, so a request waits for that extra shared among them.
            // Without a sealed segment's time, what sealing would save cannot be told: no share.
            var share: Double?
            var partial = rows == nil ? "Milvus's row counts per segment state were not read" : nil
            if sealed == nil {
                let note = "no sealed segment's time to set against, so what sealing would save is not stated"
                partial = partial.map { $0 + "; " + note } ?? note
            }
            if let sealed, let latency = facts.latency(operation), let answered = facts.operation(operation)?.successes, answered > 0 {
                var perRequest = (growingMs - sealed) * growing.count / Double(answered)
                if let wait = QueueWait(facts, operation), wait.sideBySide == true {
                    perRequest /= wait.subRequests
                }
                // More than the whole latency: Milvus's segment histogram counts other work.
                if perRequest > latency.mean {
                    evidence.append(.init("extra per request", perRequest, "ms"))
                    evidence.append(.init("mean latency", latency.mean, "ms"))
                    return Finding(
                        rule: name, phase: facts.name, operation: operation,
                        statement:
                            "Milvus's segment histograms for \(plural(operation)) mix other work: growing segments would add \(ms(perRequest)) ms to a \(operation) against \(ms(latency.mean)) ms a \(operation) (the latency table's mean), so they are not stated as a cause",
                        evidence: evidence, share: nil,
                        action: "what would tell more: a phase of \(plural(operation)) alone, on a flushed and indexed collection",
                        partial: nil, status: .caveat)
                }
                share = perRequest / latency.mean
            }
            return Finding(
                rule: name, phase: facts.name, operation: operation, statement: statement, evidence: evidence,
                share: share,
                action: inserts
                    ? "this phase inserts: its new rows stay in growing segments until sealed and indexed; measure searches on a collection whose inserts have been flushed and indexed, or expect this cost while inserting"
                    : "flush and wait for the index before measuring (traceload's set-up does for the preload; rows inserted by earlier phases are not)",
                partial: partial, cause: inserts ? "inserting" : "not-flushed")
        }
    }
}
