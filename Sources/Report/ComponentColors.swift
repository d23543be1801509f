import Analysis
import Foundation
import Results

/// One colour per component for every chart of a report, so that `proxy` in the component bars
/// is `proxy` in the waterfall. Milvus's roles have fixed colours (the same in every report);
/// other components take the remaining colours in name order.
struct ComponentColors {
    static let known: [String: String] = [
        Attribution.clientAndWire: "#8c8c8c", Attribution.clientQueue: "#525252", "proxy": "#1f77b4", "segcore": "#2ca02c", "querynode": "#ff7f0e",
        "streamingnode": "#e377c2", "rootcoord": "#9467bd", "querycoord": "#17becf", "datacoord": "#bcbd22",
        "datanode": "#8c564b", "mixcoord": "#d62728", "indexnode": "#7b4173", "standalone": "#393b79",
    ]
    static let others = [
        "#637939", "#e7ba52", "#ad494a", "#3182bd", "#31a354", "#756bb1", "#e6550d", "#636363", "#843c39", "#5254a3",
    ]
    /// Network hops share a light tint: they are the gaps between components.
    static let network = ["#c7c7c7", "#b5b5b5", "#d9d9d9", "#a3a3a3"]

    private var colors: [String: String] = [:]

    init(_ components: some Sequence<String>) {
        var otherIndex = 0
        var networkIndex = 0
        for component in Set(components).sorted() {
            if let color = Self.known[component] {
                colors[component] = color
            } else if component.hasPrefix("net:") {
                colors[component] = Self.network[networkIndex % Self.network.count]
                networkIndex += 1
            } else {
                colors[component] = Self.others[otherIndex % Self.others.count]
                otherIndex += 1
            }
        }
    }

    subscript(component: String) -> String { colors[component] ?? Self.known[Attribution.clientAndWire]! }

    /// An SVG pattern per component: its colour hatched, for its untraced part.
    func hatchDefinitions(_ components: [String]) -> String {
        "<defs>"
            + components.map { component in
                "<pattern id=\"\(Self.hatchID(component))\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                    + "<rect width=\"6\" height=\"6\" fill=\"#fff\"/><rect width=\"3\" height=\"6\" fill=\"\(self[component])\"/></pattern>"
            }.joined() + "</defs>"
    }

    static func hatchID(_ component: String) -> String {
        "untraced-"
            + String(component.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "-" })
    }
}
