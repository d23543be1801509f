import Foundation

/// Where a run ran: Milvus's version and address, and the machine of the load generator.
package struct RunEnvironment: Codable, Sendable {
    package var milvusVersion: String
    package var milvusTarget: String
    /// The Python environment the embedded Milvus came from (as found, not as the scenario's
    /// default names it); nil for an external Milvus.
    package var milvusEnvironment: String?
    package var hostname: String
    package var cpuCores: Int
    package var memoryGiB: Double
    package var operatingSystem: String

    package init(milvusVersion: String, milvusTarget: String) {
        self.milvusVersion = milvusVersion
        self.milvusTarget = milvusTarget
        let info = ProcessInfo.processInfo
        hostname = info.hostName
        cpuCores = info.activeProcessorCount
        memoryGiB = (Double(info.physicalMemory) / 1_073_741_824 * 10).rounded() / 10
        operatingSystem = Self.osName()
    }

    static func osName() -> String {
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
            let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") })
        {
            return line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return ProcessInfo.processInfo.operatingSystemVersionString
    }
}
