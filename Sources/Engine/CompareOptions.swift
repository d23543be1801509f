import Comparison
import Foundation
import Results

/// How `traceload compare` runs its variants.
package struct CompareOptions: Sendable {
    package var tool: String
    /// The first is the baseline every other is measured against.
    package var variants: [CompareVariant]
    /// Another copy of the baseline, measured like any variant: the machine's own noise.
    package var aa: Bool
    package var rule: StopRule
    /// One block: the measured phases scaled to this many seconds.
    package var blockSeconds: Double
    /// Seeds the blocks' order (printed in the report, so an order can be told again).
    package var seed: UInt64
    package var milvusDirectory: String?
    /// This traceload, to run span receivers as child processes (`traceload receive`); nil
    /// receives in this process (tests).
    package var receiverExecutable: String?
    /// Leave the server's tracing as the scenario has it in every variant.
    package var clientOnly: Bool
    /// For an external Milvus whose tracing differs between variants: the command that restarts it.
    package var restartCommand: String?

    /// `precision` (percent) and `budgetSeconds`, or a fixed number of `rounds`: when to stop.
    package init(
        tool: String, variants: [CompareVariant], aa: Bool = false, precision: Double = 2,
        budgetSeconds: Double? = 600, rounds: Int? = nil,
        blockSeconds: Double = 10, seed: UInt64 = UInt64(Date().timeIntervalSince1970), milvusDirectory: String? = nil,
        receiverExecutable: String? = nil, clientOnly: Bool = false, restartCommand: String? = nil
    ) {
        self.tool = tool
        self.variants = variants
        self.aa = aa
        rule = StopRule(precision: precision, budgetSeconds: budgetSeconds, fixedRounds: rounds)
        self.blockSeconds = blockSeconds
        self.seed = seed
        self.milvusDirectory = milvusDirectory
        self.receiverExecutable = receiverExecutable
        self.clientOnly = clientOnly
        self.restartCommand = restartCommand
    }

    /// The name the A/A variant goes by.
    package static let aaName = "A/A"
}

/// Where a comparison stands: after each round, and at its end.
package struct CompareProgress: Sendable {
    package var summary: ComparisonSummary
    /// Each variant's run: its phases over the counted blocks, and every round's figures.
    package var records: [(name: String, record: RunRecord)]
}

/// How a comparison ended.
package enum CompareEnd: Sendable {
    case finished(CompareProgress)
    /// Stopped (Ctrl-C) or failed; what was measured so far, when anything was.
    case stopped(CompareProgress?, reason: String)
    case failed(EngineError, CompareProgress?)
}
