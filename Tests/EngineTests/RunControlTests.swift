import Engine
import Testing
import Workload

@Suite struct RunControlTests {
    @Test func theFirstInterruptStopsTheSecondHurries() {
        let control = RunControl()
        #expect(!control.stop.isStopped && !control.isHurried)
        #expect(control.interrupt(signal: "SIGINT") == 1)
        #expect(control.stop.isStopped && !control.isHurried)
        #expect(control.stop.reason == .interrupted(signal: "SIGINT"))
        #expect(control.interrupt(signal: "SIGTERM") == 2)
        #expect(control.isHurried)
        // The first reason stays.
        #expect(control.stop.reason == .interrupted(signal: "SIGINT"))
    }
}
