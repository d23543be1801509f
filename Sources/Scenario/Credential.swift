import Foundation

/// A secret named in a scenario. Only its source is stored (and written to `run.json`), never the
/// value, which is read when the run connects.
package enum Credential: Sendable, Equatable, Codable {
    case literal(String)
    case environment(String)
    case file(String)

    /// What may be shown to people: the source, not the secret.
    package var redacted: String {
        switch self {
        case .literal: "<set in scenario>"
        case .environment(let name): "$\(name)"
        case .file(let path): "file \(path)"
        }
    }

    // A literal secret is encoded as its redacted form so that run.json never holds it.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(redacted)
    }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if text.hasPrefix("$") {
            self = .environment(String(text.dropFirst()))
        } else if text.hasPrefix("file ") {
            self = .file(String(text.dropFirst(5)))
        } else {
            self = .literal("")
        }
    }
}

extension Credential {
    /// The secret itself, read when the run connects; never stored or printed.
    package func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        switch self {
        case .literal(let value):
            return value
        case .environment(let name):
            guard let value = environment[name] else {
                throw CredentialError(message: "environment variable \(name) is not set")
            }
            return value
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CredentialError(message: "cannot read the credential file \(path)")
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}

package struct CredentialError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
