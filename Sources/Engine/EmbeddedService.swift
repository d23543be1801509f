import EmbeddedMilvus
import Scenario
import Foundation

/// `traceload milvus` and `traceload setup`: the embedded Milvus on its own, for other clients,
/// and its installation for use from any folder.
package enum EmbeddedService {
    /// Serves the embedded Milvus until the control is stopped; `up` gets its URI and metrics URL.
    package static func serve(
        venv: String, directory: String?, port: Int?, traceEndpoint: String?, traceFraction: Double,
        control: RunControl, observer: @escaping EngineObserver, up: @Sendable (_ uri: String, _ metrics: String) -> Void
    ) async throws {
        let runDirectory = directory ?? MilvusAccess.temporaryDirectory("milvus")
        let milvus: EmbeddedMilvus
        do {
            milvus = try await MilvusAccess.startEmbedded(
                EmbeddedOptions(venv: venv), directory: runDirectory,
                environment: EmbeddedMilvus.tracingEnvironment(endpoint: traceEndpoint, sampleFraction: traceFraction),
                proxyPort: port, observer: observer)
        } catch {
            throw EngineError(error)
        }
        up("http://127.0.0.1:\(milvus.proxyPort)", milvus.metricsURL)
        await control.stop.wait()
        observer(.log("stopping embedded Milvus"))
        await milvus.stop(now: control.isHurried)
        if directory == nil { try? FileManager.default.removeItem(atPath: runDirectory) }
    }

    /// The per-user environment (`$XDG_DATA_HOME/traceload/venv`), or nil without a home.
    package static var userEnvironment: String? { PythonEnvironment.userEnvironment() }

    package static var milvusPackage: String { PythonEnvironment.milvusPackage }

    package static func install(at directory: String, python: String) throws {
        try PythonEnvironment.install(at: directory, python: python)
    }
}
