/// Any JSON value, read without knowing its shape: what a scenario's settings are flattened from.
enum JSONTree: Decodable, Equatable {
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([JSONTree])
    case object([String: JSONTree])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONTree].self) {
            self = .list(value)
        } else {
            self = .object(try container.decode([String: JSONTree].self))
        }
    }

    /// `a.b.c → value`; a list of objects with a `name` is keyed by it, other lists by position;
    /// Swift's `_0` (an enum's associated value) adds nothing to a path.
    func flattened(prefix: String = "") -> [String: String] {
        func join(_ key: String) -> String { key == "_0" ? prefix : prefix.isEmpty ? key : prefix + "." + key }
        switch self {
        case .object(let object):
            return object.reduce(into: [:]) { out, entry in
                out.merge(entry.value.flattened(prefix: join(entry.key))) { a, _ in a }
            }
        case .list(let list):
            if list.isEmpty { return [prefix: "[]"] }
            return list.enumerated().reduce(into: [:]) { out, entry in
                var name: String?
                if case .object(let object) = entry.element, case .string(let text)? = object["name"] { name = text }
                out.merge(entry.element.flattened(prefix: join(name ?? String(entry.offset)))) { a, _ in a }
            }
        case .bool(let value): return [prefix: value ? "true" : "false"]
        case .number(let value):
            return [prefix: value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)]
        case .string(let value): return [prefix: value]
        case .null: return [prefix: "null"]
        }
    }
}
