import Foundation
import Scenario
import Testing

@Suite struct CredentialTests {
    @Test func aCredentialIsReadFromItsSourceWhenResolved() throws {
        #expect(try Credential.literal("s3cret").resolve(environment: [:]) == "s3cret")
        #expect(try Credential.environment("TOKEN").resolve(environment: ["TOKEN": "from-env"]) == "from-env")
        let file = NSTemporaryDirectory() + "traceload-credential-\(UUID().uuidString)"
        try Data("from-file\n".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(try Credential.file(file).resolve(environment: [:]) == "from-file")
    }

    @Test func aMissingSourceIsNamed() {
        #expect(throws: CredentialError.self) { try Credential.environment("NOT_SET").resolve(environment: [:]) }
        do {
            _ = try Credential.file("/nonexistent/token").resolve(environment: [:])
            Issue.record("a missing file resolved")
        } catch {
            #expect("\(error)".contains("/nonexistent/token"))
        }
    }
}
