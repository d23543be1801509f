import EmbeddedMilvus
import Foundation
import Synchronization
import Workload

/// Watches the embedded Milvus for an exit nobody asked for. A crash is named as it happens
/// ("Milvus exited (signal 9, SIGKILL) at 8.2 s of phase search"); then the run stops
/// (`onError: stop`, or during set-up) or Milvus is started again on its data and ports and the
/// run goes on (`onError: continue`). Either way the run counts as failed.
final class ServerWatch: Sendable {
    private struct State {
        var milvus: EmbeddedMilvus
        var phase: (name: String, started: Date)?
        var crashes: [String] = []
        var stopped = false
    }

    private let state: Mutex<State>
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ milvus: EmbeddedMilvus) {
        state = Mutex(State(milvus: milvus))
    }

    /// The server now (a new one after a restart).
    var milvus: EmbeddedMilvus { state.withLock { $0.milvus } }
    /// Every crash, in words, in order.
    var crashes: [String] { state.withLock { $0.crashes } }

    func enterPhase(_ name: String?) {
        state.withLock { $0.phase = name.map { ($0, Date()) } }
    }

    /// Starts watching: `restart` says whether to start Milvus again (else the run stops).
    func start(restart: Bool, control: RunControl, observer: @escaping EngineObserver) {
        let watching = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                let (milvus, stopped) = state.withLock { ($0.milvus, $0.stopped) }
                guard !stopped, let exit = milvus.exit else { continue }
                let message = describe(exit)
                state.withLock { $0.crashes.append(message) }
                observer(.warning(message + "; its log tail is kept beside the report"))
                guard restart, !control.stop.isStopped else {
                    control.stop.stop(.serverExited(message))
                    return
                }
                observer(.log("starting Milvus again on its data (onError: continue)"))
                do {
                    let again = try await milvus.restart()
                    state.withLock { $0.milvus = again }
                    observer(.log("Milvus is up again on 127.0.0.1:\(again.proxyPort) (pid \(again.milvusPID))"))
                } catch {
                    control.stop.stop(.serverExited(message + "; starting it again failed: \(error)"))
                    return
                }
            }
        }
        task.withLock { $0 = watching }
    }

    /// "Milvus exited (signal 9, SIGKILL) at 8.2 s of phase search".
    func describe(_ exit: MilvusExit) -> String {
        let phase = state.withLock { $0.phase }
        let when =
            phase.map { "at \(String(format: "%.1f", Date().timeIntervalSince($0.started))) s of phase \($0.name)" }
            ?? "during set-up"
        return "Milvus exited (\(exit)) \(when)"
    }

    /// Stops watching (before Milvus is stopped on purpose).
    func stop() async {
        state.withLock { $0.stopped = true }
        let watching = task.withLock { $0 }
        watching?.cancel()
        await watching?.value
    }
}
