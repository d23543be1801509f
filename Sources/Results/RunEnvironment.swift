import Foundation

public struct RunEnvironment: Codable, Sendable {
    public var milvusVersion: String
    public var milvusTarget: String
    public var hostname: String
    public var cpuCores: Int
    public var memoryGiB: Double
    public var operatingSystem: String

    public init(milvusVersion: String, milvusTarget: String) {
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
