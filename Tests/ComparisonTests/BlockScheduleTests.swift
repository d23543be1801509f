import Testing

@testable import Comparison

@Suite struct BlockScheduleTests {
    @Test func everyRoundRunsEachVariantOnceAndPositionsBalanceOverRounds() {
        var schedule = BlockSchedule(variants: 4, seed: 7)
        #expect(schedule.order(round: 0) == [0, 1, 2, 3])  // the warm-up round, not counted
        var positions = Array(repeating: Array(repeating: 0, count: 4), count: 4)
        var orders: [[Int]] = []
        for round in 1...8 {
            let order = schedule.order(round: round)
            #expect(order.sorted() == [0, 1, 2, 3], "round \(round): \(order)")
            for (position, variant) in order.enumerated() { positions[variant][position] += 1 }
            orders.append(order)
        }
        // Two Latin squares: each variant sat in each position exactly twice.
        #expect(positions.allSatisfy { $0 == [2, 2, 2, 2] }, "\(positions)")
        #expect(Set(orders.map { $0.description }).count > 2, "not randomised: \(orders)")
    }

    @Test func theOrderIsDrawnFromTheSeed() {
        func orders(_ seed: UInt64) -> [[Int]] {
            var schedule = BlockSchedule(variants: 3, seed: seed)
            return (0...9).map { schedule.order(round: $0) }
        }
        #expect(orders(1) == orders(1))
        #expect(orders(1) != orders(2))
    }
}
