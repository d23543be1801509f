import Foundation
import Yams

/// Reads the fields of one YAML mapping with type and range checks, remembering which keys were
/// asked for so that `finish()` can flag the rest as unknown (with a did-you-mean).
final class MappingReader {
    let node: Node
    let path: String
    let diagnostics: Diagnostics
    private var entries: [(key: String, keyNode: Node, value: Node)] = []
    private var known: [String] = []

    /// nil when `node` is not a mapping (the issue is reported).
    init?(_ node: Node, path: String, diagnostics: Diagnostics) {
        self.node = node
        self.path = path
        self.diagnostics = diagnostics
        guard let mapping = node.mapping else {
            diagnostics.report(
                node, path.isEmpty ? "(document)" : path,
                "expected a mapping of keys to values, found \(describe(node))")
            return nil
        }
        for (key, value) in mapping {
            entries.append((key.string ?? "\(key)", key, value))
        }
    }

    var mark: Mark? { node.mark }
    var keys: [String] { entries.map(\.key) }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw value of `key`, or nil when absent or null.
    func value(_ key: String) -> Node? {
        known.append(key)
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        if case .scalar(let scalar) = entry.value,
            scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null",
            scalar.style == .plain
        {
            return nil
        }
        return entry.value
    }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    func string(_ key: String, default fallback: String? = nil) -> String? {
        guard let node = value(key) else { return fallback }
        guard case .scalar(let scalar) = node else {
            diagnostics.report(node, field(key), "expected a string, found \(describe(node))")
            return fallback
        }
        return scalar.string
    }

    func int(_ key: String, default fallback: Int, in range: ClosedRange<Int>) -> Int {
        guard let node = value(key) else { return fallback }
        guard case .scalar = node, let number = node.int else {
            diagnostics.report(
                node, field(key),
                "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(describe(node))")
            return fallback
        }
        guard range.contains(number) else {
            diagnostics.report(
                node, field(key),
                "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(number)")
            return fallback
        }
        return number
    }

    func double(_ key: String, default fallback: Double?, in range: ClosedRange<Double>, what: String = "a number")
        -> Double?
    {
        guard let node = value(key) else { return fallback }
        return checkedDouble(node, field(key), in: range, what: what) ?? fallback
    }

    func checkedDouble(_ node: Node, _ field: String, in range: ClosedRange<Double>, what: String = "a number")
        -> Double?
    {
        let expected = "expected \(what) from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))"
        guard case .scalar = node, let number = node.float ?? node.int.map(Double.init), number.isFinite else {
            diagnostics.report(node, field, "\(expected), found \(describe(node))")
            return nil
        }
        guard range.contains(number) else {
            diagnostics.report(node, field, "\(expected), found \(formatNumber(number))")
            return nil
        }
        return number
    }

    /// A list of numbers in `range`; a single number is taken as a list of one.
    func numberList(_ key: String, in range: ClosedRange<Double>, what: String) -> [Double]? {
        guard let node = value(key) else { return nil }
        let items: [Node] = if case .sequence(let sequence) = node { Array(sequence) } else { [node] }
        var numbers: [Double] = []
        for (index, item) in items.enumerated() {
            if let number = checkedDouble(item, "\(field(key))[\(index)]", in: range, what: what) {
                numbers.append(number)
            }
        }
        if numbers.isEmpty && items.isEmpty {
            diagnostics.report(node, field(key), "expected a list of at least one number")
        }
        return numbers
    }

    func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let node = value(key) else { return fallback }
        guard case .scalar = node, let flag = node.bool else {
            diagnostics.report(node, field(key), "expected true or false, found \(describe(node))")
            return fallback
        }
        return flag
    }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, default fallback: T, caseInsensitive: Bool = true)
        -> T
    where T.RawValue == String {
        guard let node = value(key) else { return fallback }
        let options = T.allCases.map(\.rawValue)
        guard case .scalar(let scalar) = node,
            let match = T.allCases.first(where: {
                caseInsensitive ? $0.rawValue.lowercased() == scalar.string.lowercased() : $0.rawValue == scalar.string
            })
        else {
            diagnostics.report(
                node, field(key),
                "expected one of \(options.joined(separator: ", ")), found \(describe(node))\(suggestion(for: node.string, among: options))"
            )
            return fallback
        }
        return match
    }

    /// A duration: a number of seconds, or a number with a unit (`500ms`, `30s`, `2m`, `1h`).
    func duration(_ key: String, default fallback: Double?, in range: ClosedRange<Double>) -> Double? {
        guard let node = value(key) else { return fallback }
        guard case .scalar(let scalar) = node, let seconds = parseDuration(scalar.string) else {
            diagnostics.report(
                node, field(key), "expected a duration such as 30s, 500ms, 2m or 1h, found \(describe(node))")
            return fallback
        }
        guard range.contains(seconds) else {
            diagnostics.report(
                node, field(key),
                "expected a duration from \(formatNumber(range.lowerBound))s to \(formatNumber(range.upperBound))s, found \(scalar.string)"
            )
            return fallback
        }
        return seconds
    }

    /// A flat mapping of names to scalar values, kept as strings (index and search params).
    func stringMap(_ key: String) -> [String: String] {
        guard let node = value(key) else { return [:] }
        guard let mapping = node.mapping else {
            diagnostics.report(
                node, field(key), "expected a mapping of parameter names to values, found \(describe(node))")
            return [:]
        }
        var result: [String: String] = [:]
        for (name, value) in mapping {
            guard case .scalar(let scalar) = value, let nameText = name.string else {
                diagnostics.report(
                    value, "\(field(key)).\(name.string ?? "?")", "expected a single value, found \(describe(value))")
                continue
            }
            result[nameText] = scalar.string
        }
        return result
    }

    func stringList(_ key: String) -> [String] {
        guard let node = value(key) else { return [] }
        if case .scalar(let scalar) = node { return [scalar.string] }
        guard let sequence = node.sequence else {
            diagnostics.report(node, field(key), "expected a list of names, found \(describe(node))")
            return []
        }
        return sequence.compactMap { item in
            guard case .scalar(let scalar) = item else {
                diagnostics.report(item, field(key), "expected a name, found \(describe(item))")
                return nil
            }
            return scalar.string
        }
    }

    /// Reports every key that no reader asked for.
    func finish() {
        for entry in entries where !known.contains(entry.key) {
            diagnostics.report(
                entry.keyNode, field(entry.key),
                "unknown key\(suggestion(for: entry.key, among: known)); expected one of \(orderedUnique(known).joined(separator: ", "))"
            )
        }
    }
}
