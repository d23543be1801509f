/// One series of a metrics page: its name and labels (sorted, so equal series compare equal).
public struct SeriesKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var name: String
    public var labels: [Label]

    public struct Label: Sendable, Hashable, Codable, Comparable {
        public var name: String
        public var value: String

        public static func < (a: Label, b: Label) -> Bool { (a.name, a.value) < (b.name, b.value) }
    }

    public init(name: String, labels: [String: String]) {
        self.name = name
        self.labels = labels.map { Label(name: $0.key, value: $0.value) }.sorted()
    }

    public subscript(label: String) -> String? { labels.first { $0.name == label }?.value }

    /// The same series without `dropped` labels.
    public func removing(_ dropped: Set<String>) -> SeriesKey {
        var key = self
        key.labels.removeAll { dropped.contains($0.name) }
        return key
    }

    /// `a=x;b=y`, the form stages.csv uses.
    public var labelText: String { labels.map { "\($0.name)=\($0.value)" }.joined(separator: ";") }

    public var description: String { labels.isEmpty ? name : "\(name){\(labelText)}" }

    public static func < (a: SeriesKey, b: SeriesKey) -> Bool { (a.name, a.labelText) < (b.name, b.labelText) }
}
