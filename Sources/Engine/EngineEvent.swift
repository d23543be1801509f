import Foundation
import Workload

/// What the engine tells the command running it, as it happens: lines for the log, and each
/// phase's start and end (the command draws the live progress line from `PhaseProgress`).
package enum EngineEvent: Sendable {
    case log(String)
    case warning(String)
    case phaseStarted(PhaseProgress)
    case phaseEnded(PhaseProgress, LiveFigures)
}

/// A running phase, for the progress line.
package struct PhaseProgress: Sendable {
    package let name: String
    package let started: Date
    let live: LiveTimeline

    /// The figures at this moment (`done`: over the whole phase).
    package func figures(done: Bool = false, elapsed: Double? = nil) -> LiveFigures {
        LiveFigures(live.snapshot(), elapsed: elapsed ?? Date().timeIntervalSince(started), done: done)
    }
}

/// A running phase's figures for the progress line.
package typealias PhaseFigures = LiveFigures

/// Where the engine's events go.
package typealias EngineObserver = @Sendable (EngineEvent) -> Void
