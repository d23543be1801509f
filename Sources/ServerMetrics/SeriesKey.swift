/// One series of a metrics page: its name and labels (sorted, so equal series compare equal).
package struct SeriesKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    package var name: String
    package var labels: [Label]

    package struct Label: Sendable, Hashable, Codable, Comparable {
        package var name: String
        package var value: String

        package static func < (a: Label, b: Label) -> Bool { (a.name, a.value) < (b.name, b.value) }
    }

    package init(name: String, labels: [String: String]) {
        self.name = name
        self.labels = labels.map { Label(name: $0.key, value: $0.value) }.sorted()
    }

    package subscript(label: String) -> String? { labels.first { $0.name == label }?.value }

    /// The same series without `dropped` labels.
    package func removing(_ dropped: Set<String>) -> SeriesKey {
        var key = self
        key.labels.removeAll { dropped.contains($0.name) }
        return key
    }

    /// `a=x;b=y`, the form stages.csv uses.
    package var labelText: String { labels.map { "\($0.name)=\($0.value)" }.joined(separator: ";") }

    package var description: String { labels.isEmpty ? name : "\(name){\(labelText)}" }

    package static func < (a: SeriesKey, b: SeriesKey) -> Bool { (a.name, a.labelText) < (b.name, b.labelText) }
}
