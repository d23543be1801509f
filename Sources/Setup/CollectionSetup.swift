import Foundation
import MilvusClient
import Scenario
import Workload

/// Prepares the collection before the measured phases: create, preload, flush, index, load.
/// Progress goes to `log`; every step has a deadline so a stuck server fails the run clearly.
package struct CollectionSetup: Sendable {
    package let client: MilvusClient
    package let scenario: Scenario
    package let log: @Sendable (String) -> Void
    /// The scenario's vector files, opened (nil: generated vectors).
    package let dataset: LoadedDataset?

    package init(
        client: MilvusClient, scenario: Scenario, dataset: LoadedDataset? = nil,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.client = client
        self.dataset = dataset
        self.scenario = scenario
        self.log = log
    }

    package func prepare(stop: StopSignal) async throws {
        let spec = scenario.collection
        var factory = RequestFactory(collection: spec, dataset: scenario.dataset, stream: 0, loaded: dataset)
        if try await client.hasCollection(spec.name) {
            if spec.dropExisting {
                log("dropping existing collection \(spec.name)")
                try await client.dropCollection(spec.name)
            } else {
                log("using existing collection \(spec.name) (dropExisting: false)")
                try await client.loadCollection(spec.name)
                try await waitForLoad(spec.name)
                return
            }
        }
        log("creating collection \(spec.name) (dim \(spec.dim), \(spec.metric.rawValue), \(spec.index.type.rawValue))")
        try await client.createCollection(factory.schema)

        let rows = scenario.dataset.preloadRows
        if rows > 0 {
            let started = Date()
            var done = 0
            while done < rows && !stop.isStopped {
                let batch = min(scenario.dataset.preloadBatch, rows - done)
                // A dataset's rows in file order, the row number as primary key (the ground truth's ids).
                let request =
                    factory.dataset == nil
                    ? factory.insert(rows: batch) : try factory.insert(datasetRows: done..<(done + batch))
                try await client.insert(request)
                done += batch
            }
            log("preloaded \(done) rows in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; flushing")
            try await client.flush(spec.name)
        }
        try await client.createIndex(
            collection: spec.name, field: CollectionSchema.vectorField, type: spec.index.type.rawValue,
            metric: spec.metric.rawValue, params: factory.indexParams
        )
        if rows > 0 { try await waitForIndex(spec.name, stop: stop) }
        try await client.loadCollection(spec.name)
        try await waitForLoad(spec.name)
        if rows > 0 && spec.index.type != .flat { try await waitForIndexedSegments(spec.name, stop: stop) }
        if !stop.isStopped { log("collection \(spec.name) is indexed and loaded") }
    }

    /// For the other segments of a split run: waits until `preparer` has created, filled and
    /// loaded the collection (Milvus answers its loading progress with 100%), without touching it.
    package func waitUntilPrepared(by preparer: String, stop: StopSignal, timeoutSeconds: Double = 3600) async throws {
        let name = scenario.collection.name
        let started = Date()
        var said = false
        while Date().timeIntervalSince(started) < timeoutSeconds && !stop.isStopped {
            // Before it exists, Milvus answers with an error: keep asking.
            if let progress = try? await client.loadingProgress(name), progress >= 100 {
                log("collection \(name) is loaded (prepared by \(preparer))")
                return
            }
            if !said {
                log("waiting for \(preparer) to prepare collection \(name)")
                said = true
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        if !stop.isStopped {
            throw SetupError(message: "collection \(name) not prepared by \(preparer) after \(Int(timeoutSeconds)) s")
        }
    }

    /// Waits until the served segments are ready to be measured (see `SegmentReadiness`), naming
    /// in the log what it waits for and any segment searched without an index.
    func waitForIndexedSegments(
        _ name: String, stop: StopSignal, timeoutSeconds: Double = 600, settleSeconds: Double = 30
    ) async throws {
        let started = Date()
        var lastState = ""
        var unchangedSince = Date()
        while Date().timeIntervalSince(started) < timeoutSeconds && !stop.isStopped {
            let segments = try await client.querySegments(name).map {
                SegmentReadiness.Segment(growing: $0.state == .growing, indexed: $0.indexID != 0, rows: Int($0.numRows))
            }
            let readiness = SegmentReadiness(segments)
            let state = readiness.waitingLine
            if state != lastState { unchangedSince = Date() }
            let settled = readiness.isReady(
                unchangedForSeconds: Date().timeIntervalSince(unchangedSince), settleSeconds: settleSeconds)
            if settled {
                if !lastState.isEmpty {
                    log("every segment is sealed after \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
                }
                if let note = readiness.unindexedNote { log(note) }
                return
            }
            if state != lastState {
                log(state)
                lastState = state
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        if !stop.isStopped {
            throw SetupError(message: "segments of \(name) not sealed and indexed after \(Int(timeoutSeconds)) s")
        }
    }

    func waitForIndex(_ name: String, stop: StopSignal, timeoutSeconds: Double = 900) async throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline && !stop.isStopped {
            let progress = try await client.indexProgress(collection: name)
            if progress.state.lowercased().contains("failed") {
                throw SetupError(message: "index build failed: \(progress.failure)")
            }
            if progress.total > 0 && progress.indexed >= progress.total || progress.state.lowercased() == "finished" {
                return
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        if !stop.isStopped { throw SetupError(message: "index of \(name) not built after \(Int(timeoutSeconds)) s") }
    }

    func waitForLoad(_ name: String, timeoutSeconds: Double = 600) async throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            if try await client.loadingProgress(name) >= 100 { return }
            try await Task.sleep(for: .milliseconds(300))
        }
        throw SetupError(message: "collection \(name) not loaded after \(Int(timeoutSeconds)) s")
    }
}
