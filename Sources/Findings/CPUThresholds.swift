/// When CPU counts as busy or notable, as shares of the machine's cores: a client at 0.9 of 2
/// cores holds half the machine, at 0.9 of 64 it is noise. Every rule reads these, so each value
/// is set once, here, with its reason and the figures of the recorded 2-core runs
/// (Tests/Fixtures/runs/findings, as shares of their 2 cores) that placed it.
package struct CPUThresholds: Sendable, Equatable {
    /// The machine is full: every core has runnable work, so threads wait for one. Per-second
    /// samples of a full machine read a little under 1.0; the quickstart read 0.97–1.0, the
    /// one-worker run 0.1.
    package var fullMachine = 0.85
    /// Milvus itself is at the machine's limit: at three quarters of the cores the query node's
    /// read tasks compete with the proxy's, the data node's and etcd's threads for the rest. The
    /// saturated quickstart search read 0.97, the 8- and 32-worker runs 0.76–0.78, one worker 0.08.
    package var saturatedMilvus = 0.75
    /// Other processes (neither Milvus nor traceload) hold this share: the latencies are the
    /// machine's. The busy-machine run read 0.48–0.92, every quiet run below 0.06.
    package var otherProcesses = 0.4
    /// traceload takes enough of the machine to be a party to the measurement when the machine is
    /// full: 0.15 of 2 cores when it was written in cores. The recorded search phases of 1–8
    /// workers took 0.02–0.03, the insert phases 0.02–0.08, the 8- and 32-worker searches
    /// 0.09–0.1 (on a machine at 0.84, not full).
    package var notableClient = 0.075
    /// traceload itself may be what limits the load: close to half the machine, where the load
    /// generator and the server it loads share the cores evenly. (0.9 of 2 cores before.)
    package var busyClient = 0.45

    package init() {}
}
