import Foundation
import MilvusClient
import NullMilvus
import Testing

/// TLS and mutual TLS against a Milvus API server (the null Milvus) with certificates made by
/// openssl for this test: a private CA, a server certificate for 127.0.0.1, a client certificate.
@Suite struct TLSTests {
    static func makeCertificates(in dir: String) throws {
        let script = """
            set -e
            cd '\(dir)'
            openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=traceload-test-ca -keyout ca.key -out ca.pem 2>/dev/null
            for name in server client; do
              openssl req -newkey rsa:2048 -nodes -subj /CN=$name -keyout $name.key -out $name.csr 2>/dev/null
              printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth,clientAuth\\n' > $name.ext
              openssl x509 -req -in $name.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile $name.ext -out $name.pem 2>/dev/null
            done
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HarnessError(message: "openssl failed to make test certificates")
        }
    }

    func version(port: Int, dir: String, clientCertificate: Bool) async throws -> String {
        let endpoint = MilvusEndpoint(
            host: "127.0.0.1", port: port, useTLS: true, caCertificatePath: dir + "/ca.pem",
            clientCertificatePath: clientCertificate ? dir + "/client.pem" : nil,
            clientKeyPath: clientCertificate ? dir + "/client.key" : nil,
            requestTimeoutSeconds: 5
        )
        let client = try MilvusClient(endpoint: endpoint)
        defer { client.close() }
        return try await client.version()
    }

    @Test func mutualTLSNeedsTheClientCertificate() async throws {
        let dir = CLIHarness.temporaryDirectory("tls")
        try Self.makeCertificates(in: dir)
        let server = NullMilvusServer(
            port: 0, tls: .init(certificate: dir + "/server.pem", key: dir + "/server.key", clientCA: dir + "/ca.pem"))
        let serving = Task { try await server.run() }
        defer {
            server.stop()
            serving.cancel()
        }
        let port = try await server.boundPort()
        #expect(try await version(port: port, dir: dir, clientCertificate: true) == "null-milvus")
        await #expect(throws: MilvusError.self) { try await version(port: port, dir: dir, clientCertificate: false) }
    }

    @Test func tlsWithAPrivateCA() async throws {
        let dir = CLIHarness.temporaryDirectory("tls")
        try Self.makeCertificates(in: dir)
        let server = NullMilvusServer(port: 0, tls: .init(certificate: dir + "/server.pem", key: dir + "/server.key"))
        let serving = Task { try await server.run() }
        defer {
            server.stop()
            serving.cancel()
        }
        #expect(
            try await version(port: try await server.boundPort(), dir: dir, clientCertificate: false) == "null-milvus")
    }
}
