import Foundation

extension RunRecord {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    public func jsonData() throws -> Data { try Self.encoder.encode(self) }

    public static func load(path: String) throws -> RunRecord {
        let file = FileManager.default.fileExists(atPath: path + "/run.json") ? path + "/run.json" : path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ResultsError.io("cannot read \(file)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(RunRecord.self, from: data)
        } catch {
            throw ResultsError.invalidRun("\(file): \(error)")
        }
    }
}
