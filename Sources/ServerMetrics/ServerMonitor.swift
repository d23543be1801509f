import Foundation
import Synchronization

/// Milvus's metrics around each phase: read at its start and end for the stage histograms, and
/// once a second in between for the server timeline (or, from a Prometheus, out of its history).
package struct ServerMonitor: Sendable {
    package let source: any MetricsSource
    package let catalog: StageCatalog
    package let columns: [TimelineColumn]
    /// How long to wait for a Prometheus to scrape Milvus after a phase edge.
    package let freshnessLimit: Duration

    package init(
        source: any MetricsSource, catalog: StageCatalog = .milvus, columns: [TimelineColumn] = TimelineColumn.milvus,
        freshnessLimit: Duration = .seconds(90)
    ) {
        self.source = source
        self.catalog = catalog
        self.columns = columns
        self.freshnessLimit = freshnessLimit
    }

    var stageFamilies: Set<String> { Set(catalog.stages.map(\.metric)) }
    var timelineFamilies: Set<String> { Set(columns.map(\.metric)) }

    /// A phase being watched.
    package final class Watch: Sendable {
        let before: MetricsSnapshot?
        let problem: String?
        let samples: Mutex<[MetricsSnapshot]>
        let sampler: Mutex<Task<Void, Never>?> = Mutex(nil)

        init(before: MetricsSnapshot?, problem: String?) {
            self.before = before
            self.problem = problem
            samples = Mutex(before.map { [$0] } ?? [])
        }

        /// Stops the once-a-second sampling (the phase ended or was abandoned).
        package func cancel() async {
            let task = sampler.withLock { $0 }
            task?.cancel()
            await task?.value
        }
    }

    /// Reads the metrics before a phase (once a Prometheus has seen Milvus idle since `idleSince`)
    /// and starts sampling them once a second when the source keeps no history.
    package func begin(idleSince: Date) async -> Watch {
        var problem = await source.waitUntilCurrent(after: idleSince, limit: freshnessLimit)
        var before: MetricsSnapshot?
        do {
            before = HostCPU.adding(to: try await source.snapshot(stageFamilies.union(timelineFamilies)))
        } catch {
            problem = "Milvus's metrics could not be read (\(error))"
        }
        let watch = Watch(before: before, problem: problem)
        if before != nil && !source.keepsHistory {
            let source = source
            let families = timelineFamilies
            let task = Task {
                let clock = ContinuousClock()
                var next = clock.now
                while !Task.isCancelled {
                    next += .seconds(1)
                    try? await Task.sleep(until: next)
                    if Task.isCancelled { break }
                    if let snapshot = try? await source.snapshot(families) {
                        watch.samples.withLock { $0.append(HostCPU.adding(to: snapshot)) }
                    }
                }
            }
            watch.sampler.withLock { $0 = task }
        }
        return watch
    }

    /// The phase's stages and timeline, read after it ended at `start` + `elapsed` seconds.
    package func end(_ watch: Watch, phase: String, start: Date, elapsedSeconds: Double) async -> PhaseServerMetrics {
        await watch.cancel()
        guard let before = watch.before else { return PhaseServerMetrics(problem: watch.problem) }
        let end = start.addingTimeInterval(elapsedSeconds)
        var problem = await source.waitUntilCurrent(after: end, limit: freshnessLimit)
        let after: MetricsSnapshot
        do {
            after = HostCPU.adding(to: try await source.snapshot(stageFamilies.union(timelineFamilies)))
        } catch {
            return PhaseServerMetrics(problem: "Milvus's metrics could not be read after the phase (\(error))")
        }
        var snapshots = watch.samples.withLock { $0 } + [after]
        if source.keepsHistory {
            do {
                snapshots =
                    try await source.history(timelineFamilies, from: start.addingTimeInterval(-1), to: end) ?? snapshots
            } catch {
                problem = problem ?? "the server timeline could not be read (\(error))"
            }
        }
        let seconds = max(1, Int(elapsedSeconds.rounded(.up)))
        return PhaseServerMetrics(
            stages: StageDeltas.rows(phase: phase, before: before, after: after, catalog: catalog),
            timeline: ServerSample.timeline(snapshots, start: start, seconds: seconds, columns: columns),
            problem: problem ?? watch.problem)
    }
}
