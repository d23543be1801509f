/// What `traceload compare` compares when its command line does not say: named variants of any
/// setting, a sweep of sample fractions, and when to stop.
package struct CompareSpec: Sendable, Equatable, Codable {
    /// A named variant: settings changed as `--set` changes them (`phases.search.search.params.ef=128`).
    package struct Variant: Sendable, Equatable, Codable {
        package var name: String
        package var settings: [String]

        package init(name: String, settings: [String]) {
            self.name = name
            self.settings = settings
        }
    }

    package var variants: [Variant]
    /// Client sample fractions; the server exports too and follows the client's decision.
    package var fractions: [Double]
    /// Server-only settings: no trace context from the client, Milvus sampling at this fraction.
    package var serverFractions: [Double]
    /// A fixed number of rounds; nil: until `precision` or `budgetSeconds`.
    package var repeats: Int?
    /// Target half-width (percent) of the headline figures' 95% intervals.
    package var precision: Double
    package var budgetSeconds: Double
    /// Length of one block (a variant's turn in a round): the measured phases scaled to it.
    package var blockSeconds: Double
    /// For an external Milvus: a shell command that restarts it with tracing set by the
    /// placeholders `{exporter}` (noop or otlp) and `{fraction}`.
    package var restartCommand: String?
    /// Leave the server's tracing alone and sweep the client side only.
    package var clientOnly: Bool

    package init(
        variants: [Variant] = [], fractions: [Double] = [], serverFractions: [Double] = [], repeats: Int? = nil,
        precision: Double = 2, budgetSeconds: Double = 600, blockSeconds: Double = 10, restartCommand: String? = nil,
        clientOnly: Bool = false
    ) {
        self.variants = variants
        self.fractions = fractions
        self.serverFractions = serverFractions
        self.repeats = repeats
        self.precision = precision
        self.budgetSeconds = budgetSeconds
        self.blockSeconds = blockSeconds
        self.restartCommand = restartCommand
        self.clientOnly = clientOnly
    }
}
