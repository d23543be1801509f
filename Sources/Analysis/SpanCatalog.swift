import Traces

/// The distinct span names, services and components of one correlation, each numbered once.
///
/// Attribution looks at every span several times (its component, its name among the trace's
/// expected names, its service beside its parent's); numbering them once lets it compare and
/// count integers instead of hashing strings and matching component rules per look. A span's
/// component depends only on its name, service, scope and kind, so it is found once per such
/// combination (a span *type*).
package struct SpanCatalog: Sendable {
    package let map: ComponentMap
    /// Component names by number: `client queue` is 0, `client+wire` 1.
    package private(set) var components: [String] = [Attribution.clientQueue, Attribution.clientAndWire]
    /// Span names by number.
    package private(set) var names: [String] = []
    private var componentIDs: [String: Int32] = [Attribution.clientQueue: 0, Attribution.clientAndWire: 1]
    private var nameIDs: [String: Int32] = [:]
    private var serviceIDs: [String: Int32] = [:]
    private var types: [TypeKey: Int32] = [:]
    private var hops: [Int64: Int32] = [:]
    /// Per type: its name, service and component numbers, and its kind.
    private(set) var typeName: [Int32] = []
    private(set) var typeService: [Int32] = []
    private(set) var typeComponent: [Int32] = []
    private(set) var typeKind: [Span.Kind] = []
    private(set) var services: [String] = []
    private var typeScope: [String] = []
    /// The last type seen by a cheap hash of a span's strings' lengths and ends: spans of one
    /// source repeat a few dozen types, so most spans are found here by comparing strings that
    /// usually share their storage, without hashing them.
    private var recent: [Int32] = Array(repeating: -1, count: 256)

    static let clientQueue: Int32 = 0
    static let clientAndWire: Int32 = 1

    private struct TypeKey: Hashable {
        var name: Int32
        var service: Int32
        var scope: String
        var kind: Span.Kind
    }

    package init(map: ComponentMap) {
        self.map = map
    }

    /// The type of `span`, numbered on first sight.
    mutating func type(of span: Span) -> Int32 {
        let slot = Self.slot(span)
        let hit = Int(recent[slot])
        if hit >= 0, typeKind[hit] == span.kind, names[Int(typeName[hit])] == span.name,
            services[Int(typeService[hit])] == span.service, typeScope[hit] == span.scope
        {
            return Int32(hit)
        }
        let key = TypeKey(name: name(span.name), service: service(span.service), scope: span.scope, kind: span.kind)
        let type: Int32
        if let known = types[key] {
            type = known
        } else {
            type = Int32(typeName.count)
            types[key] = type
            typeName.append(key.name)
            typeService.append(key.service)
            typeComponent.append(component(map.component(of: span)))
            typeKind.append(span.kind)
            typeScope.append(span.scope)
        }
        recent[slot] = type
        return type
    }

    /// The number of a component's name, given on first sight.
    mutating func component(_ name: String) -> Int32 {
        if let id = componentIDs[name] { return id }
        let id = Int32(components.count)
        componentIDs[name] = id
        components.append(name)
        return id
    }

    /// The component of the hop from one service to another (`net:proxy→querynode`).
    mutating func hop(from caller: Int32, to callee: Int32) -> Int32 {
        let key = Int64(caller) << 32 | Int64(callee)
        if let id = hops[key] { return id }
        let id = component(Attribution.networkPrefix + services[Int(caller)] + "→" + services[Int(callee)])
        hops[key] = id
        return id
    }

    /// The number of a component's name, if it has one.
    func componentID(_ name: String) -> Int32? { componentIDs[name] }

    private mutating func name(_ name: String) -> Int32 {
        if let id = nameIDs[name] { return id }
        let id = Int32(names.count)
        nameIDs[name] = id
        names.append(name)
        return id
    }

    private mutating func service(_ name: String) -> Int32 {
        if let id = serviceIDs[name] { return id }
        let id = Int32(services.count)
        serviceIDs[name] = id
        services.append(name)
        return id
    }

    private static func slot(_ span: Span) -> Int {
        let name = span.name.utf8
        var h = name.count &* 31 &+ span.service.utf8.count &* 7 &+ span.scope.utf8.count &+ span.kind.rawValue
        h = h &* 131 &+ Int(name.last ?? 0)
        h = h &* 131 &+ Int(name.first ?? 0)
        return h & 255
    }
}
