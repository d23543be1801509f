package enum PrometheusText {
    /// Every sample in `text`. Comment lines (`# HELP`, `# TYPE`) and blank lines are skipped;
    /// a line that is not a sample is skipped too, so one odd series cannot hide the others.
    /// With `families`, only their series (a family covers `_bucket`, `_sum`, `_count` too), and
    /// the labels of other lines are never parsed.
    package static func parse(_ text: String, families: Set<String>? = nil) -> [PrometheusSample] {
        var samples: [PrometheusSample] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.first == "#" { continue }
            if let families {
                let name = trimmed.prefix { $0 != "{" && $0 != " " && $0 != "\t" }
                guard families.contains(String(name)) || families.contains(family(of: name)) else { continue }
            }
            if let sample = parseLine(Substring(trimmed)) { samples.append(sample) }
        }
        return samples
    }

    /// `x_bucket`, `x_sum`, `x_count` → `x`; other names as they are.
    static func family(of name: Substring) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return String(name)
    }

    static func parseLine(_ line: Substring) -> PrometheusSample? {
        guard let nameEnd = line.firstIndex(where: { $0 == "{" || $0 == " " || $0 == "\t" }) else { return nil }
        let name = String(line[..<nameEnd])
        var rest = line[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            guard let (parsed, after) = parseLabels(rest.dropFirst()) else { return nil }
            labels = parsed
            rest = after
        }
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !name.isEmpty, let first = fields.first, let value = parseValue(first) else { return nil }
        return PrometheusSample(name: name, labels: labels, value: value)
    }

    /// `a="x",b="y\"z"}` → labels and what follows the closing brace.
    static func parseLabels(_ text: Substring) -> ([String: String], Substring)? {
        var labels: [String: String] = [:]
        var index = text.startIndex
        func skipSpaces() {
            while index < text.endIndex, text[index] == " " || text[index] == "," { index = text.index(after: index) }
        }
        while true {
            skipSpaces()
            guard index < text.endIndex else { return nil }
            if text[index] == "}" { return (labels, text[text.index(after: index)...]) }
            guard let equals = text[index...].firstIndex(of: "=") else { return nil }
            let key = text[index..<equals].trimmingSpaces()
            index = text.index(after: equals)
            guard index < text.endIndex, text[index] == "\"" else { return nil }
            index = text.index(after: index)
            var value = ""
            while true {
                guard index < text.endIndex else { return nil }
                let character = text[index]
                index = text.index(after: index)
                if character == "\"" { break }
                if character == "\\", index < text.endIndex {
                    let escaped = text[index]
                    index = text.index(after: index)
                    value.append(escaped == "n" ? "\n" : escaped)
                } else {
                    value.append(character)
                }
            }
            labels[String(key)] = value
        }
    }

    static func parseValue(_ text: Substring) -> Double? {
        switch text {
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default: return Double(text)
        }
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var result = self
        while result.first == " " { result = result.dropFirst() }
        while result.last == " " { result = result.dropLast() }
        return result
    }
}
