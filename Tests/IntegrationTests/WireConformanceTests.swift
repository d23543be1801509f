import Foundation
import GRPCWire
import NIOCore
import Testing

/// traceload's own gRPC wire against peers it did not write: Python's grpcio (C core) and a raw
/// HTTP/2 server built on the `h2` library (Tests/IntegrationTests/Conformance), both installed
/// into .venv by `make setup`.
@Suite(.serialized) struct WireConformanceTests {
    static let script = CLIHarness.packageRoot.appendingPathComponent(
        "Tests/IntegrationTests/Conformance/conformance_server.py"
    ).path

    /// A conformance peer; each test stops it when it ends (`defer { peer.stop() }`).
    final class Peer {
        let process = Process()
        let port: Int
        private let input = Pipe()

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: CLIHarness.venv + "/bin/python")
            process.arguments = [WireConformanceTests.script] + arguments
            let output = Pipe()
            process.standardOutput = output
            let log = CLIHarness.temporaryDirectory("peer") + "/stderr"
            FileManager.default.createFile(atPath: log, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: log)
            // Held open while the peer runs: it exits when this closes (helper_lifetime.py).
            process.standardInput = input
            try process.run()
            HelperReaper.shared.started(process)
            let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Int],
                let port = object["port"]
            else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                HelperReaper.shared.stopped(process)
                throw HarnessError(message: "the conformance peer did not start: \(line)")
            }
            self.port = port
        }

        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            HelperReaper.shared.stopped(process)
        }

        deinit { stop() }
    }

    static func connection(_ peer: Peer, timeout: Double = 5, keepalive: Keepalive = Keepalive()) throws
        -> GRPCConnection
    {
        try GRPCConnection(
            GRPCTarget(host: "127.0.0.1", port: peer.port, timeoutSeconds: timeout, keepalive: keepalive))
    }

    static let empty: ByteBuffer = {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(0))
        return buffer
    }()

    static func call(_ connection: GRPCConnection, _ mode: String) async -> Result<ByteBuffer, CallFailure> {
        await connection.call(path: "/conformance/" + mode, message: empty)
    }

    static func code(_ result: Result<ByteBuffer, CallFailure>) -> String {
        switch result {
        case .success: "ok"
        case .failure(.timeout): "timeout"
        case .failure(.status(let code, _)): code
        }
    }

    @Test func grpcStatusesAndLargeAnswersFromGrpcio() async throws {
        let peer = try Peer(["grpcio"])
        defer { peer.stop() }
        let connection = try Self.connection(peer)
        defer { connection.close() }
        #expect(Self.code(await Self.call(connection, "ok")) == "ok")
        // Trailers-only errors, each code as grpc-swift names it.
        #expect(Self.code(await Self.call(connection, "status:UNAVAILABLE")) == "unavailable")
        #expect(Self.code(await Self.call(connection, "status:RESOURCE_EXHAUSTED")) == "resourceExhausted")
        #expect(Self.code(await Self.call(connection, "status:PERMISSION_DENIED")) == "permissionDenied")
        if case .failure(.status(_, let message)) = await Self.call(connection, "status:INTERNAL") {
            #expect(message == "told to fail")
        }
        // An 8 MiB answer, over many DATA frames and window updates, whole.
        let big = await Self.call(connection, "big:\(8 << 20)")
        #expect((try? big.get().readableBytes) ?? 0 > 8 << 20, "\(Self.code(big))")
        // The connection is still fine after all of that.
        #expect(Self.code(await Self.call(connection, "ok")) == "ok")
    }

    /// A server allowing 2 streams per connection: 64 calls at once on one connection wait their
    /// turn instead of being refused, and the waits are counted.
    @Test func aStreamLimitOf2IsRespected() async throws {
        let peer = try Peer(["grpcio", "--max-streams", "2"])
        defer { peer.stop() }
        let connection = try Self.connection(peer, timeout: 30)
        defer { connection.close() }
        #expect(try await connection.streamLimit() == 2)
        let codes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<64 { group.addTask { Self.code(await Self.call(connection, "sleep:20")) } }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(codes.allSatisfy { $0 == "ok" }, "\(Dictionary(grouping: codes, by: { $0 }).mapValues(\.count))")
        #expect(connection.stats.waits.calls >= 60)
    }

    /// The full tool: 64 workers against a grpcio that allows 2 streams per connection run
    /// without a failed request (traceload opens as many connections as that takes).
    @Test func sixtyFourWorkersAgainstAServerAllowingTwoStreams() throws {
        let peer = try Peer(["grpcio", "--max-streams", "2"])
        defer { peer.stop() }
        let dir = CLIHarness.temporaryDirectory("streams")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-streams
            milvus: { uri: "http://127.0.0.1:\(peer.port)", metrics: "http://127.0.0.1:9/metrics" }
            collection: { dim: 8, dropExisting: false }
            tracing: { enabled: false }
            phases:
              - { name: load, duration: 6s, workers: 64, mix: search }
            """)
        let result = try CLIHarness.run(["run", scenario, "--out", dir + "/report"])
        #expect(result.status == 0, "\(result.stderr.suffix(800))")
        #expect(result.stderr.contains("32 connections, 2 streams per connection"), "\(result.stderr.suffix(800))")
        let row = try #require(try readCSV(dir + "/report/latency.csv").first)
        #expect(row["errors"] == "0" && (Int(row["requests"] ?? "") ?? 0) > 100, "\(row)")
    }

    /// Answers that arrive after the call's deadline (traceload has reset the stream) still use
    /// up the connection's window; given back, the connection stays usable after many of them.
    @Test func lateLargeAnswersLeaveTheConnectionUsable() async throws {
        let peer = try Peer(["h2"])
        defer { peer.stop() }
        let connection = try Self.connection(peer, timeout: 0.1)
        defer { connection.close() }
        // 12 answers of 4 MiB, each sent whole after its 100 ms deadline: three times the 16 MiB
        // window. The peer answers one call at a time, so each gets the time to send its answer.
        for _ in 0..<12 {
            let late = await Self.call(connection, "late:150:\(4 << 20)")
            #expect(Self.code(late) == "timeout", "\(late)")
            try await Task.sleep(for: .milliseconds(250))
        }
        // The same connection (not a new one) answers normally, with an answer larger than a
        // window that leaked the late answers' bytes would leave (16 KiB).
        let after = await Self.call(connection, "late:0:\(1 << 20)")
        #expect(Self.code(after) == "ok", "\(after)")
    }

    @Test func protocolLevelFailuresMapAsTheSpecificationSays() async throws {
        let peer = try Peer(["h2"])
        defer { peer.stop() }
        let connection = try Self.connection(peer)
        defer { connection.close() }
        #expect(Self.code(await Self.call(connection, "ok")) == "ok")
        // HTTP status without grpc-status (http-grpc-status-mapping.md).
        #expect(Self.code(await Self.call(connection, "http:503")) == "unavailable")
        #expect(Self.code(await Self.call(connection, "http:404")) == "unimplemented")
        #expect(Self.code(await Self.call(connection, "http:401")) == "unauthenticated")
        #expect(Self.code(await Self.call(connection, "http:500")) == "unknown")
        // Not gRPC at all.
        #expect(Self.code(await Self.call(connection, "badtype")) == "unknown")
        // RST_STREAM codes: REFUSED_STREAM, CANCEL, ENHANCE_YOUR_CALM, anything else.
        #expect(Self.code(await Self.call(connection, "rst:7")) == "unavailable")
        #expect(Self.code(await Self.call(connection, "rst:8")) == "cancelled")
        #expect(Self.code(await Self.call(connection, "rst:11")) == "resourceExhausted")
        #expect(Self.code(await Self.call(connection, "rst:2")) == "internalError")
        // Many resets do not close the connection (swift-nio-http2 allows 200 in 30 s by default).
        for _ in 0..<300 { _ = await Self.call(connection, "rst:7") }
        #expect(Self.code(await Self.call(connection, "ok")) == "ok")
        // GOAWAY: the call fails as unavailable, the next one connects again.
        #expect(Self.code(await Self.call(connection, "goaway")) == "unavailable")
        try await Task.sleep(for: .milliseconds(200))
        #expect(Self.code(await Self.call(connection, "ok")) == "ok")
    }

    /// A peer that stops answering without closing: keepalive PINGs go unanswered, the
    /// connection is closed and its call fails as unavailable long before its own deadline.
    @Test func aSilentPeerIsNoticedByKeepalive() async throws {
        let peer = try Peer(["h2"])
        defer { peer.stop() }
        let connection = try Self.connection(
            peer, timeout: 30, keepalive: Keepalive(interval: .milliseconds(300), timeout: .milliseconds(500)))
        defer { connection.close() }
        #expect(Self.code(await Self.call(connection, "ok")) == "ok")
        let started = ContinuousClock.now
        let silent = await Self.call(connection, "silent")
        #expect(Self.code(silent) == "unavailable", "\(silent)")
        #expect(ContinuousClock.now - started < .seconds(10))
        if case .failure(.status(_, let message)) = silent { #expect(message.contains("PING")) }
        // A call's deadline passing sends a PING too, whatever the interval.
        let noInterval = try Self.connection(
            peer, timeout: 0.3, keepalive: Keepalive(interval: nil, timeout: .milliseconds(500)))
        defer { noInterval.close() }
        #expect(Self.code(await Self.call(noInterval, "silent")) == "timeout")
        try await Task.sleep(for: .seconds(1.5))
        #expect(Self.code(await Self.call(noInterval, "ok")) == "ok")
    }
}
