import Scenario
import Testing

@testable import Workload

@Suite struct LoadModelTests {
    @Test func constantRateKeepsItsRate() {
        let schedule = ArrivalSchedule(rate: ArrivalRate(constant: 250), durationSeconds: 10)
        let starts = (0..<5000).map(schedule.intendedStart)
        #expect(starts.filter { $0 < 10 }.count == 2500)
        #expect(zip(starts, starts.dropFirst()).allSatisfy { abs(($1 - $0) - 0.004) < 1e-9 })
    }

    @Test func rampIntegratesToTheAverageRate() {
        let schedule = ArrivalSchedule(rate: ArrivalRate(start: 100, end: 300), durationSeconds: 20)
        let inPhase = (0..<10_000).map(schedule.intendedStart).filter { $0 < 20 }.count
        #expect(inPhase == 4000)  // (100 + 300) / 2 × 20
        // The first second carries about the start rate, the last about the end rate.
        let firstSecond = (0..<10_000).map(schedule.intendedStart).filter { $0 < 1 }.count
        let lastSecond = (0..<10_000).map(schedule.intendedStart).filter { $0 >= 19 && $0 < 20 }.count
        #expect((100...110).contains(firstSecond))
        #expect((290...300).contains(lastSecond))
    }

    @Test func rampDownStopsWhenTheRateReachesZero() {
        let schedule = ArrivalSchedule(rate: ArrivalRate(start: 10, end: 0), durationSeconds: 10)
        #expect(schedule.intendedStart(49) < 10)
        #expect(!schedule.intendedStart(60).isFinite)
    }

    @Test func openLoopMeasuresFromTheIntendedStart() {
        let second: UInt64 = 1_000_000_000
        let model = LoadModel(
            start: 0, deadline: 10 * second, budget: nil,
            schedule: ArrivalSchedule(rate: ArrivalRate(constant: 10), durationSeconds: 10))
        // Early: wait for the slot.
        #expect(model.step(ticket: 5, now: 100_000_000) == .wait(until: 500_000_000))
        // Late (the worker was stuck behind a slow request): go now, but count from the slot.
        #expect(model.step(ticket: 5, now: 2 * second) == .issue(intendedStart: 500_000_000))
        // Slots past the deadline end the phase, and so does reaching the deadline behind schedule.
        #expect(model.step(ticket: 100, now: 0) == .stop)
        #expect(model.step(ticket: 50, now: 10 * second) == .stop)
    }

    @Test func closedLoopMeasuresFromNowUntilTheDeadlineOrBudget() {
        let model = LoadModel(start: 0, deadline: 1000, budget: 3, schedule: nil)
        #expect(model.step(ticket: 0, now: 10) == .issue(intendedStart: 10))
        #expect(model.step(ticket: 3, now: 10) == .stop)
        #expect(model.step(ticket: 1, now: 1000) == .stop)
    }

    @Test func pickerFollowsWeights() {
        let picker = OperationPicker([.search: 8, .insert: 1, .query: 1])
        var rng = Xoshiro256(seed: 9)
        var counts: [OperationKind: Int] = [:]
        for _ in 0..<100_000 { counts[picker.pick(rng.nextUnit()), default: 0] += 1 }
        #expect((79_000...81_000).contains(counts[.search] ?? 0))
        #expect((9_500...10_500).contains(counts[.insert] ?? 0))
    }

    @Test func vectorsAreSeeded() {
        var a = VectorSource(dim: 4, distribution: .normal, seed: 5)
        var b = VectorSource(dim: 4, distribution: .normal, seed: 5)
        #expect(a.vectors(10) == b.vectors(10))
        var u = VectorSource(dim: 4, distribution: .uniform, seed: 5)
        #expect(u.vectors(100).allSatisfy { $0 >= 0 && $0 < 1 })
    }
}
