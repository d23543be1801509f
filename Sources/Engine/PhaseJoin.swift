import Results

extension Array where Element == PhaseRecord {
    /// Adds `record`, joined to the measured phase of its name when `joining` (a later round's or
    /// block's seconds follow on), else as a phase of its own. A join that fails keeps the record
    /// apart and says why, rather than losing either the record or the reason.
    mutating func add(_ record: PhaseRecord, joining: Bool) -> String? {
        guard joining, let index = firstIndex(where: { $0.name == record.name && !$0.warmup }) else {
            append(record)
            return nil
        }
        do {
            self[index] = try RunMerge.appendPhase(self[index], record)
            return nil
        } catch {
            append(record)
            return "phase \(record.name): a later round could not be joined to the first (\(error)); it is reported on its own"
        }
    }
}
